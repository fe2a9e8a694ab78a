using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace FuseCanon.Tests.Foundation;

/// <summary>The header is the source of truth for numbers that the managed engine repeats.</summary>
public class HeaderAgreementTests
{
    private static readonly string Header = File.ReadAllText(RepoPaths.Header);

    private static long Macro(string name)
    {
        Match m = Regex.Match(Header, @"#define\s+" + name + @"\s+\(?(-?\d+)\)?");
        Assert.True(m.Success, $"{name} not defined in fusecanon.h");
        return long.Parse(m.Groups[1].Value);
    }

    [Fact]
    public void VersionMacrosMatchManagedVersion()
    {
        Assert.Equal(LibraryVersion.Major, Macro("FUSECANON_VERSION_MAJOR"));
        Assert.Equal(LibraryVersion.Minor, Macro("FUSECANON_VERSION_MINOR"));
        Assert.Equal(LibraryVersion.Patch, Macro("FUSECANON_VERSION_PATCH"));
    }

    [Fact]
    public void EveryStatusIsDefinedInTheHeaderWithTheSameValue()
    {
        foreach (Status s in System.Enum.GetValues<Status>())
        {
            string name = System.Text.Encoding.UTF8.GetString(StatusText.Name((int)s)).TrimEnd('\0');
            Assert.Equal((long)s, Macro(name));
        }
    }
}
