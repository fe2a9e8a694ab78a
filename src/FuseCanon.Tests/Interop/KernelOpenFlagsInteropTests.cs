using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FuseCanon.Protocol;
using FuseCanon.Tests.Arch;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Issue 15 item 1: the kernel-internal f_flags bits a real kernel puts in FUSE flags (execve opens with
/// O_RDONLY|__FMODE_EXEC|O_LARGEFILE; fuse copies f_flags into OPEN and again into READ/WRITE/RELEASE/...).
/// Through the real .so, with names and values from the generated JSON (extracted from the kernel source).
/// Before the fix every such message failed with FUSECANON_E_UNKNOWN_VALUE and the exec got EIO.
/// </summary>
public unsafe class KernelOpenFlagsInteropTests
{
    private static readonly GeneratedData Data = GeneratedData.Instance;
    private static readonly string[] Arches = ["x86_64", "aarch64", "ppc64le", "mips64", "sparc64", "alpha", "parisc"];

    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;
    private static Dictionary<string, long> Open(string arch) => Data.Families[0][Data.Uname.First(u => u.Name == arch).Families[0]];

    public static IEnumerable<object[]> Pairs() => from p in Arches from l in Arches select new object[] { p, l };

    /// <summary>What the kernel sends for execve on <paramref name="arch"/>: O_RDONLY|__FMODE_EXEC|O_LARGEFILE.</summary>
    private static uint Exec(string arch) => (uint)(Open(arch)["O_RDONLY"] | Open(arch)["__FMODE_EXEC"] | Open(arch)["O_LARGEFILE"]);

    private static readonly FuseOpcode[] OpenFlagOps = OpcodeTable.All.ToArray()
        .Where(i => i.At(45).RequestArch.Kind == ArchValueKind.OpenFlags).Select(i => i.Opcode).ToArray();

    [Fact]
    public void TheGeneratorExtractedTheKernelInternalBits()
    {
        Assert.Contains("__FMODE_EXEC", Data.KernelInternalOpenFlags);
        Assert.Contains(FuseOpcode.Read, OpenFlagOps);
        Assert.Contains(FuseOpcode.Release, OpenFlagOps);
        foreach (string name in Data.KernelInternalOpenFlags)
        {
            // The same single bit on every arch, sharing no bit with any uapi open flag there.
            long v = Data.Families[0][0][name];
            Assert.True(v > 0 && (v & (v - 1)) == 0, name);
            foreach (var fam in Data.Families[0])
            {
                Assert.Equal(v, fam[name]);
                Assert.All(fam.Where(kv => kv.Key != name), kv => Assert.True((kv.Value & v) == 0, $"{name} overlaps {kv.Key}"));
            }
        }
    }

    /// <summary>Every arch as the peer; little-endian locals (this host's order is the local side's).</summary>
    public static IEnumerable<object[]> PeerLocalPairs() =>
        from p in Arches from l in Arches where !MessageInteropTests.BigEndian(l) select new object[] { p, l };

    [Theory]
    [MemberData(nameof(PeerLocalPairs))]
    public void AnExecOpenAndItsReadsAndReleaseTranslate(string peer, string local)
    {
        uint wire = Exec(peer), expect = Exec(local);
        bool swapped = MessageInteropTests.BigEndian(peer);
        using var server = new MessageInteropTests.Session(FUSECANON_ROLE_SERVER, Id(local), Id(peer));
        using var client = new MessageInteropTests.Session(FUSECANON_ROLE_CLIENT, Id(peer), Id(local), swapped ? FUSECANON_CFG_LOCAL_BIG_ENDIAN : 0);
        foreach (FuseOpcode op in OpenFlagOps)
        {
            Assert.True(OpcodeTable.TryGetShape((uint)op, 45, out OpcodeShape shape));
            int off = 40 + shape.RequestArch.Offset;
            // A server decoding what the peer's kernel sent; a client session encoding the same request of its
            // own kernel for a wire of the local arch. Either way the local arch's exec flags come out.
            foreach (bool encode in new[] { false, true })
            {
                if (encode && swapped && local == "mips64")
                    continue; // `mips64` names both byte orders: a fixed wire of that name keeps the client's order
                byte[] m = MessageInteropTests.Request(op, wire, (int)op);
                if (swapped)
                    MessageInteropTests.ToForeignRequest(m);
                fixed (byte* p = m)
                {
                    int r = encode ? fusecanon_request_encode(client.S, p, (nuint)m.Length) : fusecanon_request_decode(server.S, p, (nuint)m.Length);
                    Assert.True(r == FUSECANON_OK, $"{(encode ? "encode" : "decode")} {op} 0x{wire:x} {peer}->{local}: {r}");
                }
                Assert.Equal(expect, BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(off)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryKernelInternalBitTranslatesAsItself(string from, string to)
    {
        foreach (string name in Data.KernelInternalOpenFlags)
        {
            uint v = (uint)Open(from)[name], o;
            Assert.Equal(FUSECANON_OK, fusecanon_xlate_open_flags(Id(from), Id(to), v, &o));
            Assert.Equal(v, o);
            Assert.Equal(FUSECANON_OK, fusecanon_xlate_open_flags(Id(from), FUSECANON_ARCH_CANONICAL, v | (uint)Open(from)["O_WRONLY"], &o));
            Assert.Equal(v | (uint)Open("x86_64")["O_WRONLY"], o);
        }
    }

    [Fact]
    public void DescribeNamesThem()
    {
        byte[] buf = new byte[256];
        int n;
        fixed (byte* b = buf)
            n = fusecanon_describe_value(Id("aarch64"), FUSECANON_GROUP_OPEN_FLAGS, Exec("aarch64"), b, (nuint)buf.Length);
        Assert.True(n > 0, $"describe returned {n}");
        string text = Encoding.ASCII.GetString(buf, 0, n);
        Assert.Equal("O_RDONLY|O_LARGEFILE|__FMODE_EXEC", text);
    }
}
