using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using FuseCanon.ByteOrder;
using FuseCanon.Interop;
using FuseCanon.Protocol;
using FuseCanon.Tests.Arch;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Message translation through the real .so: every opcode with an arch-specific field, both directions, one
/// arch of every family against x86_64 and aarch64, exact bytes. Expected values come from the generated
/// tables' JSON (the extracted header values), never from the engine. Big-endian peers' messages are built in
/// little-endian and swapped by the byte-order engine, which its own tests check against real s390x/ppc64 bytes.
/// </summary>
public unsafe class MessageInteropTests
{
    public static readonly string[] Peers = ["aarch64", "ppc64le", "mips64", "sparc64", "alpha", "parisc"];
    public static readonly string[] Locals = ["x86_64", "aarch64"];
    private const int Minor = 45;

    public static IEnumerable<object[]> PeerLocalPairs() =>
        from p in Peers from l in Locals select new object[] { p, l };

    private static readonly GeneratedData Data = GeneratedData.Instance;

    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;
    private static int Family(string arch, int group) => Data.Uname.First(u => u.Name == arch).Families[group];
    internal static bool BigEndian(string arch) => arch is "sparc64" or "parisc" or "ppc64" or "s390x";

    private static int GroupOf(ArchValueKind k) => k switch
    {
        ArchValueKind.OpenFlags => 0, ArchValueKind.Errno => 1, ArchValueKind.LockType => 2,
        ArchValueKind.PollEvents => 3, _ => 4,
    };

    internal sealed class Session : IDisposable
    {
        public fusecanon_session* S;

        public Session(uint role, uint local, uint wire, uint flags = 0)
        {
            var cfg = new fusecanon_config { size = (uint)sizeof(fusecanon_config), role = role, local_arch = local, wire = wire, flags = flags };
            fusecanon_session* s;
            Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
            S = s;
        }

        public void Dispose() => fusecanon_session_destroy(S);
    }

