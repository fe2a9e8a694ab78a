using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FuseCanon.Arch;
using FuseCanon.Translation;
using Xunit;

namespace FuseCanon.Tests.Arch;

/// <summary>Every expectation here is derived from arch-tables.json (the extracted header values), never typed.</summary>
public class ScalarTranslatorTests
{
    private static readonly GeneratedData D = GeneratedData.Instance;

    private static Status Xlate(int g, uint from, uint to, long value, out long result)
    {
        Status s;
        switch (g)
        {
            case 0: s = ScalarTranslator.OpenFlags(from, to, (uint)value, out uint o); result = o; break;
            case 1: s = ScalarTranslator.Errno(from, to, (int)value, out int e); result = e; break;
            case 2: s = ScalarTranslator.LockType(from, to, (uint)value, out uint l); result = l; break;
            default: s = ScalarTranslator.PollEvents(from, to, (uint)value, out uint p); result = p; break;
        }
        return s;
    }

    public static IEnumerable<object[]> Groups() => Enumerable.Range(0, 4).Select(g => new object[] { g });

    [Theory]
    [MemberData(nameof(Groups))]
    public void EveryNameOfEveryPairTranslatesToTheTargetsValue(int g)
    {
        int checkedCount = 0;
        foreach (var (fromId, ff) in D.Representatives(g))
            foreach (var (toId, tf) in D.Representatives(g))
                foreach (var (name, v) in D.Families[g][ff])
                {
                    if (name == "O_ACCMODE" || (v == 0 && g != 2))
                        continue;
                    long? want = D.Expected(g, ff, tf, name);
                    Status s = Xlate(g, fromId, toId, v, out long got);
                    if (want is long w)
                    {
                        Assert.True(Status.Ok == s, $"{GeneratedData.GroupKeys[g]} {name}: family {ff} -> {tf}: {s}");
                        Assert.True(w == got, $"{GeneratedData.GroupKeys[g]} {name} = {v}: family {ff} -> {tf}: got {got}, want {w}");
                        checkedCount++;
                    }
                    else
                    {
                        // Names sharing one value on the source: the result is one of theirs (errno, lock) or the OR
                        // of theirs (flags).
                        var f = D.Families[g][ff];
                        var t = D.Families[g][tf];
                        var options = f.Where(kv => kv.Value == v).Select(kv => D.Primary(g, kv.Key)).Where(t.ContainsKey).Select(n => t[n]).ToList();
                        if (options.Count == 0)
                            Assert.Equal(Status.UnknownValue, s); // no equivalent on the target
                        else if (g == 0 || g == 3)
                            Assert.Equal(options.Aggregate(0L, (a, b) => a | b), got);
                        else
                            Assert.Contains(got, options);
                    }
                }
        Assert.True(checkedCount > 0);
    }

