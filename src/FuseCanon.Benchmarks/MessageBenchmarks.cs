using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using FuseCanon.Arch;
using FuseCanon.Session;

namespace FuseCanon.Benchmarks;

/// <summary>
/// One message through the managed engine, every path: requests and replies, decode and encode, on a wire of
/// the same byte order (aarch64 peer of an x86_64 side) and a swapped one (big-endian sparc64 peer). Each
/// operation is a round trip (encode then decode with a client and a server session), so the buffer comes
/// back unchanged and every call succeeds; the reported time is for the two calls.
/// </summary>
[MemoryDiagnoser]
public unsafe class MessageBenchmarks
{
    private SessionState* _client, _server;
    private readonly byte[] _open = new byte[48];
    private readonly byte[] _error = new byte[16];

    [Params("aarch64", "sparc64")]
    public string Wire { get; set; } = "aarch64";

    private static SessionState* Create(SessionRole role, uint local, uint wire)
    {
        var cfg = new SessionConfig { Size = (uint)sizeof(SessionConfig), Role = (uint)role, LocalArch = local, Wire = wire };
        if (SessionFactory.Create(&cfg, out SessionState* s) != Status.Ok)
            throw new InvalidOperationException("session");
        return s;
    }

    [GlobalSetup]
    public void Setup()
    {
        uint local = ArchId.FromName("x86_64"u8), wire = ArchId.FromName(System.Text.Encoding.ASCII.GetBytes(Wire));
        _client = Create(SessionRole.Client, local, wire);
        _server = Create(SessionRole.Server, local, wire);
        BinaryPrimitives.WriteUInt32LittleEndian(_open, 48);
        BinaryPrimitives.WriteUInt32LittleEndian(_open.AsSpan(4), 14); // FUSE_OPEN
        BinaryPrimitives.WriteUInt64LittleEndian(_open.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(_open.AsSpan(40), 0x42); // x86_64 O_RDWR | O_CREAT
        BinaryPrimitives.WriteUInt32LittleEndian(_error, 16);
        BinaryPrimitives.WriteInt32LittleEndian(_error.AsSpan(4), -2); // ENOENT: the same number everywhere
        BinaryPrimitives.WriteUInt64LittleEndian(_error.AsSpan(8), 3);
        if (RequestRoundTrip() != Status.Ok || ReplyRoundTrip() != Status.Ok)
            throw new InvalidOperationException("a translation failed");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SessionFactory.Destroy(_client);
        SessionFactory.Destroy(_server);
    }

    /// <summary>Client encodes an OPEN request, server decodes it.</summary>
    [Benchmark]
    public Status RequestRoundTrip()
    {
        Status a = MessageTranslator.Request(_client, encode: true, _open, _open.Length);
        Status b = MessageTranslator.Request(_server, encode: false, _open, _open.Length);
        return a | b;
    }

    /// <summary>Server encodes an error reply, client decodes it.</summary>
    [Benchmark]
    public Status ReplyRoundTrip()
    {
        Status a = MessageTranslator.Reply(_server, encode: true, 14, _error, _error.Length);
        Status b = MessageTranslator.Reply(_client, encode: false, 14, _error, _error.Length);
        return a | b;
    }
}
