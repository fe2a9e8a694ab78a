using System;

namespace FuseCanon.Protocol;

/// <summary>
/// Field-level layout of one wire struct at 7.45, with its size history. Immutable; instances live in
/// <see cref="StructLayouts"/>. Lookups are allocation-free.
/// </summary>
public sealed class StructLayout
{
    private readonly FieldLayout[] _fields;
    private readonly CompatSize[] _compat;

    internal StructLayout(StructId id, string cName, int size, int sinceMinor, FieldLayout[] fields, CompatSize[] compat,
        ulong sizeFeature = 0, int sizeWithoutFeature = 0, string? note = null)
    {
        Id = id;
        CName = cName;
        Size = size;
        SinceMinor = (byte)sinceMinor;
        _fields = fields;
        _compat = compat;
        SizeFeature = sizeFeature;
        SizeWithoutFeature = sizeWithoutFeature;
        Note = note;
    }

    public StructId Id { get; }

    /// <summary>The C tag without "struct ", e.g. <c>fuse_in_header</c>.</summary>
    public string CName { get; }

    /// <summary>sizeof at 7.45 (flexible array members excluded).</summary>
    public int Size { get; }

    /// <summary>The minor whose changelog introduced the struct (0 = older than the changelog).</summary>
    public byte SinceMinor { get; }

    /// <summary>Leaf fields in offset order, padding included, nested structs flattened.</summary>
    public ReadOnlySpan<FieldLayout> Fields => _fields;

    /// <summary>Smaller sizes used below some minor, ascending by <see cref="CompatSize.BelowMinor"/>.</summary>
    public ReadOnlySpan<CompatSize> CompatSizes => _compat;

    /// <summary>
    /// An INIT flag (<see cref="FuseInitFlags"/>) without which the struct is only
    /// <see cref="SizeWithoutFeature"/> bytes whatever the minor (fuse_setxattr_in and FUSE_SETXATTR_EXT); 0 if none.
    /// </summary>
    public ulong SizeFeature { get; }

    public int SizeWithoutFeature { get; }

    /// <summary>Free text about the struct's history or use, or null.</summary>
    public string? Note { get; }

    /// <summary>Wire size when <paramref name="minor"/> was negotiated and <paramref name="initFlags"/> agreed.</summary>
    public int SizeAt(uint minor, ulong initFlags)
    {
        if (SizeFeature != 0 && (initFlags & SizeFeature) == 0)
            return SizeWithoutFeature;
        return SizeAtMinor(minor);
    }

    /// <summary>
    /// The smallest size a peer at <paramref name="minor"/> may send: the compat size in force at that
    /// minor, or the feature-less size when the struct's size depends on an INIT flag.
    /// </summary>
    public int MinSizeAtMinor(uint minor)
    {
        int size = SizeAtMinor(minor);
        return SizeFeature != 0 && SizeWithoutFeature < size ? SizeWithoutFeature : size;
    }

    /// <summary>Size by minor alone (feature-dependent sizes ignored).</summary>
    public int SizeAtMinor(uint minor)
    {
        foreach (ref readonly CompatSize step in _compat.AsSpan())
        {
            if (minor < step.BelowMinor)
                return step.Size;
        }
        return Size;
    }

    /// <summary>Finds a field by its designator; false if the struct has none of that name.</summary>
    public bool TryGetField(string name, out FieldLayout field)
    {
        foreach (ref readonly FieldLayout f in _fields.AsSpan())
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal))
            {
                field = f;
                return true;
            }
        }
        field = default;
        return false;
    }

    public override string ToString() => $"struct {CName} ({Size})";
}