    [Fact]
    public void AccessModesTranslateAsUnits()
    {
        foreach (var (fromId, ff) in D.Representatives(0))
            foreach (var (toId, tf) in D.Representatives(0))
                foreach (string mode in new[] { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" })
                {
                    Assert.Equal(Status.Ok, ScalarTranslator.OpenFlags(fromId, toId, (uint)D.Families[0][ff][mode], out uint r));
                    Assert.Equal((uint)D.Families[0][tf][mode], r);
                }
    }

    /// <summary>Random combinations of a family's flag names translate to the OR of their single translations.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void RandomFlagCombinations(int g)
    {
        var reps = D.Representatives(g).ToList();
        Prop.ForAll(Gen.Choose(0, reps.Count - 1).Zip(Gen.Choose(0, reps.Count - 1)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(), t =>
        {
            var ((fi, ti), seed) = t;
            var (fromId, ff) = reps[fi];
            var (toId, tf) = reps[ti];
            var rnd = new Random(seed);
            var names = D.Families[g][ff].Where(kv => kv.Key != "O_ACCMODE" && kv.Value > 0 && D.Expected(g, ff, tf, kv.Key) != null).ToList();
            var pick = names.Where(_ => rnd.Next(3) == 0).ToList();
            long input = pick.Aggregate(0L, (a, kv) => a | kv.Value);
            long want = pick.Aggregate(0L, (a, kv) => a | D.Expected(g, ff, tf, kv.Key)!.Value);
            Status s = Xlate(g, fromId, toId, input, out long got);
            return s == Status.Ok && got == want;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>arch -> canonical -> arch is the identity for combinations of primary names known to canonical.</summary>
    [Theory]
    [MemberData(nameof(Groups))]
    public void RoundTripThroughCanonical(int g)
    {
        var reps = D.Representatives(g).ToList();
        Prop.ForAll(Gen.Choose(0, reps.Count - 1).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(), t =>
        {
            var (fi, seed) = t;
            var (id, fam) = reps[fi];
            var values = D.Families[g][fam];
            var canon = D.Families[g][0];
            var rnd = new Random(seed);
            var eligible = values.Where(kv => kv.Key != "O_ACCMODE" && canon.ContainsKey(kv.Key) && D.Primary(g, kv.Key) == kv.Key
                                              && values.Count(o => o.Value == kv.Value) == 1).ToList();
            long input;
            if (g == 0 || g == 3)
                input = eligible.Where(_ => rnd.Next(3) == 0).Aggregate(0L, (a, kv) => a | kv.Value);
            else
                input = eligible[rnd.Next(eligible.Count)].Value;
            if (g == 1 && input == 0)
                return true;
            Status s1 = Xlate(g, id, ArchId.Canonical, input, out long c);
            Status s2 = Xlate(g, ArchId.Canonical, id, c, out long back);
            return s1 == Status.Ok && s2 == Status.Ok && back == input;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void UnknownValuesAndArches()
    {
        uint x86 = ArchId.FromName("x86_64"u8), mips = ArchId.FromName("mips"u8);
        long eioMips = D.Families[1][D.Uname.First(u => u.Name == "mips").Families[1]]["EIO"];
        Assert.Equal(Status.UnknownArch, ScalarTranslator.OpenFlags(0, x86, 1, out _));
        Assert.Equal(Status.UnknownArch, ScalarTranslator.Errno(x86, 12345, 1, out _));
        Assert.Equal(Status.UnknownValue, ScalarTranslator.Errno(x86, mips, 4000, out int e));
        Assert.Equal(eioMips, e);
        Assert.Equal(Status.InvalidArgument, ScalarTranslator.Errno(x86, mips, -5, out _));
        Assert.Equal(Status.Ok, ScalarTranslator.Errno(x86, mips, 0, out int zero));
        Assert.Equal(0, zero);
        Assert.Equal(Status.UnknownValue, ScalarTranslator.LockType(x86, mips, 0x7777, out uint l));
        Assert.Equal(LockTypeMap.Invalid, l);
        long known = D.Families[0][0].Values.Where(v => v > 0).Aggregate(0L, (a, b) => a | b);
        uint unknownBit = 1u << Enumerable.Range(0, 32).First(b => (known & (1L << b)) == 0);
        long direct = D.Families[0][0]["O_DIRECT"];
        Assert.Equal(Status.UnknownValue, ScalarTranslator.OpenFlags(x86, ArchId.Canonical, (uint)direct | unknownBit, out uint partial));
        Assert.Equal((uint)direct, partial);
    }

    [Fact]
    public void IoctlReencodesDirectionAndSize()
    {
        var reps = D.Representatives(4).ToList();
        Prop.ForAll(Gen.Choose(0, reps.Count - 1).Zip(Gen.Choose(0, reps.Count - 1)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(), t =>
        {
            var ((fi, ti), seed) = t;
            var rnd = new Random(seed);
            var f = D.Families[4][reps[fi].Family];
            var to = D.Families[4][reps[ti].Family];
            string[] dirs = ["NONE", "READ", "WRITE", "RW"];
            long Dir(Dictionary<string, long> p, string d) => d == "RW" ? p["_IOC_READ"] | p["_IOC_WRITE"] : p["_IOC_" + d];
            string dir = dirs[rnd.Next(4)];
            long type = rnd.Next(256), nr = rnd.Next(256), size = rnd.Next((int)Math.Min(f["_IOC_SIZEMASK"], to["_IOC_SIZEMASK"]) + 1);
            long Enc(Dictionary<string, long> p) => (Dir(p, dir) << (int)p["_IOC_DIRSHIFT"]) | (size << (int)p["_IOC_SIZESHIFT"]) | (type << (int)p["_IOC_TYPESHIFT"]) | (nr << (int)p["_IOC_NRSHIFT"]);
            Status s = ScalarTranslator.IoctlCmd(reps[fi].Id, reps[ti].Id, (uint)Enc(f), out uint r);
            return s == Status.Ok && r == (uint)Enc(to);
        }).QuickCheckThrowOnFailure();
        // A size the target cannot encode.
        var big = D.Representatives(4).First(r => D.Families[4][r.Family]["_IOC_SIZEBITS"] == 14);
        var small = D.Representatives(4).First(r => D.Families[4][r.Family]["_IOC_SIZEBITS"] == 13);
        var bp = D.Families[4][big.Family];
        uint cmd = (uint)((bp["_IOC_READ"] << (int)bp["_IOC_DIRSHIFT"]) | (bp["_IOC_SIZEMASK"] << (int)bp["_IOC_SIZESHIFT"]));
        Assert.Equal(Status.UnknownValue, ScalarTranslator.IoctlCmd(big.Id, small.Id, cmd, out uint same));
        Assert.Equal(cmd, same);
    }

    [Fact]
    public void TranslationsDoNotAllocate()
    {
        uint x86 = ArchId.FromName("x86_64"u8), sparc = ArchId.FromName("sparc64"u8);
        ScalarTranslator.OpenFlags(x86, sparc, 0x8000, out _);
        ScalarTranslator.Errno(x86, sparc, 35, out _);
        ScalarTranslator.PollEvents(x86, sparc, 4, out _);
        ScalarTranslator.LockType(x86, sparc, 1, out _);
        ScalarTranslator.IoctlCmd(x86, sparc, 0x80086601, out _);
        for (int round = 0; round < 3; round++) // later rounds run the tiered-up code
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                ScalarTranslator.OpenFlags(x86, sparc, (uint)i, out _);
                ScalarTranslator.Errno(x86, sparc, i % 130 + 1, out _);
                ScalarTranslator.PollEvents(x86, sparc, (uint)i, out _);
                ScalarTranslator.LockType(x86, sparc, (uint)(i % 3), out _);
                ScalarTranslator.IoctlCmd(x86, sparc, 0x80086601, out _);
            }
            long used = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 2)
                Assert.Equal(0, used);
        }
    }
}
