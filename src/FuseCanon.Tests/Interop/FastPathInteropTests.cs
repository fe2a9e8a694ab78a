using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FuseCanon.Interop;
using FuseCanon.Session;
using FuseCanon.Tests.Arch;
using FuseCanon.Tables;
using FuseCanon.Translation;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// The header's fast path through the real .so: the plan getter, the C-visible plan's layout against the
/// engine's own structs, its contents against the session's message translation, and the batch calls.
/// </summary>
public unsafe class FastPathInteropTests
{
    private static readonly GeneratedData Data = GeneratedData.Instance;
    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;

    public static IEnumerable<object[]> Pairs() =>
        from wire in new[] { "aarch64", "alpha", "sparc64", "mips64", "parisc", "ppc64le", "x86_64" }
        from local in new[] { "x86_64", "aarch64", "alpha" }
        select new object[] { wire, local };

    private sealed class Session : IDisposable
    {
        public fusecanon_session* S;
        public Session(uint role, uint local, uint wire)
        {
            var cfg = new fusecanon_config { size = (uint)sizeof(fusecanon_config), role = role, local_arch = local, wire = wire };
            fusecanon_session* s;
            Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
            S = s;
        }
        public void Dispose() => fusecanon_session_destroy(S);
    }

    // ------------------------------------------------------------------------------------------------
    // Layout: the header's struct fusecanon_plan (clang's layout, checked by CheckLayout) is the engine's
    // TranslationPlans, field by field.
    // ------------------------------------------------------------------------------------------------

