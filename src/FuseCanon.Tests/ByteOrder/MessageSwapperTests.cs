using System;
using System.Collections.Generic;
using System.Linq;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;
using static FuseCanon.Tests.ByteOrder.FuseMessages;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>Every opcode's request and reply, every notification, swapped field by field.</summary>
public class MessageSwapperTests
{
    /// <summary>Minors at which some struct changes size or gains a field, plus the newest.</summary>
    private static readonly uint[] Minors = [4, 5, 6, 7, 8, 9, 11, 12, 22, 23, 32, 33, 36, 37, 38, 40, 45];

    public static TheoryData<uint> AllOpcodes()
    {
        var data = new TheoryData<uint>();
        foreach (OpcodeInfo info in OpcodeTable.All)
            data.Add((uint)info.Opcode);
        return data;
    }

    private static IEnumerable<uint> MinorsFor(OpcodeInfo info) => Minors.Where(m => m >= info.SinceMinor);

    [Theory]
    [MemberData(nameof(AllOpcodes))]
    public void Request_swaps_every_field(uint opcode)
    {
        Assert.True(OpcodeTable.TryGet(opcode, out OpcodeInfo info));
        foreach (uint minor in MinorsFor(info))
        {
            ulong[] flagSets = info.Opcode == FuseOpcode.SetXAttr ? [0, FuseInitFlags.SetxattrExt] : [0];
            foreach (ulong flags in flagSets)
            {
                for (int seed = 0; seed < 4; seed++)
                {
                    bool ext = minor >= 38 && seed % 2 == 1;
                    string what = $"{info.Name} request 7.{minor} flags={flags:X} seed={seed} ext={ext}";
                    RoundTrip(be => Request(info, minor, flags, be, seed * 7919 + (int)opcode, ext),
                        (m, d) => MessageSwapper.SwapRequest(m, minor, flags, d), what);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllOpcodes))]
    public void Reply_swaps_every_field(uint opcode)
    {
        Assert.True(OpcodeTable.TryGet(opcode, out OpcodeInfo info));
        if (info.ReplyKind == ReplyKind.None)
        {
            byte[] reply = Finish(ReplyHeader(SwapAssert.NativeBigEndian, 1, 0, 42, out _)).ToArray();
            SwapAssert.FailsUnchanged(reply, (m, d) => MessageSwapper.SwapReply(m, opcode, 45, d, ReplyHint.None),
                SwapDirection.ToForeign, Status.BadMessage, info.Name + " has no reply");
            return;
        }
        ReplyVariant[] variants = info.ReplyKind switch
        {
            ReplyKind.XattrSizeOrData => [ReplyVariant.XattrSize, ReplyVariant.XattrData],
            ReplyKind.IoctlOut => [ReplyVariant.IoctlData, ReplyVariant.IoctlRetry],
            _ => [ReplyVariant.Plain],
        };
        foreach (uint minor in MinorsFor(info))
        {
            foreach (ReplyVariant v in variants)
            {
                for (int seed = 0; seed < 3; seed++)
                {
                    string what = $"{info.Name} reply {v} 7.{minor} seed={seed}";
                    ReplyHint hint = HintFor(v);
                    RoundTrip(be => Reply(info, minor, be, seed * 104729 + (int)opcode, v),
                        (m, d) => MessageSwapper.SwapReply(m, opcode, minor, d, hint), what);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllOpcodes))]
    public void Error_reply_is_the_header_alone(uint opcode)
    {
        Assert.True(OpcodeTable.TryGet(opcode, out OpcodeInfo info));
        if (info.ReplyKind == ReplyKind.None)
            return;
        RoundTrip(be => Finish(ReplyHeader(be, 3, -2, 99, out _)),
            (m, d) => MessageSwapper.SwapReply(m, opcode, 45, d, ReplyHint.None), info.Name + " error reply");

        // An error reply with a body is malformed (the kernel rejects it too).
        WireBuilder b = ReplyHeader(SwapAssert.NativeBigEndian, 3, -5, 99, out _);
        b.RandomBytes(8);
        SwapAssert.FailsUnchanged(Finish(b).ToArray(), (m, d) => MessageSwapper.SwapReply(m, opcode, 45, d, ReplyHint.XattrData),
            SwapDirection.ToForeign, Status.BadMessage, info.Name + " error reply with body");
    }

    public static TheoryData<int> AllNotifications()
    {
        var data = new TheoryData<int>();
        foreach (NotifyInfo n in NotifyTable.All)
            data.Add((int)n.Code);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllNotifications))]
    public void Notification_swaps_every_field(int code)
    {
        Assert.True(NotifyTable.TryGet(code, out NotifyInfo n));
        for (int seed = 0; seed < 6; seed++)
        {
            // The opcode argument is ignored for notifications: pass one that has no reply at all.
            RoundTrip(be => Notification(n, be, seed * 31 + code),
                (m, d) => MessageSwapper.SwapReply(m, (uint)FuseOpcode.Forget, 45, d, ReplyHint.None), $"{n.Name} seed={seed}");
        }
    }

