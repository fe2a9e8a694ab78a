using System.Runtime.InteropServices;
using Xunit;

namespace FuseCanon.Tests.Native;

/// <summary>The library-wide exports, called through the real .so.</summary>
public unsafe class LibraryExportTests
{
    [Fact]
    public void VersionMatchesManagedConstants()
    {
        var version = (delegate* unmanaged<uint>)NativeLib.Export("fusecanon_version");
        var text = (delegate* unmanaged<byte*>)NativeLib.Export("fusecanon_version_string");
        Assert.Equal(LibraryVersion.Number, version());
        Assert.Equal($"{LibraryVersion.Major}.{LibraryVersion.Minor}.{LibraryVersion.Patch}",
            Marshal.PtrToStringUTF8((nint)text()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FailingManagedPathReturnsInternalInsteadOfAborting(int kind)
    {
        var selftest = (delegate* unmanaged<int, int>)NativeLib.Export("fusecanon_barrier_selftest");
        Assert.Equal((int)Status.Internal, selftest(kind));
        // The process is alive and the library still answers.
        Assert.Equal((int)Status.Ok, selftest(0));
        Assert.Equal((int)Status.InvalidArgument, selftest(99));
    }

    [Fact]
    public void EveryStatusHasANameAndDescription()
    {
        var name = (delegate* unmanaged<int, byte*>)NativeLib.Export("fusecanon_error_name");
        var describe = (delegate* unmanaged<int, byte*>)NativeLib.Export("fusecanon_strerror");
        var isError = (delegate* unmanaged<int, int>)NativeLib.Export("fusecanon_is_error");
        foreach (Status s in System.Enum.GetValues<Status>())
        {
            string n = Marshal.PtrToStringUTF8((nint)name((int)s))!;
            string expected = s == Status.Ok ? "FUSECANON_OK" : "FUSECANON_E_" + ToMacro(s.ToString());
            Assert.Equal(expected, n);
            string d = Marshal.PtrToStringUTF8((nint)describe((int)s))!;
            Assert.False(string.IsNullOrWhiteSpace(d));
            Assert.NotEqual("unknown error code", d);
            Assert.Equal(s < 0 ? 1 : 0, isError((int)s));
        }
        Assert.Equal("FUSECANON_E_UNKNOWN_CODE", Marshal.PtrToStringUTF8((nint)name(-9999)));
        Assert.Equal("unknown error code", Marshal.PtrToStringUTF8((nint)describe(int.MinValue)));
    }

    private static string ToMacro(string pascal)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i])) sb.Append('_');
            sb.Append(char.ToUpperInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
