using System;
using System.Buffers.Binary;
using System.Linq;
using FuseCanon.Session;
using FuseCanon.Tests.Arch;
using Xunit;

namespace FuseCanon.Tests.Performance;

/// <summary>
/// The managed engine's hot path allocates nothing: a million translations on every message path (requests and
/// replies, decode and encode, a same-order wire and a byte-swapped one) add zero bytes to this thread's
/// allocation counter. Each iteration is a round trip (client encodes, server decodes, or the reverse for
/// replies), so the buffer comes back to where it started and every call succeeds.
/// </summary>
public unsafe class ZeroAllocationTests
{
    private const int Iterations = 1_000_000;
    private static readonly GeneratedData Data = GeneratedData.Instance;
    private static uint Id(string name) => Data.Uname.First(u => u.Name == name).Id;

    private static long Value(string arch, int group, string name) =>
        Data.Families[group][Data.Uname.First(u => u.Name == arch).Families[group]][name];

    private static SessionState* Create(uint role, string local, string wire)
    {
        var cfg = new SessionConfig { Size = (uint)sizeof(SessionConfig), Role = role, LocalArch = Id(local), Wire = Id(wire) };
        Assert.Equal(Status.Ok, SessionFactory.Create(&cfg, out SessionState* s));
        return s;
    }

    /// <summary>An OPEN request with open flags that every arch can express (O_RDWR | O_CREAT of x86_64).</summary>
    private static byte[] OpenRequest()
    {
        var m = new byte[48];
        BinaryPrimitives.WriteUInt32LittleEndian(m, 48);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(4), 14); // FUSE_OPEN
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 3);
        uint rdwr = (uint)Value("x86_64", 0, "O_RDWR"), creat = (uint)Value("x86_64", 0, "O_CREAT");
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(40), rdwr | creat);
        return m;
    }

    private static byte[] ErrorReply()
    {
        var m = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(m, 16);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(4), -(int)Value("x86_64", 1, "ENOENT"));
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(8), 3);
        return m;
    }

    [Theory]
    [InlineData("aarch64", false)] // same byte order: constants only
    [InlineData("alpha", false)]
    [InlineData("sparc64", true)]  // a big-endian wire: every message is swapped
    [InlineData("x86_64", false)]  // identity: validation only
    public void MillionTranslationsAllocateNothing(string wire, bool swapped)
    {
        SessionState* client = Create((uint)SessionRole.Client, "x86_64", wire);
        SessionState* server = Create((uint)SessionRole.Server, "x86_64", wire);
        try
        {
            Assert.Equal(swapped, server->WireSwapped != 0);
            byte[] request = OpenRequest(), reply = ErrorReply();
            byte[] request0 = (byte[])request.Clone(), reply0 = (byte[])reply.Clone();

            void Round(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    if (MessageTranslator.Request(client, encode: true, request, request.Length) != Status.Ok ||
                        MessageTranslator.Request(server, encode: false, request, request.Length) != Status.Ok ||
                        MessageTranslator.Reply(server, encode: true, 14, reply, reply.Length) != Status.Ok ||
                        MessageTranslator.Reply(client, encode: false, 14, reply, reply.Length) != Status.Ok)
                        throw new InvalidOperationException("a translation failed");
                }
            }

            Round(10_000); // warm up: JIT tiers, static constructors
            long before = GC.GetAllocatedBytesForCurrentThread();
            Round(Iterations);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0L, allocated);
            Assert.Equal(request0, request);
            Assert.Equal(reply0, reply);
            Assert.True(client->Stats.MessagesTranslated >= 2L * Iterations);
        }
        finally
        {
            SessionFactory.Destroy(client);
            SessionFactory.Destroy(server);
        }
    }
}
