using System;
using System.Collections.Generic;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;
using static FuseCanon.Tests.ByteOrder.FuseMessages;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>Malformed messages: each gives its error and leaves the buffer exactly as it was.</summary>
public class MalformedMessageTests
{
    private static readonly bool Native = SwapAssert.NativeBigEndian;

    private static Status Req(Span<byte> m, SwapDirection d) => MessageSwapper.SwapRequest(m, 45, d);

    private static SwapAssert.Swapper Rep(uint opcode, ReplyHint hint = ReplyHint.None) =>
        (m, d) => MessageSwapper.SwapReply(m, opcode, 45, d, hint);

    private static byte[] RequestOf(FuseOpcode op, bool ext = false, uint minor = 45)
    {
        Assert.True(OpcodeTable.TryGet((uint)op, out OpcodeInfo info));
        return Request(info, minor, 0, Native, 11, ext).ToArray();
    }

    private static void Fails(byte[] msg, SwapAssert.Swapper swap, Status expected, string what)
    {
        // Malformed in native order (encode) and, swapped wholesale, in foreign order (decode).
        SwapAssert.FailsUnchanged((byte[])msg.Clone(), swap, SwapDirection.ToForeign, expected, what + " (ToForeign)");
    }

    private static void Set(byte[] msg, int off, int width, ulong v) => SwapAssert.Write(msg, off, width, v, Native);

    [Fact]
    public void Shorter_than_the_header_is_truncated()
    {
        Fails(new byte[39], Req, Status.Truncated, "39-byte request");
        Fails(new byte[15], Rep((uint)FuseOpcode.Open), Status.Truncated, "15-byte reply");
        Fails([], Req, Status.Truncated, "empty request");
    }

    [Fact]
    public void Len_must_equal_the_buffer()
    {
        byte[] msg = RequestOf(FuseOpcode.Open);
        Set(msg, 0, 4, (ulong)msg.Length + 1);
        Fails(msg, Req, Status.LengthMismatch, "len + 1");
        Set(msg, 0, 4, (ulong)msg.Length - 1);
        Fails(msg, Req, Status.LengthMismatch, "len - 1");

        byte[] reply = Finish(ReplyHeader(Native, 1, 0, 9, out _)).ToArray();
        Set(reply, 0, 4, 17);
        Fails(reply, Rep((uint)FuseOpcode.Release), Status.LengthMismatch, "reply len");
    }

    [Fact]
    public void A_message_in_the_wrong_order_is_refused_not_garbled()
    {
        byte[] msg = RequestOf(FuseOpcode.Open);
        SwapAssert.FailsUnchanged(msg, Req, SwapDirection.FromForeign, Status.LengthMismatch, "native OPEN decoded as foreign");
    }

    [Fact]
    public void Body_sizes_are_checked_against_the_opcode()
    {
        // GETLK body cut short (len adjusted): the fixed struct is missing bytes.
        byte[] msg = RequestOf(FuseOpcode.GetLk);
        byte[] cut = msg.AsSpan(0, msg.Length - 4).ToArray();
        Set(cut, 0, 4, (ulong)cut.Length);
        Fails(cut, Req, Status.Truncated, "GETLK cut");

        // OPEN with 8 stray bytes after its struct.
        byte[] open = RequestOf(FuseOpcode.Open);
        byte[] longer = new byte[open.Length + 8];
        open.CopyTo(longer, 0);
        Set(longer, 0, 4, (ulong)longer.Length);
        Fails(longer, Req, Status.BadMessage, "OPEN + stray bytes");

        // A pre-7.9 GETLK (40 bytes) is too short at 7.45 but right at 7.8.
        byte[] old = RequestOf(FuseOpcode.GetLk, minor: 8);
        Fails(old, Req, Status.Truncated, "7.8 GETLK read at 7.45");
        Assert.Equal(Status.Ok, MessageSwapper.SwapRequest(old, 8, SwapDirection.ToForeign));
    }

    [Fact]
    public void Names_must_be_terminated()
    {
        byte[] msg = RequestOf(FuseOpcode.Lookup);
        msg[^1] = (byte)'x';
        Fails(msg, Req, Status.BadMessage, "LOOKUP name without NUL");
        byte[] rename = RequestOf(FuseOpcode.Rename);
        rename[^1] = (byte)'x'; // the second name loses its NUL
        Fails(rename, Req, Status.BadMessage, "RENAME second name without NUL");
    }

