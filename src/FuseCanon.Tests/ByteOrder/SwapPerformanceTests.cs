using System;
using System.Diagnostics;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;
using Xunit.Abstractions;
using static FuseCanon.Tests.ByteOrder.FuseMessages;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>The swapper allocates nothing, and its cost per message is printed (not asserted beyond a loose bound).</summary>
public class SwapPerformanceTests
{
    private readonly ITestOutputHelper _output;

    public SwapPerformanceTests(ITestOutputHelper output) => _output = output;

    private static OpcodeInfo Op(FuseOpcode op)
    {
        Assert.True(OpcodeTable.TryGet((uint)op, out OpcodeInfo info));
        return info;
    }

    [Fact]
    public void Swapping_allocates_nothing_and_is_fast()
    {
        bool native = SwapAssert.NativeBigEndian;
        byte[] getlk = Request(Op(FuseOpcode.GetLk), 45, 0, native, 1, false).ToArray();
        byte[] create = Request(Op(FuseOpcode.Create), 45, 0, native, 2, true).ToArray();
        byte[] entry = Reply(Op(FuseOpcode.Lookup), 45, native, 3, ReplyVariant.Plain).ToArray();
        WireBuilder dirs = ReplyHeader(native, 4, 0, 5, out Random rng);
        Dirents(dirs, rng, StructId.Direntplus, 144, 25);
        byte[] direntplus = Finish(dirs).ToArray();

        // Warm up (type initialisation, tiering), then measure allocations and time.
        for (int i = 0; i < 20_000; i++)
            Cycle(getlk, create, entry, direntplus);
        const int N = 200_000;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < N; i++)
            Cycle(getlk, create, entry, direntplus);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(t0);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(0, allocated);

        // Per message-swap: each cycle swaps four messages twice.
        double ns = elapsed.TotalMilliseconds * 1e6 / (N * 8.0);
        _output.WriteLine($"mean {ns:F1} ns per swap (GETLK request, CREATE+extensions, ENTRY reply, 25 direntplus records: {direntplus.Length} bytes)");
        foreach ((string name, byte[] msg, Func<byte[], SwapDirection, Status> f) in new (string, byte[], Func<byte[], SwapDirection, Status>)[]
        {
            ("GETLK request", getlk, (m, d) => MessageSwapper.SwapRequest(m, 45, d)),
            ("CREATE request + 4 extensions", create, (m, d) => MessageSwapper.SwapRequest(m, 45, d)),
            ("LOOKUP reply (fuse_entry_out)", entry, (m, d) => MessageSwapper.SwapReply(m, (uint)FuseOpcode.Lookup, 45, d, ReplyHint.None)),
            ("READDIRPLUS reply, 25 records", direntplus, (m, d) => MessageSwapper.SwapReply(m, (uint)FuseOpcode.ReadDirPlus, 45, d, ReplyHint.None)),
        })
        {
            var one = Stopwatch.StartNew();
            for (int i = 0; i < 50_000; i++)
            {
                f(msg, SwapDirection.ToForeign);
                f(msg, SwapDirection.FromForeign);
            }
            _output.WriteLine($"{name} ({msg.Length} bytes): {one.Elapsed.TotalMilliseconds * 1e6 / 100_000:F1} ns per swap");
        }
        Assert.True(ns < 20_000, $"{ns} ns per swap"); // a loose bound: shared 2-core machines are noisy
    }

    private static void Cycle(byte[] getlk, byte[] create, byte[] entry, byte[] direntplus)
    {
        Check(MessageSwapper.SwapRequest(getlk, 45, SwapDirection.ToForeign));
        Check(MessageSwapper.SwapRequest(getlk, 45, SwapDirection.FromForeign));
        Check(MessageSwapper.SwapRequest(create, 45, SwapDirection.ToForeign));
        Check(MessageSwapper.SwapRequest(create, 45, SwapDirection.FromForeign));
        Check(MessageSwapper.SwapReply(entry, (uint)FuseOpcode.Lookup, 45, SwapDirection.ToForeign, ReplyHint.None));
        Check(MessageSwapper.SwapReply(entry, (uint)FuseOpcode.Lookup, 45, SwapDirection.FromForeign, ReplyHint.None));
        Check(MessageSwapper.SwapReply(direntplus, (uint)FuseOpcode.ReadDirPlus, 45, SwapDirection.ToForeign, ReplyHint.None));
        Check(MessageSwapper.SwapReply(direntplus, (uint)FuseOpcode.ReadDirPlus, 45, SwapDirection.FromForeign, ReplyHint.None));
    }

    private static void Check(Status s)
    {
        if (s != Status.Ok)
            throw new InvalidOperationException(s.ToString());
    }
}
