using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using FuseCanon.Tests.Arch;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>The text-for-logs exports through the real .so; names and values come from the generated JSON.</summary>
public unsafe class DescribeInteropTests
{
    private static readonly GeneratedData Data = GeneratedData.Instance;

    private static (uint Id, System.Collections.Generic.Dictionary<string, long>[] Fam) Arch(string name)
    {
        var u = Data.Uname.First(x => x.Name == name);
        return (u.Id, Enumerable.Range(0, 5).Select(g => Data.Families[g][u.Families[g]]).ToArray());
    }

    private static string Value(uint arch, int group, long v, int size = 256)
    {
        byte[] buf = new byte[size];
        int n;
        fixed (byte* b = buf)
            n = fusecanon_describe_value(arch, group, v, b, (nuint)buf.Length);
        Assert.True(n >= 0, $"describe returned {n}");
        Assert.Equal(0, buf[n]);
        return Encoding.ASCII.GetString(buf, 0, n);
    }

    [Theory]
    [InlineData("aarch64")]
    [InlineData("sparc64")]
    [InlineData("alpha")]
    [InlineData("parisc")]
    public void ValuesAreNamedInTheArchsOwnTerms(string archName)
    {
        var (id, fam) = Arch(archName);
        long flags = fam[0]["O_DIRECT"] | fam[0]["O_LARGEFILE"] | fam[0]["O_WRONLY"];
        Assert.Equal("O_WRONLY|O_DIRECT|O_LARGEFILE", string.Join("|", Value(id, FUSECANON_GROUP_OPEN_FLAGS, flags).Split('|').OrderBy(x => x != "O_WRONLY").ThenBy(x => x)));
        Assert.Equal("O_RDONLY|O_SYNC", Value(id, FUSECANON_GROUP_OPEN_FLAGS, fam[0]["O_SYNC"]));
        Assert.Equal("ENOTDIR", Value(id, FUSECANON_GROUP_ERRNO, fam[1]["ENOTDIR"]));
        Assert.Equal("EAGAIN", Value(id, FUSECANON_GROUP_ERRNO, fam[1]["EWOULDBLOCK"]));
        Assert.Equal("F_RDLCK", Value(id, FUSECANON_GROUP_LOCK_TYPE, fam[2]["F_RDLCK"]));
        Assert.Equal("POLLIN", Value(id, FUSECANON_GROUP_POLL_EVENTS, fam[3]["POLLIN"]));
        Assert.Equal("99999", Value(id, FUSECANON_GROUP_ERRNO, 99999));
    }

    [Fact]
    public void ErrorsAndTruncation()
    {
        var (id, fam) = Arch("x86_64");
        byte[] buf = Enumerable.Repeat((byte)0xAA, 8).ToArray();
        fixed (byte* b = buf)
        {
            Assert.Equal(FUSECANON_E_BUFFER_TOO_SMALL, fusecanon_describe_value(id, FUSECANON_GROUP_ERRNO, fam[1]["ENOTDIR"], b, 4));
            Assert.Equal("ENO\0", Encoding.ASCII.GetString(buf, 0, 4));
            Assert.All(buf[4..], x => Assert.Equal(0xAA, x)); // nothing written past len
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_value(id, 9, 0, b, 8));
            Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_value(id, 0, 0, null, 8));
            Assert.Equal(FUSECANON_E_UNKNOWN_ARCH, fusecanon_describe_value(0x12345678, 0, 0, b, 8));
        }
    }

    [Fact]
    public void MessagesAreDescribed()
    {
        var (id, fam) = Arch("aarch64");
        byte[] open = new byte[48];
        BinaryPrimitives.WriteUInt32LittleEndian(open, 48);
        BinaryPrimitives.WriteUInt32LittleEndian(open.AsSpan(4), 14); // FUSE_OPEN
        BinaryPrimitives.WriteUInt64LittleEndian(open.AsSpan(8), 7);
        BinaryPrimitives.WriteUInt64LittleEndian(open.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(open.AsSpan(40), (uint)fam[0]["O_DIRECT"]);
        byte[] reply = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(reply, 16);
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(4), -(int)fam[1]["ENOTDIR"]);
        BinaryPrimitives.WriteUInt64LittleEndian(reply.AsSpan(8), 7);
        byte[] buf = new byte[128];
        fixed (byte* b = buf)
        fixed (byte* o = open)
        fixed (byte* r = reply)
        {
            int n = fusecanon_describe_request(id, o, (nuint)open.Length, b, (nuint)buf.Length);
            Assert.Equal("FUSE_OPEN len=48 unique=7 nodeid=1 flags=O_RDONLY|O_DIRECT", Encoding.ASCII.GetString(buf, 0, n));
            n = fusecanon_describe_reply(id, 14, r, (nuint)reply.Length, b, (nuint)buf.Length);
            Assert.Equal("reply to FUSE_OPEN unique=7 error=-ENOTDIR", Encoding.ASCII.GetString(buf, 0, n));
            Assert.Equal(FUSECANON_E_TRUNCATED, fusecanon_describe_request(id, o, 39, b, (nuint)buf.Length));
        }
    }
}