    [Fact]
    public void Data_length_fields_must_match()
    {
        byte[] write = RequestOf(FuseOpcode.Write);
        uint size = (uint)SwapAssert.Read(write, 40 + 16, 4, Native);
        Set(write, 40 + 16, 4, size + 1);
        Fails(write, Req, Status.Truncated, "WRITE size too big");
        Set(write, 40 + 16, 4, 0xFFFF_FFFF);
        Fails(write, Req, Status.Truncated, "WRITE size huge");
        if (size > 0)
        {
            Set(write, 40 + 16, 4, size - 1);
            Fails(write, Req, Status.BadMessage, "WRITE size too small");
        }
    }

    [Fact]
    public void Batch_forget_count_too_big()
    {
        var b = new WireBuilder(Native, new Random(3));
        b.Struct(StructId.InHeader, new Dictionary<int, ulong> { [4] = (uint)FuseOpcode.BatchForget, [36] = 0 });
        b.Struct(StructId.BatchForgetIn, new Dictionary<int, ulong> { [0] = 3 });
        for (int i = 0; i < 3; i++)
            b.Struct(StructId.ForgetOne);
        byte[] msg = Finish(b).ToArray();
        Set(msg, 40, 4, 4);
        Fails(msg, Req, Status.Truncated, "count 4 for 3 entries");
        Set(msg, 40, 4, uint.MaxValue);
        Fails(msg, Req, Status.Truncated, "count 2^32-1");
        Set(msg, 40, 4, 2);
        Fails(msg, Req, Status.BadMessage, "count 2 for 3 entries");
    }

    private static byte[] DirentReply(StructId record, int namelenOffset, int count, int seed)
    {
        WireBuilder b = ReplyHeader(Native, seed, 0, 7, out Random rng);
        Dirents(b, rng, record, namelenOffset, count);
        return Finish(b).ToArray();
    }

    [Theory]
    [InlineData(StructId.Dirent, 16, (uint)FuseOpcode.ReadDir)]
    [InlineData(StructId.Direntplus, 144, (uint)FuseOpcode.ReadDirPlus)]
    public void Dirent_records_must_lie_inside_the_body(StructId record, int namelenOffset, uint opcode)
    {
        int fixedSize = StructLayouts.SizeOf(record);
        byte[] msg = DirentReply(record, namelenOffset, 3, 1);

        // The last record's name runs past the end.
        int last = LastRecordOffset(msg, fixedSize, namelenOffset);
        byte[] crossing = (byte[])msg.Clone();
        uint namelen = (uint)SwapAssert.Read(crossing, last + namelenOffset, 4, Native);
        Set(crossing, last + namelenOffset, 4, namelen + 8);
        Fails(crossing, Rep(opcode), Status.Truncated, "last record crosses the end");
        Set(crossing, last + namelenOffset, 4, uint.MaxValue);
        Fails(crossing, Rep(opcode), Status.Truncated, "namelen 2^32-1");

        // The first record claims the whole body and more.
        byte[] first = (byte[])msg.Clone();
        Set(first, 16 + namelenOffset, 4, (ulong)msg.Length);
        Fails(first, Rep(opcode), Status.Truncated, "first record crosses the end");

        // A truncated last record (buffer cut inside it, len adjusted).
        foreach (int cutBy in new[] { 1, 8, fixedSize - 1 })
        {
            if (msg.Length - cutBy <= last)
                continue;
            byte[] cut = msg.AsSpan(0, msg.Length - cutBy).ToArray();
            Set(cut, 0, 4, (ulong)cut.Length);
            Fails(cut, Rep(opcode), Status.Truncated, $"cut by {cutBy}");
        }

        // namelen 0 is malformed.
        byte[] zero = (byte[])msg.Clone();
        Set(zero, 16 + namelenOffset, 4, 0);
        Fails(zero, Rep(opcode), Status.BadMessage, "namelen 0");
    }

    private static int LastRecordOffset(byte[] msg, int fixedSize, int namelenOffset)
    {
        int p = 16, last = 16;
        while (p < msg.Length)
        {
            last = p;
            uint namelen = (uint)SwapAssert.Read(msg, p + namelenOffset, 4, Native);
            p += (int)((fixedSize + namelen + 7) & ~7u);
        }
        return last;
    }

