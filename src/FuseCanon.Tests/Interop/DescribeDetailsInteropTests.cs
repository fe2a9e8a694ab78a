using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using FuseCanon.Protocol;
using FuseCanon.Tests.Arch;
using FuseCanon.Tests.Protocol;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Issue 15 item 4, through the real .so: INIT requests and replies show major.minor, the INIT flags by name and
/// FuseCanon's arch_id and canonical flag; requests show the names they carry (bounded, escaped); a POLL reply's
/// field is revents; notifications are named. Before the fix an INIT printed only its header, names were
/// missing, a POLL reply said events= and a notification printed its number.
/// </summary>
public unsafe class DescribeDetailsInteropTests
{
    private static readonly GeneratedData Data = GeneratedData.Instance;
    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;

    private static string Request(byte[] m, string arch = "x86_64")
    {
        byte[] buf = new byte[1024];
        fixed (byte* p = m)
        fixed (byte* b = buf)
        {
            int n = fusecanon_describe_request(Id(arch), p, (nuint)m.Length, b, (nuint)buf.Length);
            Assert.True(n >= 0, $"describe returned {n}");
            return Encoding.ASCII.GetString(buf, 0, n);
        }
    }

    private static string Reply(uint opcode, byte[] m)
    {
        byte[] buf = new byte[1024];
        fixed (byte* p = m)
        fixed (byte* b = buf)
        {
            int n = fusecanon_describe_reply(Id("x86_64"), opcode, p, (nuint)m.Length, b, (nuint)buf.Length);
            Assert.True(n >= 0, $"describe returned {n}");
            return Encoding.ASCII.GetString(buf, 0, n);
        }
    }