    [Theory]
    [InlineData(StructId.Dirent, 16, (uint)FuseOpcode.ReadDir)]
    [InlineData(StructId.Direntplus, 144, (uint)FuseOpcode.ReadDirPlus)]
    public void Dirent_streams_of_many_records(StructId record, int namelenOffset, uint opcode)
    {
        foreach (int count in new[] { 0, 1, 2, 7, 40 })
        {
            for (int seed = 0; seed < 3; seed++)
            {
                RoundTrip(be =>
                {
                    WireBuilder b = ReplyHeader(be, seed + count * 100, 0, 7, out Random rng);
                    Dirents(b, rng, record, namelenOffset, count);
                    return Finish(b);
                }, (m, d) => MessageSwapper.SwapReply(m, opcode, 45, d, ReplyHint.None), $"{record} x{count} seed={seed}");
            }
        }
    }

    [Fact]
    public void Batch_forget_with_n_entries()
    {
        Assert.True(OpcodeTable.TryGet((uint)FuseOpcode.BatchForget, out OpcodeInfo info));
        foreach (int n in new[] { 0, 1, 3, 100, 1000 })
        {
            RoundTrip(be =>
            {
                var b = new WireBuilder(be, new Random(n));
                b.Struct(StructId.InHeader, new Dictionary<int, ulong> { [4] = (uint)FuseOpcode.BatchForget, [36] = 0 });
                b.Struct(StructId.BatchForgetIn, new Dictionary<int, ulong> { [0] = (ulong)n });
                for (int i = 0; i < n; i++)
                    b.Struct(StructId.ForgetOne);
                return Finish(b);
            }, (m, d) => MessageSwapper.SwapRequest(m, 45, d), $"{info.Name} x{n}");
        }
    }

    [Fact]
    public void Ioctl_retry_with_in_and_out_iovecs()
    {
        foreach ((int inIovs, int outIovs) in new[] { (0, 1), (1, 0), (3, 5), (128, 128) })
        {
            RoundTrip(be =>
            {
                WireBuilder b = ReplyHeader(be, inIovs * 1000 + outIovs, 0, 5, out _);
                b.Struct(StructId.IoctlOut, new Dictionary<int, ulong>
                    { [4] = (ulong)IoctlRetry, [8] = (ulong)inIovs, [12] = (ulong)outIovs });
                for (int i = 0; i < inIovs + outIovs; i++)
                    b.Struct(StructId.IoctlIovec);
                return Finish(b);
            }, (m, d) => MessageSwapper.SwapReply(m, (uint)FuseOpcode.Ioctl, 45, d, ReplyHint.None), $"ioctl retry {inIovs}+{outIovs}");
        }
    }

    [Fact]
    public void Extension_area_after_a_create_request()
    {
        Assert.True(OpcodeTable.TryGet((uint)FuseOpcode.Create, out OpcodeInfo info));
        for (int seed = 0; seed < 20; seed++)
        {
            RoundTrip(be => Request(info, 45, 0, be, seed, withExtensions: true),
                (m, d) => MessageSwapper.SwapRequest(m, 45, d), $"CREATE + extensions seed={seed}");
        }
    }

    [Fact]
    public void Init_request_is_sized_by_its_own_minor_and_reply_by_its_length()
    {
        Assert.True(OpcodeTable.TryGet((uint)FuseOpcode.Init, out OpcodeInfo info));
        foreach (uint kernelMinor in new uint[] { 5, 6, 35, 36, 45 })
        {
            // The minor argument is ignored for INIT: pass a wrong one on purpose.
            RoundTrip(be => Request(info, kernelMinor, 0, be, (int)kernelMinor, false),
                (m, d) => MessageSwapper.SwapRequest(m, 99, d), $"INIT 7.{kernelMinor}");
        }
        foreach (uint serverMinor in new uint[] { 4, 22, 45 })
        {
            RoundTrip(be => Reply(info, serverMinor, be, (int)serverMinor, ReplyVariant.Plain),
                (m, d) => MessageSwapper.SwapReply(m, (uint)FuseOpcode.Init, 0, d, ReplyHint.None), $"INIT reply 7.{serverMinor}");
        }
    }

    [Fact]
    public void Newer_kernel_init_swaps_the_known_64_bytes_and_leaves_the_rest()
    {
        RoundTrip(be =>
        {
            var b = new WireBuilder(be, new Random(5));
            b.Struct(StructId.InHeader, new Dictionary<int, ulong> { [4] = (uint)FuseOpcode.Init, [36] = 0 });
            b.Struct(StructId.InitIn, new Dictionary<int, ulong> { [0] = 7, [4] = 60 });
            b.RandomBytes(64);
            return Finish(b);
        }, (m, d) => MessageSwapper.SwapRequest(m, 45, d), "INIT 7.60");
    }

    private static void RoundTrip(Func<bool, WireBuilder> build, SwapAssert.Swapper swap, string what) =>
        SwapAssert.RoundTrip(build, swap, what);
}
