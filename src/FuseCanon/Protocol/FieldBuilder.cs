using System;

namespace FuseCanon.Protocol;

/// <summary>Terse constructors for the rows of <see cref="StructLayouts"/> (startup only).</summary>
internal static class FieldBuilder
{
    public static FieldLayout U64(string name, int offset, int since = 0) =>
        new(name, offset, 8, 1, ArchValueKind.None, since, FieldFlags.None);

    public static FieldLayout S64(string name, int offset, int since = 0) =>
        new(name, offset, 8, 1, ArchValueKind.None, since, FieldFlags.Signed);

    public static FieldLayout U32(string name, int offset, int since = 0, ArchValueKind kind = ArchValueKind.None) =>
        new(name, offset, 4, 1, kind, since, FieldFlags.None);

    public static FieldLayout S32(string name, int offset, int since = 0, ArchValueKind kind = ArchValueKind.None) =>
        new(name, offset, 4, 1, kind, since, FieldFlags.Signed);

    public static FieldLayout U16(string name, int offset, int since = 0) =>
        new(name, offset, 2, 1, ArchValueKind.None, since, FieldFlags.None);

    /// <summary>A padding/reserved scalar or array of <paramref name="elementSize"/>-byte elements.</summary>
    public static FieldLayout Pad(string name, int offset, int elementSize, int count = 1, int since = 0) =>
        new(name, offset, elementSize, count, ArchValueKind.None, since, FieldFlags.Padding);

    /// <summary>A signed padding scalar (fuse_sx_time.__reserved).</summary>
    public static FieldLayout PadSigned(string name, int offset, int elementSize, int since = 0) =>
        new(name, offset, elementSize, 1, ArchValueKind.None, since, FieldFlags.Padding | FieldFlags.Signed);

    /// <summary>A fixed array of meaningful elements.</summary>
    public static FieldLayout Array(string name, int offset, int elementSize, int count, int since = 0) =>
        new(name, offset, elementSize, count, ArchValueKind.None, since, FieldFlags.None);

    /// <summary>A char array: opaque, never swapped.</summary>
    public static FieldLayout Bytes(string name, int offset, int count, int since = 0) =>
        new(name, offset, 1, count, ArchValueKind.None, since, FieldFlags.Bytes);

    /// <summary>A flexible array member at the end of a struct.</summary>
    public static FieldLayout Flexible(string name, int offset, int elementSize, int since = 0) =>
        new(name, offset, elementSize, 0, ArchValueKind.None, since,
            FieldFlags.Flexible | (elementSize == 1 ? FieldFlags.Bytes : FieldFlags.None));

    /// <summary>
    /// The fields of <paramref name="inner"/> placed at <paramref name="offset"/> under the member name
    /// <paramref name="prefix"/>; a field keeps the later of its own and <paramref name="since"/> minors.
    /// </summary>
    public static FieldLayout[] Nest(string prefix, int offset, ReadOnlySpan<FieldLayout> inner, int since = 0)
    {
        var result = new FieldLayout[inner.Length];
        for (int i = 0; i < inner.Length; i++)
        {
            FieldLayout f = inner[i];
            result[i] = new FieldLayout(prefix + "." + f.Name, offset + f.Offset, f.ElementSize, f.Count, f.Kind,
                Math.Max(since, (int)f.SinceMinor), f.Flags);
        }
        return result;
    }

    /// <summary>Concatenates field groups (scalars and nested groups) in order.</summary>
    public static FieldLayout[] Join(params FieldLayout[][] groups)
    {
        int n = 0;
        foreach (FieldLayout[] g in groups)
            n += g.Length;
        var result = new FieldLayout[n];
        int i = 0;
        foreach (FieldLayout[] g in groups)
        {
            g.CopyTo(result, i);
            i += g.Length;
        }
        return result;
    }

    public static CompatSize[] Compat(params CompatSize[] steps) => steps;

    public static CompatSize Below(int minor, int size) => new(minor, size);
}
