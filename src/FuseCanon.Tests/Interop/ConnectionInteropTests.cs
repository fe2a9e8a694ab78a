using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using FuseCanon.Interop;
using FuseCanon.Protocol;
using FuseCanon.Tests.ByteOrder;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// The connection tier through the real .so gives byte for byte what the advanced tier's calls give, for
/// every opcode's request and reply built from the schema with random bodies, in both byte orders, for both
/// roles: fusecanon_server_recv/_send/_send_iov against fusecanon_request_decode/fusecanon_reply_encode with
/// the right opcode and xattr hint, fusecanon_client_send/_recv against fusecanon_request_encode/_reply_decode.
/// </summary>
public unsafe class ConnectionInteropTests
{
    private const uint Minor = 45;

    public static TheoryData<string, bool> Wires() => new()
    {
        { "aarch64", false }, { "sparc64", true }, { "s390x", true }, { "x86_64", false },
    };

    private static uint Id(string name)
    {
        fixed (byte* p = System.Text.Encoding.ASCII.GetBytes(name + "\0"))
            return fusecanon_arch_id_from_name(p);
    }

    private static MessageInteropTests.Session Fixed(uint role, string wire) =>
        new(role, Id("x86_64"), Id(wire), 0);

    private static List<OpcodeInfo> Requests()
    {
        var list = new List<OpcodeInfo>();
        foreach (OpcodeInfo info in OpcodeTable.All)
        {
            if (info.Opcode is not (FuseOpcode.Init or FuseOpcode.CuseInit))
                list.Add(info);
        }
        return list;
    }

    /// <summary>The reply variants a request of this opcode can be answered with, and the request's xattr size.</summary>
    private static (FuseMessages.ReplyVariant Variant, uint XattrSize)[] Variants(OpcodeInfo info) =>
        info.ReplyKind == ReplyKind.XattrSizeOrData
            ? [(FuseMessages.ReplyVariant.XattrSize, 0u), (FuseMessages.ReplyVariant.XattrData, 64u)]
            : [(FuseMessages.ReplyVariant.Plain, 1u)];

    private static int Call(Func<IntPtr, int, int> f, byte[] m)
    {
        fixed (byte* p = m)
            return f((IntPtr)p, m.Length);
    }

    [Theory]
    [MemberData(nameof(Wires))]
    public void ServerTierEqualsTheAdvancedTierForEveryOpcode(string wire, bool bigEndian)
    {
        using var adv = Fixed(FUSECANON_ROLE_SERVER, wire);
        using var tier = Fixed(FUSECANON_ROLE_SERVER, wire);
        ulong unique = 2;
        int compared = 0;
        foreach (OpcodeInfo info in Requests())
        {
            foreach ((FuseMessages.ReplyVariant variant, uint xattrSize) in Variants(info))
            {
                for (int seed = 1; seed <= 3; seed++)
                {
                    unique += 2;
                    byte[] rq = FuseMessages.Request(info, Minor, 0, bigEndian, seed, withExtensions: seed == 3).ToArray();
                    Put64(rq, 8, unique, bigEndian);
                    if (info.ReplyKind == ReplyKind.XattrSizeOrData)
                        Put32(rq, 40, xattrSize, bigEndian);
                    byte[] a = (byte[])rq.Clone(), t = (byte[])rq.Clone();
                    int ra = Call((p, n) => fusecanon_request_decode(adv.S, (void*)p, (nuint)n), a);
                    int rt = Call((p, n) => fusecanon_server_recv(tier.S, (void*)p, (nuint)n), t);
                    string what = $"{info.Name} seed {seed} {variant}";
                    if (ra != FUSECANON_OK)
                    {
                        Assert.True(rt == ra || rt == 16, $"{what}: advanced {ra}, tier {rt}");
                        continue;
                    }
                    Assert.True(rt == 0, $"{what}: tier {rt}");
                    Assert.True(a.AsSpan().SequenceEqual(t), what);
                    if (info.ReplyKind == ReplyKind.None)
                        continue;
                    byte[] rp = FuseMessages.Reply(info, Minor, false, seed, variant).ToArray();
                    Put64(rp, 8, unique, false);
                    uint hint = variant == FuseMessages.ReplyVariant.XattrSize ? FUSECANON_REPLY_XATTR_SIZE : 0;
                    byte[] ra2 = (byte[])rp.Clone(), rt2 = (byte[])rp.Clone();
                    int e1 = Call((p, n) => fusecanon_reply_encode(adv.S, (uint)info.Opcode | hint, (void*)p, (nuint)n), ra2);
                    int e2 = Call((p, n) => fusecanon_server_send(tier.S, (void*)p, (nuint)n), rt2);
                    Assert.True(e1 == FUSECANON_OK ? e2 == rp.Length : e2 == e1, $"{what}: reply advanced {e1}, tier {e2}");
                    Assert.True(ra2.AsSpan().SequenceEqual(rt2), what + " reply");
                    compared++;
                }
            }
        }
        Assert.True(compared > 100, $"only {compared} replies compared");
    }

