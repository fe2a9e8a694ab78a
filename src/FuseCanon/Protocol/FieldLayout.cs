namespace FuseCanon.Protocol;

/// <summary>
/// One leaf field of a wire struct. Nested structs are flattened: <see cref="Name"/> is the C member
/// designator relative to the outer struct (<c>"lk.type"</c>, <c>"entry_out.attr.ino"</c>), usable in
/// C's <c>offsetof</c>. An array is one field with <see cref="Count"/> elements of
/// <see cref="ElementSize"/> bytes; a byte-order swap swaps each element on its own.
/// </summary>
public readonly struct FieldLayout
{
    public FieldLayout(string name, int offset, int elementSize, int count, ArchValueKind kind, int sinceMinor, FieldFlags flags)
    {
        Name = name;
        Offset = (ushort)offset;
        ElementSize = (byte)elementSize;
        Count = (ushort)count;
        Kind = kind;
        SinceMinor = (byte)sinceMinor;
        Flags = flags;
    }

    /// <summary>C member designator, dotted for nested structs.</summary>
    public string Name { get; }

    /// <summary>Byte offset from the start of the struct.</summary>
    public ushort Offset { get; }

    /// <summary>Width of one element: 1, 2, 4 or 8 bytes.</summary>
    public byte ElementSize { get; }

    /// <summary>1 for a scalar, N for a fixed array, 0 for a flexible array member.</summary>
    public ushort Count { get; }

    /// <summary>Arch-specific meaning of the value, or <see cref="ArchValueKind.None"/>.</summary>
    public ArchValueKind Kind { get; }

    /// <summary>
    /// The minor from which this field exists with this name and meaning at this offset (0 = older than
    /// the changelog). A field that replaced padding keeps its offset; earlier minors sent zero there.
    /// </summary>
    public byte SinceMinor { get; }

    public FieldFlags Flags { get; }

    /// <summary>Bytes the field takes inside the struct (0 for a flexible array member).</summary>
    public int Size => ElementSize * Count;

    /// <summary>Offset just past the field.</summary>
    public int End => Offset + Size;

    public bool IsPadding => (Flags & FieldFlags.Padding) != 0;

    public bool IsFlexible => (Flags & FieldFlags.Flexible) != 0;

    /// <summary>True when the field must be byte-swapped when the peer has the other byte order.</summary>
    public bool IsSwapped => ElementSize > 1 && (Flags & FieldFlags.Bytes) == 0;

    public override string ToString() => $"{Name}@{Offset}:{ElementSize}x{Count}";
}
