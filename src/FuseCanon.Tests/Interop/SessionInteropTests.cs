using FuseCanon.Interop;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Session exports through the generated bindings: only what include/fusecanon.h specifies without room
/// for interpretation (argument checks, the initial mode). Each test is skipped until the library under
/// test exports what it calls.
/// </summary>
public unsafe class SessionInteropTests
{
    private static fusecanon_config Config(uint role) => new()
    {
        size = (uint)sizeof(fusecanon_config),
        role = role,
    };

    [ExportFact("fusecanon_session_create", "fusecanon_session_destroy", "fusecanon_session_mode",
        "fusecanon_session_peer_arch", "fusecanon_session_reason")]
    public void NegotiatingServerSessionStartsPending()
    {
        fusecanon_config cfg = Config(FUSECANON_ROLE_SERVER);
        fusecanon_session* s = null;
        Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
        try
        {
            Assert.True(s != null);
            Assert.Equal(FUSECANON_MODE_PENDING, fusecanon_session_mode(s));
            Assert.Equal(0u, fusecanon_session_peer_arch(s));
            InteropLibrary.Utf8(fusecanon_session_reason(s));
        }
        finally
        {
            fusecanon_session_destroy(s);
        }
    }

    [ExportFact("fusecanon_session_create")]
    public void CreateChecksItsArguments()
    {
        fusecanon_config cfg = Config(FUSECANON_ROLE_CLIENT);
        fusecanon_session* s = null;
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(null, &s));
        Assert.True(s == null);
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, null));

        cfg.role = 0;
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, &s));
        Assert.True(s == null);

        cfg = Config(FUSECANON_ROLE_CLIENT);
        cfg.size = 16; // below the first version of the struct (32 bytes)
        Assert.Equal(FUSECANON_E_STRUCT_SIZE, fusecanon_session_create(&cfg, &s));
        Assert.True(s == null);
    }

    [ExportFact("fusecanon_session_destroy", "fusecanon_session_mode", "fusecanon_session_peer_arch",
        "fusecanon_session_reason")]
    public void NullSessionsAreHandled()
    {
        fusecanon_session_destroy(null);
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_mode(null));
        Assert.Equal(0u, fusecanon_session_peer_arch(null));
        Assert.Equal("", InteropLibrary.Utf8(fusecanon_session_reason(null)));
    }
}
