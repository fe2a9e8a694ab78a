using System;
using FuseCanon.Interop;
using Xunit;
using static FuseCanon.Interop.FuseCanonNative;

namespace FuseCanon.Tests.Interop;

/// <summary>The library-wide exports (version, result codes, barrier), called through the generated bindings.</summary>
public unsafe class LibraryInteropTests
{
    [Fact]
    public void VersionOfTheLoadedLibraryMatchesTheHeader()
    {
        Assert.Equal((uint)FUSECANON_VERSION_NUMBER, fusecanon_version());
        Assert.Equal(LibraryVersion.Number, fusecanon_version());
        Assert.Equal($"{FUSECANON_VERSION_MAJOR}.{FUSECANON_VERSION_MINOR}.{FUSECANON_VERSION_PATCH}",
            InteropLibrary.Utf8(fusecanon_version_string()));
    }

    /// <summary>Every FUSECANON_E_* of the header, by name, as the generated constants give them.</summary>
    public static TheoryData<string, int> HeaderCodes()
    {
        var data = new TheoryData<string, int>();
        foreach (var field in typeof(FuseCanonNative).GetFields())
        {
            if (field.IsLiteral && (field.Name == "FUSECANON_OK" || field.Name.StartsWith("FUSECANON_E_", StringComparison.Ordinal)))
                data.Add(field.Name, (int)field.GetRawConstantValue()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HeaderCodes))]
    public void EveryHeaderCodeHasItsNameAndADescription(string macro, int code)
    {
        Assert.Equal(macro, InteropLibrary.Utf8(fusecanon_error_name(code)));
        string text = InteropLibrary.Utf8(fusecanon_strerror(code));
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.NotEqual("unknown error code", text);
        Assert.Equal(code < 0 ? 1 : 0, fusecanon_is_error(code));
        Assert.True(Enum.IsDefined((Status)code), $"{macro} ({code}) has no managed Status value");
    }

    [Theory]
    [InlineData(-9999)]
    [InlineData(-17)]
    [InlineData(int.MinValue)]
    public void UnknownNegativeCodesAreNamedAsUnknown(int code)
    {
        Assert.Equal("FUSECANON_E_UNKNOWN_CODE", InteropLibrary.Utf8(fusecanon_error_name(code)));
        Assert.Equal("unknown error code", InteropLibrary.Utf8(fusecanon_strerror(code)));
        Assert.Equal(1, fusecanon_is_error(code));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void PositiveValuesAreSuccess(int value)
    {
        Assert.Equal("FUSECANON_OK", InteropLibrary.Utf8(fusecanon_error_name(value)));
        Assert.Equal(0, fusecanon_is_error(value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void InternalFailuresComeBackAsInternal(int kind)
    {
        Assert.Equal(FUSECANON_E_INTERNAL, fusecanon_barrier_selftest(kind));
        Assert.Equal(FUSECANON_OK, fusecanon_barrier_selftest(0));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void UnknownSelftestKindsAreInvalidArguments(int kind) =>
        Assert.Equal(FUSECANON_E_INVALID_ARGUMENT, fusecanon_barrier_selftest(kind));
}