    [Fact]
    public void Ioctl_retry_iovec_counts()
    {
        WireBuilder b = ReplyHeader(Native, 2, 0, 5, out _);
        b.Struct(StructId.IoctlOut, new Dictionary<int, ulong> { [4] = (ulong)IoctlRetry, [8] = 1, [12] = 2 });
        for (int i = 0; i < 3; i++)
            b.Struct(StructId.IoctlIovec);
        byte[] msg = Finish(b).ToArray();
        SwapAssert.Swapper swap = Rep((uint)FuseOpcode.Ioctl);

        byte[] more = (byte[])msg.Clone();
        Set(more, 16 + 12, 4, 3);
        Fails(more, swap, Status.Truncated, "out_iovs one too many");
        Set(more, 16 + 8, 4, 200);
        Set(more, 16 + 12, 4, 57);
        Fails(more, swap, Status.BadMessage, "in+out > FUSE_IOCTL_MAX_IOV");
        Set(more, 16 + 8, 4, uint.MaxValue);
        Set(more, 16 + 12, 4, uint.MaxValue);
        Fails(more, swap, Status.BadMessage, "counts that overflow u32");
        byte[] fewer = (byte[])msg.Clone();
        Set(fewer, 16 + 12, 4, 1);
        Fails(fewer, swap, Status.BadMessage, "out_iovs one too few");
        byte[] shortOut = msg.AsSpan(0, 16 + 8).ToArray();
        Set(shortOut, 0, 4, 24);
        Fails(shortOut, swap, Status.Truncated, "fuse_ioctl_out cut");
    }

    [Fact]
    public void Extension_records_are_checked()
    {
        byte[] msg = RequestOf(FuseOpcode.Create, ext: true);
        int extlen = (int)SwapAssert.Read(msg, 36, 2, Native) * 8;
        int ext = msg.Length - extlen;

        byte[] bad = (byte[])msg.Clone();
        Set(bad, ext, 4, 4); // record size below the header
        Fails(bad, Req, Status.BadMessage, "ext size 4");
        Set(bad, ext, 4, 12); // not a multiple of 8
        Fails(bad, Req, Status.BadMessage, "ext size 12");
        Set(bad, ext, 4, (ulong)extlen + 8);
        Fails(bad, Req, Status.Truncated, "ext record past the area");

        byte[] tooLong = (byte[])msg.Clone();
        Set(tooLong, 36, 2, (ulong)(msg.Length / 8 + 1));
        Fails(tooLong, Req, Status.Truncated, "total_extlen past the message");

        // The second record is a secctx header with one context: make its context longer than the record.
        byte[] ctx = (byte[])msg.Clone();
        int second = ext + 8;
        Set(ctx, second + 8, 4, 4096);
        Fails(ctx, Req, Status.Truncated, "secctx size past its record");
        byte[] nr = (byte[])msg.Clone();
        Set(nr, second + 4, 4, 2);
        Fails(nr, Req, Status.Truncated, "nr_secctx 2 with one context");

        // The groups record: nr_groups too big.
        int secSize = (int)SwapAssert.Read(msg, second, 4, Native);
        int groups = second + secSize;
        Assert.Equal((ulong)FuseExtensionType.Groups, SwapAssert.Read(msg, groups + 4, 4, Native));
        byte[] g = (byte[])msg.Clone();
        Set(g, groups + 8, 4, 1000);
        Fails(g, Req, Status.Truncated, "nr_groups 1000");
    }

    [Fact]
    public void Unknown_opcodes_and_notify_codes()
    {
        foreach (uint op in new uint[] { 0, 7, 19, 54, 4095, (uint)FuseOpcode.FuseInitBswapReserved, (uint)FuseOpcode.CuseInitBswapReserved })
        {
            byte[] msg = RequestOf(FuseOpcode.Destroy);
            Set(msg, 4, 4, op);
            Fails(msg, Req, Status.UnknownOpcode, "request opcode " + op);
            byte[] reply = Finish(ReplyHeader(Native, 1, 0, 9, out _)).ToArray();
            Fails(reply, Rep(op), Status.UnknownOpcode, "reply opcode " + op);
        }
        foreach (int code in new[] { 0, 10, -2, 1000 })
        {
            byte[] n = Finish(ReplyHeader(Native, 1, code, 0, out _)).ToArray();
            Fails(n, Rep((uint)FuseOpcode.Open), Status.UnknownOpcode, "notify code " + code);
        }
    }