    [Theory]
    [MemberData(nameof(Wires))]
    public void ClientTierEqualsTheAdvancedTierForEveryOpcode(string wire, bool bigEndian)
    {
        using var adv = Fixed(FUSECANON_ROLE_CLIENT, wire);
        using var tier = Fixed(FUSECANON_ROLE_CLIENT, wire);
        ulong unique = 2;
        int compared = 0;
        foreach (OpcodeInfo info in Requests())
        {
            foreach ((FuseMessages.ReplyVariant variant, uint xattrSize) in Variants(info))
            {
                unique += 2;
                byte[] rq = FuseMessages.Request(info, Minor, 0, false, (int)unique, withExtensions: false).ToArray();
                Put64(rq, 8, unique, false);
                if (info.ReplyKind == ReplyKind.XattrSizeOrData)
                    Put32(rq, 40, xattrSize, false);
                byte[] a = (byte[])rq.Clone(), t = (byte[])rq.Clone();
                int ra = Call((p, n) => fusecanon_request_encode(adv.S, (void*)p, (nuint)n), a);
                int rt = Call((p, n) => fusecanon_client_send(tier.S, (void*)p, (nuint)n), t);
                Assert.Equal(ra == FUSECANON_OK ? rq.Length : ra, rt);
                Assert.True(a.AsSpan().SequenceEqual(t), info.Name);
                if (ra != FUSECANON_OK || info.ReplyKind == ReplyKind.None)
                    continue;
                byte[] rp = FuseMessages.Reply(info, Minor, bigEndian, (int)unique, variant).ToArray();
                Put64(rp, 8, unique, bigEndian);
                uint hint = variant == FuseMessages.ReplyVariant.XattrSize ? FUSECANON_REPLY_XATTR_SIZE : 0;
                byte[] ra2 = (byte[])rp.Clone(), rt2 = (byte[])rp.Clone();
                int d1 = Call((p, n) => fusecanon_reply_decode(adv.S, (uint)info.Opcode | hint, (void*)p, (nuint)n), ra2);
                int d2 = Call((p, n) => fusecanon_client_recv(tier.S, (void*)p, (nuint)n), rt2);
                Assert.True(d1 == d2, $"{info.Name} {variant}: advanced {d1}, tier {d2}");
                Assert.True(ra2.AsSpan().SequenceEqual(rt2), info.Name + " reply");
                compared++;
            }
        }
        Assert.True(compared > 30, $"only {compared} replies compared");
    }

