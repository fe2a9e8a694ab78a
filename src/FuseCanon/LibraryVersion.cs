namespace FuseCanon;

/// <summary>
/// The library version. include/fusecanon.h is the source of truth (FUSECANON_VERSION_*); a test checks that
/// these constants and the header agree, and CMake reads the header for the SONAME and package files.
/// </summary>
public static class LibraryVersion
{
    public const int Major = 1;
    public const int Minor = 2;
    public const int Patch = 0;

    /// <summary>zstd-style single number: MAJOR*10000 + MINOR*100 + PATCH.</summary>
    public const uint Number = Major * 10000 + Minor * 100 + Patch;

    /// <summary>"1.2.0" as a static NUL-terminated UTF-8 literal.</summary>
    public static System.ReadOnlySpan<byte> Text => "1.2.0\0"u8;
}
