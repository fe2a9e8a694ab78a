using System.Linq;
using System.Text;
using FuseCanon.Arch;
using ArchByteOrder = FuseCanon.Arch.Endianness;
using Xunit;

namespace FuseCanon.Tests.Arch;

public class ArchIdTests
{
    /// <summary>An independent FNV-1a 32-bit, written from the published definition.</summary>
    private static uint Reference(string s)
    {
        ulong h = 0x811C9DC5;
        foreach (byte b in Encoding.UTF8.GetBytes(s))
            h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF;
        return h == 0 ? 1u : (uint)h;
    }

    [Theory]
    [InlineData("x86_64")]
    [InlineData("aarch64")]
    [InlineData("armv7l")]
    [InlineData("ppc64le")]
    [InlineData("mips64")]
    [InlineData("sh4al-dsp")]
    [InlineData("a")]
    public void FnvMatchesIndependentImplementation(string name) =>
        Assert.Equal(Reference(name), ArchId.FromName(Encoding.UTF8.GetBytes(name)));

    [Fact]
    public void FnvKnownAnswers()
    {
        // Published FNV-1a 32-bit test vectors (offset basis for "", 0xe40c292c for "a", 0xbf9cf968 for "foobar").
        Assert.Equal(0xE40C292Cu, ArchId.FromName("a"u8));
        Assert.Equal(0xBF9CF968u, ArchId.FromName("foobar"u8));
        Assert.Equal(ArchId.Unknown, ArchId.FromName(default));
    }

    [Fact]
    public void EveryKnownNameHashesToItsTableIdWithoutCollisions()
    {
        var names = GeneratedData.Instance.Uname;
        foreach (var (name, id, _) in names)
        {
            Assert.Equal(Reference(name), id);
            Assert.True(ArchRegistry.IsKnown(id), name);
            Assert.Equal(name, ArchRegistry.Name(id));
        }
        Assert.Equal(names.Count, names.Select(n => n.Id).Distinct().Count());
        Assert.DoesNotContain(names, n => n.Id == 0 || n.Id == ArchId.Canonical);
    }

    [Fact]
    public void CanonicalAndUnknown()
    {
        Assert.True(ArchRegistry.IsKnown(ArchId.Canonical));
        Assert.Equal("canonical", ArchRegistry.Name(ArchId.Canonical));
        Assert.False(ArchRegistry.IsKnown(0));
        Assert.Null(ArchRegistry.Name(0));
        Assert.False(ArchRegistry.IsKnown(ArchId.FromName("vax"u8)));
        Assert.True(ArchRegistry.TryGetInfo(ArchId.Canonical, out ArchInfo c));
        Assert.Equal(ArchByteOrder.Little, c.ByteOrder);
        for (int g = 0; g < 5; g++)
            Assert.Equal(0, c.Family((ConstantGroup)g));
    }

    [Fact]
    public void HostIsThisMachinesUnameM()
    {
        var psi = new System.Diagnostics.ProcessStartInfo("uname", "-m") { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string machine = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(Reference(machine), ArchRegistry.Host);
    }

    [Fact]
    public void ByteOrderComesFromTheName()
    {
        Assert.True(ArchRegistry.TryGetInfo(ArchId.FromName("ppc64"u8), out ArchInfo be));
        Assert.True(ArchRegistry.TryGetInfo(ArchId.FromName("ppc64le"u8), out ArchInfo le));
        Assert.True(ArchRegistry.TryGetInfo(ArchId.FromName("mips"u8), out ArchInfo mips));
        Assert.True(ArchRegistry.TryGetInfo(ArchId.FromName("aarch64_be"u8), out ArchInfo a64be));
        Assert.Equal(ArchByteOrder.Big, be.ByteOrder);
        Assert.Equal(ArchByteOrder.Little, le.ByteOrder);
        Assert.Equal(ArchByteOrder.Unknown, mips.ByteOrder);
        Assert.Equal(ArchByteOrder.Big, a64be.ByteOrder);
    }
}
