namespace FuseCanon.Protocol;

/// <summary>
/// "Below minor <see cref="BelowMinor"/> the struct is <see cref="Size"/> bytes on the wire": one
/// step of a struct's history, taken from the kernel's FUSE_COMPAT_* macros and changelog.
/// </summary>
public readonly struct CompatSize
{
    public CompatSize(int belowMinor, int size)
    {
        BelowMinor = (byte)belowMinor;
        Size = (ushort)size;
    }

    /// <summary>The step applies when the negotiated minor is strictly less than this.</summary>
    public byte BelowMinor { get; }

    public ushort Size { get; }

    public override string ToString() => $"<7.{BelowMinor}: {Size}";
}
