using System;
using System.Buffers.Binary;
using System.IO;
using FuseCanon.Interop;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// INIT negotiation through the real .so, on real bytes: the FUSE_INIT request kernel 6.18 sent on this
/// machine and the reply libfuse 3.14 answered (native-tests/data, captured by scripts/libfuse/capture-init.sh).
/// </summary>
public unsafe class InitInteropTests
{
    private static byte[] Data(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "native-tests", "data", name));

    private static fusecanon_session* Server(uint profile)
    {
        var cfg = new fusecanon_config { size = (uint)sizeof(fusecanon_config), role = FUSECANON_ROLE_SERVER, profile = profile };
        fusecanon_session* s;
        Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
        return s;
    }

    [Theory]
    [InlineData(FUSECANON_PROFILE_DEFAULT)]
    [InlineData(FUSECANON_PROFILE_SEED_2024)]
    public void RealKernelIsALegacyClientAndTheReplyIsUntouched(uint profile)
    {
        byte[] request = Data("kernel-6.18-init-request.bin");
        byte[] reply = Data("libfuse-3.14-init-reply.bin");
        // The kernel offers FUSE_ALLOW_IDMAP (bit 40 = the seed profile's flag) with arch_id 0.
        Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(40 + 16)) & (1u << 8));
        fusecanon_session* s = Server(profile);
        try
        {
            byte[] requestBefore = (byte[])request.Clone(), replyBefore = (byte[])reply.Clone();
            fixed (byte* q = request)
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_request(s, q, (nuint)request.Length));
            fixed (byte* r = reply)
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_reply(s, r, (nuint)reply.Length));
            Assert.Equal(requestBefore, request);
            Assert.Equal(replyBefore, reply);
            Assert.Equal(FUSECANON_MODE_NONE, fusecanon_session_mode(s));
            Assert.Equal(0u, fusecanon_session_peer_arch(s));
            Assert.Contains("legacy client", InteropLibrary.Utf8(fusecanon_session_reason(s)));
        }
        finally
        {
            fusecanon_session_destroy(s);
        }
    }

    [Fact]
    public void SeedProfileLeavesTheServersIdmapAnswerToTheKernel()
    {
        byte[] request = Data("kernel-6.18-init-request.bin");
        byte[] reply = Data("libfuse-3.14-init-reply.bin");
        // A server that grants FUSE_ALLOW_IDMAP answers bit 40 (flags2 bit 8; INIT_EXT is already set).
        uint flags2 = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(16 + 32));
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(16 + 32), flags2 | (1u << 8));
        byte[] before = (byte[])reply.Clone();
        fusecanon_session* s = Server(FUSECANON_PROFILE_SEED_2024);
        try
        {
            fixed (byte* q = request)
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_request(s, q, (nuint)request.Length));
            fixed (byte* r = reply)
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_reply(s, r, (nuint)reply.Length));
            Assert.Equal(before, reply);
            Assert.Equal(FUSECANON_MODE_NONE, fusecanon_session_mode(s));
        }
        finally
        {
            fusecanon_session_destroy(s);
        }
    }

    [Fact]
    public void ClientOnTheRealKernelRequestNegotiatesCanonicalWithAServer()
    {
        // The kernel's own request, stamped by an aarch64 client session, read by an x86_64 server session.
        byte[] request = Data("kernel-6.18-init-request.bin");
        byte[] reply = Data("libfuse-3.14-init-reply.bin");
        uint aarch64 = ArchId("aarch64"), x86 = ArchId("x86_64");
        var cc = new fusecanon_config { size = (uint)sizeof(fusecanon_config), role = FUSECANON_ROLE_CLIENT, local_arch = aarch64 };
        var sc = new fusecanon_config { size = (uint)sizeof(fusecanon_config), role = FUSECANON_ROLE_SERVER, local_arch = x86 };
        fusecanon_session* client, server;
        Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cc, &client));
        Assert.Equal(FUSECANON_OK, fusecanon_session_create(&sc, &server));
        try
        {
            fixed (byte* q = request)
            {
                Assert.Equal(FUSECANON_OK, fusecanon_client_init_request(client, q, (nuint)request.Length));
                Assert.Equal(aarch64, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(40 + 20 + 4 * FUSECANON_INIT_ARCH_WORD_DEFAULT)));
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_request(server, q, (nuint)request.Length));
            }
            fixed (byte* r = reply)
            {
                Assert.Equal(FUSECANON_OK, fusecanon_server_init_reply(server, r, (nuint)reply.Length));
                Assert.Equal(FUSECANON_OK, fusecanon_client_init_reply(client, r, (nuint)reply.Length));
            }
            ulong flags = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(16 + 12)) |
                          (ulong)BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(16 + 32)) << 32;
            Assert.NotEqual(0ul, flags & FUSECANON_INIT_FLAG_DEFAULT);
            Assert.Equal(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(server));
            Assert.Equal(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(client));
            Assert.Equal(aarch64, fusecanon_session_peer_arch(server));
        }
        finally
        {
            fusecanon_session_destroy(client);
            fusecanon_session_destroy(server);
        }
    }

    private static uint ArchId(string name)
    {
        fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(name + "\0"))
            return fusecanon_arch_id_from_name(n);
    }
}