    private static string ManagedName(Type managed, string cName)
    {
        if (managed == typeof(TranslationPlans))
            return cName == "errno_map" ? "Errno" : string.Concat(cName.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        string[] parts = cName.Split('_');
        return "_" + parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static void CompareLayout(Type c, Type managed, List<string> errors)
    {
        if (Marshal.SizeOf(c) != Marshal.SizeOf(managed))
            errors.Add($"sizeof {c.Name} = {Marshal.SizeOf(c)}, {managed.Name} = {Marshal.SizeOf(managed)}");
        foreach (FieldInfo cf in c.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            string name = ManagedName(managed, cf.Name);
            FieldInfo? mf = managed.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (mf == null)
            {
                errors.Add($"{c.Name}.{cf.Name}: no field {managed.Name}.{name}");
                continue;
            }
            long co = Marshal.OffsetOf(c, cf.Name), mo = Marshal.OffsetOf(managed, name);
            if (co != mo)
                errors.Add($"offsetof({c.Name}, {cf.Name}) = {co}, {managed.Name}.{name} at {mo}");
            if (Marshal.SizeOf(cf.FieldType) != Marshal.SizeOf(mf.FieldType))
                errors.Add($"{c.Name}.{cf.Name}: {Marshal.SizeOf(cf.FieldType)} bytes, {managed.Name}.{name}: {Marshal.SizeOf(mf.FieldType)}");
            if (cf.FieldType.Namespace == typeof(fusecanon_plan).Namespace && cf.FieldType.Name.StartsWith("fusecanon_", StringComparison.Ordinal))
                CompareLayout(cf.FieldType, mf.FieldType, errors);
        }
    }

    [Fact]
    public void PlanLayoutIsTheEnginesLayout()
    {
        Assert.Empty(CheckLayout()); // the bindings' structs are clang's layout of the header
        var errors = new List<string>();
        CompareLayout(typeof(fusecanon_plan), typeof(TranslationPlans), errors);
        Assert.Empty(errors);
        Assert.Equal(sizeof(fusecanon_plan), Unsafe.SizeOf<TranslationPlans>());
        Assert.Equal(ArchTables.ErrnoLimit, FUSECANON_PLAN_ERRNO_LIMIT);
        Assert.Equal(LockTypeMap.Invalid, FUSECANON_PLAN_LOCK_INVALID);
        Assert.Equal((int)FuseCanon.Protocol.FuseConstants.ReplyErrorLimit, FUSECANON_PLAN_ERRNO_REPLY_LIMIT);
    }

    // ------------------------------------------------------------------------------------------------
    // The getter.
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public void PlanGetterRefusesWhatItMust()
    {
        uint x86 = Id("x86_64"), arm = Id("aarch64");
        Assert.True(fusecanon_session_plan(null, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan)) == null);
        using (var s = new Session(FUSECANON_ROLE_SERVER, x86, arm))
        {
            Assert.True(fusecanon_session_plan(s.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan)) != null);
            Assert.True(fusecanon_session_plan(s.S, FUSECANON_DIR_ENCODE, (nuint)sizeof(fusecanon_plan)) != null);
            Assert.True(fusecanon_session_plan(s.S, 2, (nuint)sizeof(fusecanon_plan)) == null);
            Assert.True(fusecanon_session_plan(s.S, -1, (nuint)sizeof(fusecanon_plan)) == null);
            Assert.True(fusecanon_session_plan(s.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan) - 4) == null);
            Assert.True(fusecanon_session_plan(s.S, FUSECANON_DIR_DECODE, 0) == null);
        }
        using (var pending = new Session(FUSECANON_ROLE_SERVER, x86, FUSECANON_WIRE_NEGOTIATE))
            Assert.True(fusecanon_session_plan(pending.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan)) == null);
    }

    // ------------------------------------------------------------------------------------------------
    // Contents: the C-visible plan is the engine's plan for the pair (byte for byte), and translating with it
    // as the header's inline helpers do gives what the session's own message calls give.
    // ------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Pairs))]
    public void PlanBytesAreTheEnginesPlan(string wire, string local)
    {
        using var s = new Session(FUSECANON_ROLE_SERVER, Id(local), Id(wire));
        fusecanon_plan* decode = fusecanon_session_plan(s.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan));
        fusecanon_plan* encode = fusecanon_session_plan(s.S, FUSECANON_DIR_ENCODE, (nuint)sizeof(fusecanon_plan));
        Assert.True(decode != null && encode != null);
        // A fixed peer wire of the same format is mode NONE: wire arch = local arch, every group identity.
        bool none = fusecanon_session_mode(s.S) == FUSECANON_MODE_NONE;
        TranslationPlans d = default, e = default;
        TranslationPlans.Build(ref d, none ? Id(local) : Id(wire), Id(local));
        TranslationPlans.Build(ref e, Id(local), none ? Id(local) : Id(wire));
        Assert.True(new ReadOnlySpan<byte>(decode, sizeof(fusecanon_plan)).SequenceEqual(new ReadOnlySpan<byte>(&d, sizeof(TranslationPlans))));
        Assert.True(new ReadOnlySpan<byte>(encode, sizeof(fusecanon_plan)).SequenceEqual(new ReadOnlySpan<byte>(&e, sizeof(TranslationPlans))));
    }

    // The header's inline helpers, transcribed (the C test native-tests/test_fastpath.cpp runs the real ones).
    private static int OpenFlags(fusecanon_plan* p, uint v, out uint r)
    {
        if (p->open_flags_identity != 0) { r = v; return FUSECANON_OK; }
        uint* t = p->open_flags.table;
        r = t[v & 0xFF] | t[256 + ((v >> 8) & 0xFF)] | t[512 + ((v >> 16) & 0xFF)] | t[768 + (v >> 24)];
        return (v & ~p->open_flags.known) != 0 ? FUSECANON_E_UNKNOWN_VALUE : FUSECANON_OK;
    }

    private static int Errno(fusecanon_plan* p, int err, out int r)
    {
        if (err >= 0 && (err == 0 || p->errno_identity != 0)) { r = err; return FUSECANON_OK; }
        uint v = err > 0 && err < FUSECANON_PLAN_ERRNO_LIMIT ? p->errno_map.map[err] : 0u;
        if (v == 0 || v >= FUSECANON_PLAN_ERRNO_REPLY_LIMIT) { r = p->errno_map.eio; return FUSECANON_E_UNKNOWN_VALUE; }
        r = (int)v;
        return FUSECANON_OK;
    }

    private static int LockType(fusecanon_plan* p, uint v, out uint r)
    {
        if (p->lock_types_identity != 0) { r = v; return FUSECANON_OK; }
        for (int i = 0; i < p->lock_types.count; i++)
            if (p->lock_types.from[i] == v) { r = p->lock_types.to[i]; return FUSECANON_OK; }
        r = FUSECANON_PLAN_LOCK_INVALID;
        return FUSECANON_E_UNKNOWN_VALUE;
    }

    /// <summary>A request with one field set, in little-endian order or (a big-endian wire) big-endian.</summary>
    private static byte[] Request(uint opcode, int bodySize, int fieldOffset, uint value, bool bigEndian = false)
    {
        var m = new byte[40 + bodySize];
        U32(m, 0, (uint)m.Length, bigEndian);
        U32(m, 4, opcode, bigEndian);
        U32(m, 8, 7, bigEndian);
        U32(m, 40 + fieldOffset, value, bigEndian);
        return m;
    }

    private static void U32(byte[] m, int at, uint v, bool bigEndian)
    {
        if (bigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(at), v);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(at), v);
    }

    /// <summary>Whether the session's wire is in the other byte order (its handle is the engine's SessionState).</summary>
    private static bool Swapped(fusecanon_session* s) => ((SessionState*)s)->WireSwapped != 0;

    [Theory]
    [MemberData(nameof(Pairs))]
    public void PlanTranslatesAsTheSessionDoes(string wire, string local)
    {
        const uint Open = 14, GetLk = 31;
        using var server = new Session(FUSECANON_ROLE_SERVER, Id(local), Id(wire));
        using var client = new Session(FUSECANON_ROLE_CLIENT, Id(local), Id(wire));
        fusecanon_plan* decode = fusecanon_session_plan(server.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan));
        fusecanon_plan* clientDecode = fusecanon_session_plan(client.S, FUSECANON_DIR_DECODE, (nuint)sizeof(fusecanon_plan));
        var rnd = new Random(wire.GetHashCode(StringComparison.Ordinal) ^ 17);
        bool be = Swapped(server.S); // a big-endian wire: messages arrive big-endian, leave in host order
        var values = Enumerable.Range(0, 32).Select(b => 1u << b).Concat(Enumerable.Range(0, 200).Select(_ => (uint)rnd.NextInt64(0, 1L << 32))).ToArray();
        foreach (uint v in values)
        {
            byte[] m = Request(Open, 8, 0, v, be); // fuse_open_in.flags
            int st;
            fixed (byte* p = m)
                st = fusecanon_request_decode(server.S, p, (nuint)m.Length);
            int inline = OpenFlags(decode, v, out uint r);
            Assert.Equal(st, inline);
            if (st == FUSECANON_OK)
                Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(40)), r);
            uint scalar;
            int sst = fusecanon_xlate_open_flags(fusecanon_session_mode(server.S) == FUSECANON_MODE_NONE ? Id(local) : Id(wire), Id(local), v, &scalar);
            if (decode->open_flags_identity == 0)
            {
                Assert.Equal(sst, inline);
                Assert.Equal(scalar, r);
            }
        }
        foreach (uint v in Enumerable.Range(0, 16).Select(i => (uint)i).Concat(new[] { 0x7777u, 0xFFFFFFFFu }))
        {
            byte[] m = Request(GetLk, 48, 16 + 16, v, be); // fuse_lk_in.lk.type
            int st;
            fixed (byte* p = m)
                st = fusecanon_request_decode(server.S, p, (nuint)m.Length);
            Assert.Equal(st, LockType(decode, v, out uint r));
            if (st == FUSECANON_OK)
                Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(40 + 32)), r);
        }
        for (int err = 1; err < 512; err++)
        {
            var m = new byte[16];
            U32(m, 0, 16, be);
            U32(m, 4, unchecked((uint)-err), be);
            U32(m, 12, 9, be); // unique 9 in either order
            fixed (byte* p = m)
                Assert.Equal(FUSECANON_OK, fusecanon_reply_decode(client.S, Open, p, 16));
            Errno(clientDecode, err, out int r);
            Assert.Equal(-BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(4)), r);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Batches.
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public void BatchesGiveEachMessageItsSingleCallResult()
    {
        const uint Open = 14, Read = 15;
        uint x86 = Id("x86_64"), arm = Id("aarch64");
        uint oDirectArm = 0x10000, oDirectX86 = 0x4000; // checked against the scalar translator below
        uint check;
        Assert.Equal(FUSECANON_OK, fusecanon_xlate_open_flags(arm, x86, oDirectArm, &check));
        Assert.Equal(oDirectX86, check);

        using var server = new Session(FUSECANON_ROLE_SERVER, x86, arm);
        using var client = new Session(FUSECANON_ROLE_CLIENT, arm, x86);
        var msgs = new List<byte[]>
        {
            Request(Open, 8, 0, oDirectArm),
            Request(Read, 40, 32, oDirectArm),  // fuse_read_in.flags
            Request(9999, 8, 0, 0),             // unknown opcode
            Request(Open, 8, 0, 1u << 30),       // unknown bit (policy reject)
        };
        byte[] truncated = Request(Open, 8, 0, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(truncated, 99); // header len disagrees
        msgs.Add(truncated);
        byte[][] copies = msgs.Select(m => (byte[])m.Clone()).ToArray();
        int n = msgs.Count;
        var handles = msgs.Select(m => GCHandle.Alloc(m, GCHandleType.Pinned)).ToArray();
        try
        {
            var batch = new fusecanon_msg[n + 1];
            for (int i = 0; i < n; i++)
                batch[i] = new fusecanon_msg { data = (void*)handles[i].AddrOfPinnedObject(), len = (nuint)msgs[i].Length };
            batch[n] = new fusecanon_msg { data = null, len = 40 };
            var results = new int[n + 1];
            int ok;
            fixed (fusecanon_msg* b = batch)
            fixed (int* r = results)
            {
                ok = fusecanon_request_decode_batch(server.S, b, (nuint)(n + 1), r);
                Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_request_decode_batch(null, b, 1, r));
                Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_request_decode_batch(server.S, null, 1, r));
                Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_request_decode_batch(server.S, b, 1, null));
                Assert.Equal(0, fusecanon_request_decode_batch(server.S, null, 0, null));
                // Wrong role for every message: each gets BAD_STATE.
                int[] wrong = new int[n];
                fixed (int* w = wrong)
                    Assert.Equal(0, fusecanon_request_encode_batch(server.S, b, (nuint)n, w));
                Assert.All(wrong, x => Assert.Equal(FUSECANON_E_BAD_STATE, x));
            }
            var expected = new int[n + 1];
            for (int i = 0; i < n; i++)
            {
                fixed (byte* p = copies[i])
                    expected[i] = fusecanon_request_decode(server.S, p, (nuint)copies[i].Length);
                Assert.Equal(copies[i], msgs[i]);
            }
            expected[n] = FUSECANON_E_INVALID_ARGUMENT;
            Assert.Equal(expected, results);
            Assert.Equal(expected.Count(x => x == FUSECANON_OK), ok);
            Assert.Equal(new[] { FUSECANON_OK, FUSECANON_OK, FUSECANON_E_UNKNOWN_OPCODE, FUSECANON_E_UNKNOWN_VALUE, FUSECANON_E_LENGTH_MISMATCH, FUSECANON_E_INVALID_ARGUMENT }, results);
            Assert.Equal(oDirectX86, BinaryPrimitives.ReadUInt32LittleEndian(msgs[0].AsSpan(40)));

            // The client side: encode the same requests, then replies both ways.
            byte[] req = Request(Open, 8, 0, oDirectArm);
            byte[] reply = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(reply, 16);
            BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(4), -2); // ENOENT, the same everywhere
            BinaryPrimitives.WriteUInt64LittleEndian(reply.AsSpan(8), 7);
            fixed (byte* q = req)
            fixed (byte* p = reply)
            {
                var one = new fusecanon_msg { data = q, len = (nuint)req.Length };
                int res;
                Assert.Equal(1, fusecanon_request_encode_batch(client.S, &one, 1, &res));
                Assert.Equal(FUSECANON_OK, res);
                Assert.Equal(oDirectX86, BinaryPrimitives.ReadUInt32LittleEndian(req.AsSpan(40)));
                var r1 = new fusecanon_msg { data = p, len = 16, opcode = Open };
                Assert.Equal(1, fusecanon_reply_encode_batch(server.S, &r1, 1, &res));
                Assert.Equal(1, fusecanon_reply_decode_batch(client.S, &r1, 1, &res));
                Assert.Equal(0, fusecanon_reply_decode_batch(server.S, &r1, 1, &res));
                Assert.Equal(FUSECANON_E_BAD_STATE, res);
                Assert.Equal(-2, BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(4)));
            }
        }
        finally
        {
            foreach (GCHandle h in handles)
                h.Free();
        }
    }
}
