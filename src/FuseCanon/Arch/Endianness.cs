namespace FuseCanon.Arch;

/// <summary>Byte order of an architecture as far as its <c>uname -m</c> name tells it.</summary>
public enum Endianness : byte
{
    /// <summary>The name covers both byte orders (mips, mips64, sh*, arc).</summary>
    Unknown = 0,
    Little = 1,
    Big = 2,
}
