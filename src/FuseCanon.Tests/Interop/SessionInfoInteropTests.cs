using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>fusecanon_session_info through the generated bindings: the struct layout and a fixed-wire session.</summary>
public unsafe class SessionInfoInteropTests
{
    [Fact]
    public void FixedCanonicalWireIsReported()
    {
        var cfg = new FuseCanon.Interop.fusecanon_config
        {
            size = (uint)sizeof(FuseCanon.Interop.fusecanon_config), role = FUSECANON_ROLE_CLIENT, wire = FUSECANON_ARCH_CANONICAL,
        };
        FuseCanon.Interop.fusecanon_session* s;
        Assert.Equal(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
        try
        {
            var info = new FuseCanon.Interop.fusecanon_session_info { size = (uint)sizeof(FuseCanon.Interop.fusecanon_session_info) };
            Assert.Equal(FUSECANON_OK, fusecanon_session_info(s, &info));
            Assert.Equal(FUSECANON_MODE_CANONICAL, info.mode);
            Assert.Equal(FUSECANON_ROLE_CLIENT, info.role);
            Assert.Equal(fusecanon_arch_host(), info.local_arch);
            Assert.Equal(FUSECANON_ARCH_CANONICAL, info.wire_arch);
            Assert.Equal(45u, info.minor);
            Assert.Equal(0u, info.wire_swapped);
        }
        finally
        {
            fusecanon_session_destroy(s);
        }
    }
}
