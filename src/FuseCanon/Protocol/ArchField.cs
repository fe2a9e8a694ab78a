namespace FuseCanon.Protocol;

/// <summary>
/// An arch-specific 32-bit value in an opcode's request or reply body: where it sits (offset from the
/// start of the body, i.e. just after the fuse_in/out_header), what it means, and the first minor at
/// which the field is on the wire. <c>default</c> is "no field" (<see cref="Kind"/> == None).
/// </summary>
public readonly struct ArchField
{
    public ArchField(int offset, ArchValueKind kind, int sinceMinor = 0)
    {
        Offset = (ushort)offset;
        Kind = kind;
        SinceMinor = (byte)sinceMinor;
    }

    /// <summary>Byte offset from the start of the body (after the header).</summary>
    public ushort Offset { get; }

    public ArchValueKind Kind { get; }

    /// <summary>Below this negotiated minor the field is absent (or padding that carries nothing).</summary>
    public byte SinceMinor { get; }

    /// <summary>Width on the wire; every arch field of 7.45 is a u32.</summary>
    public int Size => 4;

    public bool IsPresent => Kind != ArchValueKind.None;

    /// <summary>True when the field exists and carries a value at <paramref name="minor"/>.</summary>
    public bool AppliesAt(uint minor) => Kind != ArchValueKind.None && minor >= SinceMinor;

    public override string ToString() => IsPresent ? $"{Kind}@{Offset} (7.{SinceMinor}+)" : "none";
}