    [Fact]
    public void Notification_bodies_are_checked()
    {
        Assert.True(NotifyTable.TryGet((int)FuseNotifyCode.InvalEntry, out NotifyInfo entry));
        byte[] msg = Notification(entry, Native, 4).ToArray();
        byte[] noNul = (byte[])msg.Clone();
        noNul[^1] = (byte)'a';
        Fails(noNul, Rep(0), Status.BadMessage, "inval_entry name without NUL");
        byte[] longer = (byte[])msg.Clone();
        Set(longer, 16 + 8, 4, SwapAssert.Read(msg, 16 + 8, 4, Native) + 1);
        Fails(longer, Rep(0), Status.Truncated, "inval_entry namelen + 1");

        Assert.True(NotifyTable.TryGet((int)FuseNotifyCode.Prune, out NotifyInfo prune));
        byte[] p = Notification(prune, Native, 5).ToArray();
        Set(p, 16, 4, 1_000_000);
        Fails(p, Rep(0), Status.Truncated, "prune count too big");

        Assert.True(NotifyTable.TryGet((int)FuseNotifyCode.Poll, out NotifyInfo poll));
        byte[] pl = Notification(poll, Native, 6).ToArray();
        byte[] cut = pl.AsSpan(0, pl.Length - 4).ToArray();
        Set(cut, 0, 4, (ulong)cut.Length);
        Fails(cut, Rep(0), Status.Truncated, "poll wakeup cut");
    }

    [Fact]
    public void Xattr_reply_needs_a_hint()
    {
        WireBuilder b = ReplyHeader(Native, 1, 0, 9, out _);
        b.Struct(StructId.GetxattrOut);
        byte[] msg = Finish(b).ToArray();
        Fails(msg, Rep((uint)FuseOpcode.GetXAttr), Status.InvalidArgument, "GETXATTR without hint");
        Fails(msg, Rep((uint)FuseOpcode.ListXAttr), Status.InvalidArgument, "LISTXATTR without hint");
        byte[] data = Finish(ReplyHeader(Native, 1, 0, 9, out _)).ToArray();
        Fails(data, Rep((uint)FuseOpcode.GetXAttr, ReplyHint.XattrSize), Status.Truncated, "size reply without fuse_getxattr_out");
        Assert.Equal(Status.Ok, MessageSwapper.SwapReply(data, (uint)FuseOpcode.GetXAttr, 45, SwapDirection.ToForeign, ReplyHint.XattrData));
    }

    [Fact]
    public void Undefined_direction_is_an_invalid_argument()
    {
        byte[] msg = RequestOf(FuseOpcode.Open);
        SwapAssert.FailsUnchanged(msg, Req, 0, Status.InvalidArgument, "direction 0");
        SwapAssert.FailsUnchanged(msg, Rep((uint)FuseOpcode.Open), (SwapDirection)3, Status.InvalidArgument, "direction 3");
    }

    [Fact]
    public void Random_corruption_either_swaps_or_leaves_the_buffer_unchanged()
    {
        var rng = new Random(2024);
        int failures = 0, oks = 0;
        for (int round = 0; round < 3000; round++)
        {
            OpcodeInfo info = OpcodeTable.All[rng.Next(OpcodeTable.All.Length)];
            bool reply = info.HasReply && rng.Next(2) == 0;
            byte[] msg = reply
                ? Reply(info, 45, Native, round, info.ReplyKind == ReplyKind.IoctlOut && rng.Next(2) == 0 ? ReplyVariant.IoctlRetry : ReplyVariant.XattrSize).ToArray()
                : Request(info, 45, 0, Native, round, rng.Next(2) == 0).ToArray();
            // Corrupt 1-3 bytes, or cut the message and fix its len.
            if (rng.Next(3) == 0 && msg.Length > 17)
            {
                msg = msg.AsSpan(0, rng.Next(reply ? 16 : 40, msg.Length)).ToArray();
                if (msg.Length >= 4)
                    Set(msg, 0, 4, (ulong)msg.Length);
            }
            else
            {
                for (int k = rng.Next(1, 4); k > 0; k--)
                    msg[rng.Next(4, msg.Length)] = (byte)rng.Next(256);
            }
            byte[] before = (byte[])msg.Clone();
            SwapDirection dir = rng.Next(2) == 0 ? SwapDirection.ToForeign : SwapDirection.FromForeign;
            Status s = reply
                ? MessageSwapper.SwapReply(msg, (uint)info.Opcode, 45, dir, ReplyHint.XattrSize)
                : MessageSwapper.SwapRequest(msg, 45, dir);
            if (s == Status.Ok)
            {
                oks++;
                continue;
            }
            failures++;
            SwapAssert.AssertSameBytes(before, msg, $"round {round} {info.Name} {s}");
        }
        Assert.True(failures > 100 && oks > 100, $"oks={oks} failures={failures}");
    }
}