    /// <summary>A request of the opcode with its arch field set, every other body byte random, in host order.</summary>
    internal static byte[] Request(FuseOpcode op, uint value, int seed)
    {
        Assert.True(OpcodeTable.TryGetShape((uint)op, Minor, out OpcodeShape shape));
        var rnd = new Random(seed);
        var m = new byte[40 + shape.MinRequestSize];
        rnd.NextBytes(m.AsSpan(40));
        if (OpcodeTable.TryGet((uint)op, out OpcodeInfo info) && info.NameCount > 0)
            m[^1] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(0), (uint)m.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), (uint)op);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 0x1234);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(36), 0); // total_extlen: no extensions
        if (shape.RequestArch.IsPresent)
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(40 + shape.RequestArch.Offset), value);
        if (op == FuseOpcode.Write)
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(40 + 16), 0); // size of the (absent) data
        if (op == FuseOpcode.Ioctl)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(40 + 24), 0); // in_size: no data follows
        }
        return m;
    }

    private static byte[] Reply(int error, FuseOpcode op, uint archValue)
    {
        int body = 0;
        if (error == 0 && OpcodeTable.TryGetShape((uint)op, Minor, out OpcodeShape shape))
            body = shape.MinReplySize;
        var m = new byte[16 + body];
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(0), (uint)m.Length);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(4), error);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 0x1234);
        if (body > 0 && OpcodeTable.TryGetShape((uint)op, Minor, out shape) && shape.ReplyArch.IsPresent)
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(16 + shape.ReplyArch.Offset), archValue);
        return m;
    }

    internal static void ToForeignRequest(byte[] m) => Assert.Equal(Status.Ok, MessageSwapper.SwapRequest(m, Minor, SwapDirection.ToForeign));
    private static void FromForeignRequest(byte[] m) => Assert.Equal(Status.Ok, MessageSwapper.SwapRequest(m, Minor, SwapDirection.FromForeign));
    private static void ToForeignReply(byte[] m, FuseOpcode op) => Assert.Equal(Status.Ok, MessageSwapper.SwapReply(m, (uint)op, Minor, SwapDirection.ToForeign, ReplyHint.None));
    private static void FromForeignReply(byte[] m, FuseOpcode op) => Assert.Equal(Status.Ok, MessageSwapper.SwapReply(m, (uint)op, Minor, SwapDirection.FromForeign, ReplyHint.None));

    /// <summary>Every (name, from value, expected to value) of a group that the tables give a single meaning.</summary>
    private static IEnumerable<(string Name, uint From, uint To)> Cases(int group, int fromFam, int toFam)
    {
        foreach (var (name, v) in Data.Families[group][fromFam])
        {
            if (name == "O_ACCMODE" || v < 0)
                continue;
            long? e = Data.Expected(group, fromFam, toFam, name);
            if (e is long to)
                yield return (name, (uint)v, (uint)to);
        }
    }

    private static readonly FuseOpcode[] RequestOps = OpcodeTable.All.ToArray()
        .Where(i => i.At(Minor).RequestArch.IsPresent).Select(i => i.Opcode).ToArray();

    [Theory]
    [MemberData(nameof(PeerLocalPairs))]
    public void ServerDecodesEveryArchFieldOfThePeer(string peer, string local)
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id(local), Id(peer), FUSECANON_CFG_TRANSLATE_IOCTL);
        Assert.Equal(peer == local ? FUSECANON_MODE_NONE : FUSECANON_MODE_PEER, fusecanon_session_mode(server.S));
        int checkedFields = 0;
        foreach (FuseOpcode op in RequestOps)
        {
            OpcodeTable.TryGetShape((uint)op, Minor, out OpcodeShape shape);
            int g = GroupOf(shape.RequestArch.Kind);
            IEnumerable<(string, uint, uint)> cases = g == 4 ? IoctlCases(peer, local) : Cases(g, Family(peer, g), Family(local, g));
            foreach (var (name, from, to) in cases)
            {
                byte[] expected = Request(op, to, checkedFields);
                byte[] msg = Request(op, from, checkedFields);
                if (BigEndian(peer))
                    ToForeignRequest(msg);
                fixed (byte* p = msg)
                    Assert.True(FUSECANON_OK == fusecanon_request_decode(server.S, p, (nuint)msg.Length), $"{op} {name}");
                Assert.True(expected.SequenceEqual(msg), $"{peer}->{local} {op} {name}: 0x{from:x} should arrive as 0x{to:x}");
                checkedFields++;
            }
        }
        Assert.True(checkedFields > 100, $"only {checkedFields} cases");
    }

    private static IEnumerable<(string, uint, uint)> IoctlCases(string from, string to)
    {
        // _IOR('f', 1, long) as each arch encodes it: the encodings come from the extracted _IOC_* values.
        foreach (var (dir, size) in new[] { ("_IOC_READ", 8L), ("_IOC_WRITE", 4L), ("_IOC_NONE", 0L) })
        {
            uint Encode(string arch)
            {
                var f = Data.Families[4][Family(arch, 4)];
                long d = f[dir];
                return (uint)((d << (int)f["_IOC_DIRSHIFT"]) | (size << (int)f["_IOC_SIZESHIFT"]) |
                              ((long)'f' << (int)f["_IOC_TYPESHIFT"]) | (1L << (int)f["_IOC_NRSHIFT"]));
            }
            yield return (dir, Encode(from), Encode(to));
        }
    }

    [Theory]
    [MemberData(nameof(PeerLocalPairs))]
    public void ServerEncodesErrnoLockTypeAndRevents(string peer, string local)
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id(local), Id(peer));
        int n = 0;
        foreach (var (name, from, to) in Cases(1, Family(local, 1), Family(peer, 1)))
        {
            byte[] msg = Reply(-(int)from, FuseOpcode.Open, 0);
            fixed (byte* p = msg)
                Assert.Equal(FUSECANON_OK, fusecanon_reply_encode(server.S, (uint)FuseOpcode.Open, p, (nuint)msg.Length));
            if (BigEndian(peer))
                FromForeignReply(msg, FuseOpcode.Open);
            int got = -BinaryPrimitives.ReadInt32LittleEndian(msg.AsSpan(4));
            int want = to < 512 ? (int)to : (int)Data.Families[1][Family(peer, 1)]["EIO"];
            Assert.True(want == got, $"{local}->{peer} {name}: {from} should leave as {want}, got {got}");
            n++;
        }
        foreach (var (op, g) in new[] { (FuseOpcode.GetLk, 2), (FuseOpcode.Poll, 3) })
        {
            OpcodeTable.TryGetShape((uint)op, Minor, out OpcodeShape shape);
            foreach (var (name, from, to) in Cases(g, Family(local, g), Family(peer, g)))
            {
                byte[] msg = Reply(0, op, from);
                byte[] expected = Reply(0, op, to);
                fixed (byte* p = msg)
                    Assert.Equal(FUSECANON_OK, fusecanon_reply_encode(server.S, (uint)op, p, (nuint)msg.Length));
                if (BigEndian(peer))
                    FromForeignReply(msg, op);
                Assert.True(expected.SequenceEqual(msg), $"{local}->{peer} {op} {name}");
                n++;
            }
        }
        Assert.True(n > 100);
    }

    [Theory]
    [MemberData(nameof(PeerLocalPairs))]
    public void ClientAndServerThroughCanonical(string clientArch, string serverArch)
    {
        // A client session of the peer arch writes canonical; a server session reads it in its own terms.
        uint flags = BigEndian(clientArch) ? FUSECANON_CFG_LOCAL_BIG_ENDIAN : 0;
        using var client = new Session(FUSECANON_ROLE_CLIENT, Id(clientArch), FUSECANON_ARCH_CANONICAL, flags);
        using var server = new Session(FUSECANON_ROLE_SERVER, Id(serverArch), FUSECANON_ARCH_CANONICAL);
        int n = 0;
        foreach (var (op, g) in new[] { (FuseOpcode.Open, 0), (FuseOpcode.Create, 0), (FuseOpcode.GetLk, 2), (FuseOpcode.Poll, 3) })
        {
            foreach (var (name, from, to) in Cases(g, Family(clientArch, g), Family(serverArch, g)))
            {
                if (Data.Expected(g, Family(clientArch, g), 0, name) is null)
                    continue; // no canonical spelling: cannot cross a canonical wire
                byte[] msg = Request(op, from, n);
                byte[] expected = Request(op, to, n);
                if (BigEndian(clientArch))
                    ToForeignRequest(msg);
                fixed (byte* p = msg)
                {
                    Assert.Equal(FUSECANON_OK, fusecanon_request_encode(client.S, p, (nuint)msg.Length));
                    Assert.Equal(FUSECANON_OK, fusecanon_request_decode(server.S, p, (nuint)msg.Length));
                }
                Assert.True(expected.SequenceEqual(msg), $"{clientArch}->{serverArch} {op} {name}");
                n++;
            }
        }
        foreach (var (name, from, to) in Cases(1, Family(serverArch, 1), Family(clientArch, 1)).Where(c => c.To < 512))
        {
            if (Data.Expected(1, Family(serverArch, 1), 0, name) is null)
                continue;
            byte[] msg = Reply(-(int)from, FuseOpcode.Lookup, 0);
            fixed (byte* p = msg)
            {
                Assert.Equal(FUSECANON_OK, fusecanon_reply_encode(server.S, (uint)FuseOpcode.Lookup, p, (nuint)msg.Length));
                Assert.Equal(FUSECANON_OK, fusecanon_reply_decode(client.S, (uint)FuseOpcode.Lookup, p, (nuint)msg.Length));
            }
            if (BigEndian(clientArch))
                FromForeignReply(msg, FuseOpcode.Lookup);
            Assert.True((int)to == -BinaryPrimitives.ReadInt32LittleEndian(msg.AsSpan(4)), $"{serverArch}->{clientArch} {name}");
            n++;
        }
        Assert.True(n > 50);
    }

    [Fact]
    public void OpcodesWithoutArchFieldsAreUnchangedByteForByte()
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id("x86_64"), Id("aarch64"));
        foreach (OpcodeInfo info in OpcodeTable.All)
        {
            OpcodeShape shape = info.At(Minor);
            if (shape.RequestArch.IsPresent || info.Opcode == FuseOpcode.Init || info.RequestTail != RequestTail.None)
                continue;
            byte[] msg = Request(info.Opcode, 0, (int)info.Opcode);
            byte[] before = (byte[])msg.Clone();
            fixed (byte* p = msg)
                Assert.Equal(FUSECANON_OK, fusecanon_request_decode(server.S, p, (nuint)msg.Length));
            Assert.Equal(before, msg);
        }
    }

    [Fact]
    public void NotificationCodeIsNeverTouched()
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id("x86_64"), Id("alpha"));
        // unique 0: error is FUSE_NOTIFY_INVAL_INODE (2), which as an errno would be translated.
        byte[] msg = new byte[16 + 24];
        BinaryPrimitives.WriteUInt32LittleEndian(msg, (uint)msg.Length);
        BinaryPrimitives.WriteInt32LittleEndian(msg.AsSpan(4), (int)FuseNotifyCode.InvalInode);
        byte[] before = (byte[])msg.Clone();
        fixed (byte* p = msg)
            Assert.Equal(FUSECANON_OK, fusecanon_reply_encode(server.S, (uint)FuseOpcode.Lookup, p, (nuint)msg.Length));
        Assert.Equal(before, msg);
    }

    [Fact]
    public void MalformedMessagesAreRejectedAndLeftUnchanged()
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id("x86_64"), Id("aarch64"));
        byte[] open = Request(FuseOpcode.Open, 0x10000, 1);
        void Expect(int code, byte[] m, int len)
        {
            byte[] before = (byte[])m.Clone();
            fixed (byte* p = m)
                Assert.Equal(code, fusecanon_request_decode(server.S, p, (nuint)len));
            Assert.Equal(before, m);
        }
        Expect(FUSECANON_E_TRUNCATED, open, 39);
        Expect(FUSECANON_E_LENGTH_MISMATCH, open, open.Length - 1);
        byte[] shortBody = open[..(40 + 7)];
        BinaryPrimitives.WriteUInt32LittleEndian(shortBody, (uint)shortBody.Length);
        Expect(FUSECANON_E_TRUNCATED, shortBody, shortBody.Length);
        byte[] unknown = (byte[])open.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(unknown.AsSpan(4), 7777);
        Expect(FUSECANON_E_UNKNOWN_OPCODE, unknown, unknown.Length);
        byte[] unknownBit = Request(FuseOpcode.Open, 0x80000000u, 1);
        Expect(FUSECANON_E_UNKNOWN_VALUE, unknownBit, unknownBit.Length);

        byte[] reply = Reply(-2, FuseOpcode.Open, 0);
        byte[] positive = Reply(5, FuseOpcode.Open, 0);
        byte[] tooNegative = Reply(-512, FuseOpcode.Open, 0);
        foreach (byte[] bad in new[] { positive, tooNegative })
        {
            byte[] before = (byte[])bad.Clone();
            fixed (byte* p = bad)
                Assert.Equal(FUSECANON_E_BAD_MESSAGE, fusecanon_reply_encode(server.S, (uint)FuseOpcode.Open, p, (nuint)bad.Length));
            Assert.Equal(before, bad);
        }
        fixed (byte* p = reply)
        {
            Assert.Equal(FUSECANON_E_BAD_STATE, fusecanon_request_encode(server.S, p, (nuint)reply.Length));
            Assert.Equal(FUSECANON_E_BAD_STATE, fusecanon_reply_decode(server.S, (uint)FuseOpcode.Open, p, (nuint)reply.Length));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode(null, 1, p, (nuint)reply.Length));
        }
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode(server.S, 1, null, 16));

        var stats = new fusecanon_stats { size = (uint)sizeof(fusecanon_stats) };
        Assert.Equal(FUSECANON_OK, fusecanon_session_stats(server.S, &stats));
        Assert.True(stats.messages_rejected >= 7, $"rejected {stats.messages_rejected}");
        Assert.Equal(1ul, stats.unknown_open_flags);
        stats.size = 8;
        Assert.Equal(FUSECANON_E_STRUCT_SIZE, fusecanon_session_stats(server.S, &stats));
    }

    [Fact]
    public void ScatteredReplyMatchesContiguousAndWritesOnlyChangedBytes()
    {
        using var server = new Session(FUSECANON_ROLE_SERVER, Id("x86_64"), Id("sparc64"));
        uint rdlck = (uint)Data.Families[2][Family("x86_64", 2)]["F_RDLCK"];
        byte[] contiguous = Reply(0, FuseOpcode.GetLk, rdlck);
        byte[] scattered = (byte[])contiguous.Clone();
        fixed (byte* p = contiguous)
            Assert.Equal(FUSECANON_OK, fusecanon_reply_encode(server.S, (uint)FuseOpcode.GetLk, p, (nuint)contiguous.Length));
        fixed (byte* p = scattered)
        {
            // Split inside the header and inside the lock type field.
            var iov = stackalloc iovec[3];
            iov[0] = new iovec { iov_base = p, iov_len = 6 };
            iov[1] = new iovec { iov_base = p + 6, iov_len = 16 + 17 - 6 };
            iov[2] = new iovec { iov_base = p + 33, iov_len = (nuint)(scattered.Length - 33) };
            Assert.Equal(FUSECANON_OK, fusecanon_reply_encode_iov(server.S, (uint)FuseOpcode.GetLk, iov, 3));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(server.S, (uint)FuseOpcode.GetLk, iov, 0));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(server.S, (uint)FuseOpcode.GetLk, iov, 1025));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(server.S, (uint)FuseOpcode.GetLk, null, 1));
        }
        Assert.Equal(contiguous, scattered);
    }
}
