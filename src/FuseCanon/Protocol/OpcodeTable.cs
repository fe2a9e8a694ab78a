using System;

namespace FuseCanon.Protocol;

/// <summary>
/// O(1), allocation-free lookup of <see cref="OpcodeInfo"/> by the raw <c>fuse_in_header.opcode</c>.
/// Unknown numbers (7, 19, anything past 53 except CUSE_INIT, and the *_BSWAP_RESERVED markers) are
/// rejected.
/// </summary>
public static class OpcodeTable
{
    private static readonly OpcodeInfo[] s_dense = BuildDense(OpcodeRows.All, out s_cuseInit);
    private static readonly OpcodeInfo s_cuseInit;

    /// <summary>Every row, in opcode order (CUSE_INIT last).</summary>
    public static ReadOnlySpan<OpcodeInfo> All => OpcodeRows.All;

    /// <summary>The highest FUSE (non-CUSE) opcode of 7.45.</summary>
    public const uint MaxFuseOpcode = (uint)FuseOpcode.CopyFileRange64;

    public static bool TryGet(uint opcode, out OpcodeInfo info)
    {
        OpcodeInfo[] dense = s_dense;
        if (opcode < (uint)dense.Length)
        {
            info = dense[opcode];
            return info.Name is not null;
        }
        if (opcode == (uint)FuseOpcode.CuseInit)
        {
            info = s_cuseInit;
            return true;
        }
        info = default;
        return false;
    }

    /// <summary><see cref="TryGet"/> followed by <see cref="OpcodeInfo.At"/>.</summary>
    public static bool TryGetShape(uint opcode, uint minor, out OpcodeShape shape)
    {
        if (TryGet(opcode, out OpcodeInfo info))
        {
            shape = info.At(minor);
            return true;
        }
        shape = default;
        return false;
    }

    public static bool IsKnown(uint opcode) => TryGet(opcode, out _);

    private static OpcodeInfo[] BuildDense(OpcodeInfo[] rows, out OpcodeInfo cuseInit)
    {
        var dense = new OpcodeInfo[MaxFuseOpcode + 1];
        cuseInit = default;
        foreach (OpcodeInfo row in rows)
        {
            if (row.Opcode == FuseOpcode.CuseInit)
                cuseInit = row;
            else if (dense[(uint)row.Opcode].Name is not null)
                throw new InvalidOperationException("duplicate opcode " + row.Name);
            else
                dense[(uint)row.Opcode] = row;
        }
        return dense;
    }
}
