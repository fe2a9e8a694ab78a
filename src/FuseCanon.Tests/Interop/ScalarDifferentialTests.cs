using System;
using System.Collections.Generic;
using System.Linq;
using FuseCanon.Tests.Arch;
using FuseCanon.Translation;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// The real .so against the managed engine over the whole table space: every known uname id and the canonical
/// pseudo arch as source and destination, every value every name has on the source, and random combinations.
/// Any difference in status or result fails.
/// </summary>
public unsafe class ScalarDifferentialTests
{
    private static readonly uint[] Arches =
        GeneratedData.Instance.Uname.Select(u => u.Id).Append(FUSECANON_ARCH_CANONICAL).ToArray();

    private static IEnumerable<long> ValuesOf(int group, uint arch)
    {
        var data = GeneratedData.Instance;
        int family = arch == FUSECANON_ARCH_CANONICAL ? 0 : data.Uname.First(u => u.Id == arch).Families[group];
        return data.Families[group][family].Values.Distinct();
    }

    [Fact]
    public void OpenFlagsAndPollEventsAgreeEverywhere()
    {
        var rng = new Random(4711);
        foreach (uint from in Arches)
        {
            uint[] flags = ValuesOf(0, from).Select(v => (uint)v).ToArray();
            uint[] polls = ValuesOf(3, from).Select(v => (uint)v).ToArray();
            foreach (uint to in Arches)
            {
                foreach (uint v in flags.Concat(Combos(flags, rng, 8)).Append(0u).Append(0x80000000u))
                {
                    uint native;
                    int ns = fusecanon_xlate_open_flags(from, to, v, &native);
                    Status ms = ScalarTranslator.OpenFlags(from, to, v, out uint managed);
                    Assert.True((int)ms == ns && managed == native, $"open {from:x}->{to:x} 0x{v:x}: native {ns}/0x{native:x}, managed {ms}/0x{managed:x}");
                }
                foreach (uint v in polls.Concat(Combos(polls, rng, 8)))
                {
                    uint native;
                    int ns = fusecanon_xlate_poll_events(from, to, v, &native);
                    Status ms = ScalarTranslator.PollEvents(from, to, v, out uint managed);
                    Assert.True((int)ms == ns && managed == native, $"poll {from:x}->{to:x} 0x{v:x}");
                }
            }
        }
    }

    [Fact]
    public void ErrnoLockTypeAndIoctlAgreeEverywhere()
    {
        var rng = new Random(1147);
        foreach (uint from in Arches)
        {
            int[] errnos = ValuesOf(1, from).Select(v => (int)v).Concat([0, -1, 4095, 1133]).ToArray();
            uint[] locks = ValuesOf(2, from).Select(v => (uint)v).Concat([7u, 0xFFFFFFFFu]).ToArray();
            uint[] cmds = Enumerable.Range(0, 24).Select(_ => (uint)rng.NextInt64(0, 1L << 32)).Concat([0x5401u, 0x80086601u]).ToArray();
            foreach (uint to in Arches)
            {
                foreach (int e in errnos)
                {
                    int native;
                    int ns = fusecanon_xlate_errno(from, to, e, &native);
                    Status ms = ScalarTranslator.Errno(from, to, e, out int managed);
                    Assert.True((int)ms == ns && managed == native, $"errno {from:x}->{to:x} {e}");
                }
                foreach (uint l in locks)
                {
                    uint native;
                    int ns = fusecanon_xlate_lock_type(from, to, l, &native);
                    Status ms = ScalarTranslator.LockType(from, to, l, out uint managed);
                    Assert.True((int)ms == ns && managed == native, $"lock {from:x}->{to:x} {l}");
                }
                foreach (uint c in cmds)
                {
                    uint native;
                    int ns = fusecanon_xlate_ioctl_cmd(from, to, c, &native);
                    Status ms = ScalarTranslator.IoctlCmd(from, to, c, out uint managed);
                    Assert.True((int)ms == ns && managed == native, $"ioctl {from:x}->{to:x} 0x{c:x}");
                }
            }
        }
    }

    [Fact]
    public void RegistryAgrees()
    {
        foreach (var u in GeneratedData.Instance.Uname)
        {
            fixed (byte* name = System.Text.Encoding.UTF8.GetBytes(u.Name + "\0"))
                Assert.Equal(u.Id, fusecanon_arch_id_from_name(name));
            Assert.Equal(1, fusecanon_arch_known(u.Id));
            Assert.Equal(FuseCanon.Arch.ArchRegistry.Name(u.Id), InteropLibrary.Utf8(fusecanon_arch_name(u.Id)));
        }
        Assert.Equal(0u, fusecanon_arch_id_from_name(null));
        Assert.Equal(0, fusecanon_arch_known(0));
        Assert.Equal("canonical", InteropLibrary.Utf8(fusecanon_arch_name(FUSECANON_ARCH_CANONICAL)));
        Assert.True(fusecanon_arch_name(0x12345678) == null);
        Assert.Equal(FuseCanon.Arch.ArchRegistry.Host, fusecanon_arch_host());
        uint dummy;
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_xlate_open_flags(Arches[0], Arches[1], 0, null));
        Assert.Equal(FUSECANON_E_UNKNOWN_ARCH, fusecanon_xlate_lock_type(0x12345678, Arches[0], 0, &dummy));
    }

    private static IEnumerable<uint> Combos(uint[] values, Random rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            uint v = 0;
            int n = rng.Next(1, 5);
            for (int k = 0; k < n; k++)
                v |= values[rng.Next(values.Length)];
            yield return v;
        }
    }
}
