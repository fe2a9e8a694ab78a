namespace FuseCanon.Arch;

/// <summary>What the registry knows about one arch id (blittable).</summary>
public readonly struct ArchInfo
{
    internal ArchInfo(uint id, int debianArch, Endianness byteOrder, int wordBits)
    {
        Id = id;
        DebianArch = debianArch;
        ByteOrder = byteOrder;
        WordBits = wordBits;
    }

    public uint Id { get; }

    /// <summary>Index of the Debian architecture whose uapi constants this arch uses.</summary>
    public int DebianArch { get; }

    /// <summary>Byte order the <c>uname -m</c> name tells; Little for the canonical pseudo arch.</summary>
    public Endianness ByteOrder { get; }

    /// <summary>Kernel word size in bits (0 for the canonical pseudo arch, whose format has no word size).</summary>
    public int WordBits { get; }

    /// <summary>Family index of this arch for a constant group; family 0 is the canonical (asm-generic) one.</summary>
    public int Family(ConstantGroup group) => ConstantTables.Family(DebianArch, group);
}