    /// <summary>The names of the INIT flags set in a 64-bit value, from FuseInitFlags' constants (checked against
    /// linux/fuse.h by the schema test) spelled as their macros, independently of the library's table.</summary>
    private static string[] ExpectedFlagNames(ulong flags) =>
        typeof(FuseInitFlags).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ulong) && f.Name != nameof(FuseInitFlags.Flags2Mask))
            .Select(f => ((ulong)f.GetValue(null)!, "FUSE_" + SchemaCSource.Snake(f.Name)))
            .Where(x => (flags & x.Item1) != 0).OrderBy(x => x.Item1).Select(x => x.Item2).ToArray();

    [Fact]
    public void TheNameTableIsTheCheckedConstants()
    {
        for (int bit = 0; bit < FuseInitFlags.Names.Length; bit++)
            Assert.Equal(ExpectedFlagNames(1UL << bit).Single(), FuseInitFlags.Names[bit]);
    }

    [Fact]
    public void AnInitRequestShowsVersionFlagsArchAndCanonical()
    {
        byte[] request = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "native-tests", "data", "kernel-6.18-init-request.bin"));
        string plain = Request(request);
        uint minor = BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(44));
        ulong flags = BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(52)) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(56)) << 32;
        Assert.Contains($" major.minor=7.{minor} flags=", plain);
        string flagText = plain.Split(" flags=")[1].Split(' ')[0];
        string[] named = flagText.Split('|').Where(x => !x.StartsWith("0x", StringComparison.Ordinal)).ToArray();
        Assert.Equal(ExpectedFlagNames(flags), named);
        Assert.DoesNotContain("arch_id", plain); // the real kernel names no arch
        // The same INIT stamped by an aarch64 client session.
        using var client = new MessageInteropTests.Session(FUSECANON_ROLE_CLIENT, Id("aarch64"), FUSECANON_WIRE_NEGOTIATE);
        fixed (byte* q = request)
            Assert.Equal(FUSECANON_OK, fusecanon_client_init_request(client.S, q, (nuint)request.Length));
        Assert.EndsWith(" arch_id=aarch64 canonical", Request(request));
        // A legacy 16-byte INIT (7.31): version and flags, nothing more.
        byte[] old = new byte[56];
        BinaryPrimitives.WriteUInt32LittleEndian(old, 56);
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(4), (uint)FuseOpcode.Init);
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(40), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(44), 31);
        BinaryPrimitives.WriteUInt32LittleEndian(old.AsSpan(52), (uint)(FuseInitFlags.AsyncRead | FuseInitFlags.BigWrites));
        Assert.EndsWith(" major.minor=7.31 flags=FUSE_ASYNC_READ|FUSE_BIG_WRITES", Request(old));
    }

    [Fact]
    public void AnInitReplyShowsVersionAndFlags()
    {
        byte[] reply = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "native-tests", "data", "libfuse-3.14-init-reply.bin"));
        string text = Reply((uint)FuseOpcode.Init, reply);
        uint minor = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(20));
        Assert.Contains($" major.minor=7.{minor} flags=", text);
        Assert.Contains("FUSE_ASYNC_READ", text);
    }

    private static byte[] WithNames(FuseOpcode op, int fixedSize, int extBytes, params byte[][] names)
    {
        int len = 40 + fixedSize + names.Sum(n => n.Length) + extBytes;
        var m = new byte[len];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)len);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), (uint)op);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 9);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(36), (ushort)(extBytes / 8));
        int at = 40 + fixedSize;
        foreach (byte[] n in names)
        {
            n.CopyTo(m, at);
            at += n.Length;
        }
        m.AsSpan(at).Fill((byte)'X'); // the extension area must not be read as a name
        return m;
    }

    private static byte[] Z(string s) => Encoding.Latin1.GetBytes(s + "\0");

    [Fact]
    public void RequestsShowTheirNamesBoundedAndEscaped()
    {
        Assert.EndsWith(" name=\"hello.txt\"", Request(WithNames(FuseOpcode.Lookup, 0, 0, Z("hello.txt"))));
        Assert.EndsWith(" name=\"a\\\"b\\\\c\\x0a\\xff\"", Request(WithNames(FuseOpcode.Lookup, 0, 0, Z("a\"b\\c\n\u00ff"))));
        string longName = new string('n', 100);
        Assert.EndsWith($" name=\"{new string('n', 64)}\"...", Request(WithNames(FuseOpcode.Unlink, 0, 0, Z(longName))));
        Assert.EndsWith(" name=\"d\"", Request(WithNames(FuseOpcode.MkDir, 8, 16, Z("d"))));
        string create = Request(WithNames(FuseOpcode.Create, 16, 0, Z("new.c")));
        Assert.Contains(" flags=", create);
        Assert.EndsWith(" name=\"new.c\"", create);
        Assert.EndsWith(" name=\"old\" newname=\"new\"", Request(WithNames(FuseOpcode.Rename, 8, 0, Z("old"), Z("new"))));
        Assert.EndsWith(" name=\"ln\" target=\"../t\"", Request(WithNames(FuseOpcode.Symlink, 0, 0, Z("ln"), Z("../t"))));
        Assert.EndsWith(" name=\"cut\" (unterminated)", Request(WithNames(FuseOpcode.RmDir, 0, 0, Encoding.ASCII.GetBytes("cut"))));
        // Bounded by the caller's buffer too: a short buffer gets a NUL-terminated prefix and BUFFER_TOO_SMALL.
        byte[] m = WithNames(FuseOpcode.Lookup, 0, 0, Z(longName));
        byte[] small = new byte[32];
        fixed (byte* p = m)
        fixed (byte* b = small)
            Assert.Equal(FUSECANON_E_BUFFER_TOO_SMALL, fusecanon_describe_request(Id("x86_64"), p, (nuint)m.Length, b, 32));
        Assert.Equal(0, small[31]);
    }

    [Fact]
    public void APollReplyShowsRevents()
    {
        var m = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(m, 24);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(16), (uint)Data.Families[3][0]["POLLIN"]);
        Assert.EndsWith(" revents=POLLIN", Reply((uint)FuseOpcode.Poll, m));
    }

    [Fact]
    public void NotificationsAreNamed()
    {
        foreach (NotifyInfo n in NotifyTable.All)
        {
            var m = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(m, 16);
            BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(4), (int)n.Code);
            Assert.Equal("notification " + n.Name, Reply(0, m));
        }
        var unknown = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(unknown, 16);
        BinaryPrimitives.WriteInt32LittleEndian(unknown.AsSpan(4), 99);
        Assert.Equal("notification 99", Reply(0, unknown));
    }
}