    [Fact]
    public void IovecSendAndPassthroughThroughTheBindings()
    {
        using var tier = Fixed(FUSECANON_ROLE_SERVER, "sparc64");
        using var adv = Fixed(FUSECANON_ROLE_SERVER, "sparc64");
        Assert.True(OpcodeTable.TryGet((uint)FuseOpcode.GetLk, out OpcodeInfo getlk));
        byte[] rq = FuseMessages.Request(getlk, Minor, 0, true, 5, false).ToArray();
        Put64(rq, 8, 10, true);
        Put32(rq, 40 + 32, 1, true); // lk.type: sparc64 F_RDLCK
        Assert.Equal(0, Call((p, n) => fusecanon_server_recv(tier.S, (void*)p, (nuint)n), rq));
        byte[] rp = FuseMessages.Reply(getlk, Minor, false, 5, FuseMessages.ReplyVariant.Plain).ToArray();
        Put64(rp, 8, 10, false);
        Put32(rp, 16 + 16, 0, false); // lk.type: x86_64 F_RDLCK
        byte[] expect = (byte[])rp.Clone();
        Assert.Equal(FUSECANON_OK, Call((p, n) => fusecanon_reply_encode(adv.S, (uint)FuseOpcode.GetLk, (void*)p, (nuint)n), expect));
        fixed (byte* p = rp)
        {
            iovec* iov = stackalloc iovec[2];
            iov[0] = new iovec { iov_base = p, iov_len = 20 };
            iov[1] = new iovec { iov_base = p + 20, iov_len = (nuint)(rp.Length - 20) };
            Assert.Equal(rp.Length, fusecanon_server_send_iov(tier.S, iov, 2));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_send_iov(tier.S, iov, 0));
        }
        Assert.Equal(expect, rp);
        Assert.Equal(0, fusecanon_session_passthrough(tier.S));
        using var same = Fixed(FUSECANON_ROLE_SERVER, "x86_64");
        Assert.Equal(1, fusecanon_session_passthrough(same.S));
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_passthrough(null));
    }

    [Fact]
    public void IovecReceiveEqualsContiguousReceiveThroughTheBindings()
    {
        // A big-endian client: every field of every part is the library's to swap.
        using var whole = Fixed(FUSECANON_ROLE_SERVER, "sparc64");
        using var parts = Fixed(FUSECANON_ROLE_SERVER, "sparc64");
        int compared = 0;
        ulong unique = 100;
        iovec* iov = stackalloc iovec[3];
        foreach (OpcodeInfo info in OpcodeTable.All)
        {
            if (info.Opcode == FuseOpcode.Init)
                continue;
            for (int seed = 0; seed < 3; seed++)
            {
                byte[] a = FuseMessages.Request(info, Minor, 0, true, seed, seed == 2).ToArray();
                Put64(a, 8, unique += 2, true);
                byte[] b = (byte[])a.Clone();
                int ra = Call((p, n) => fusecanon_server_recv(whole.S, (void*)p, (nuint)n), a);
                int rb;
                int cut = 40 + (b.Length - 40) / 2; // the header, the body in two
                fixed (byte* p = b)
                {
                    iov[0] = new iovec { iov_base = p, iov_len = 40 };
                    iov[1] = new iovec { iov_base = p + 40, iov_len = (nuint)(cut - 40) };
                    iov[2] = new iovec { iov_base = p + cut, iov_len = (nuint)(b.Length - cut) };
                    rb = fusecanon_server_recv_iov(parts.S, iov, 3);
                }
                Assert.True(ra == rb, $"{info.Name} seed {seed}: contiguous {ra}, in parts {rb}");
                Assert.True(a.AsSpan().SequenceEqual(b), $"{info.Name} seed {seed}");
                compared++;
            }
        }
        Assert.True(compared > 100, $"only {compared} requests compared");
        fixed (byte* p = new byte[64])
        {
            iovec one = new() { iov_base = p, iov_len = 64 };
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(parts.S, &one, 0));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(parts.S, null, 1));
        }
    }

    private static void Put64(byte[] m, int at, ulong v, bool big)
    {
        if (big) BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(at), v);
    }

    private static void Put32(byte[] m, int at, uint v, bool big)
    {
        if (big) BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(at), v);
    }
}
