using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FuseCanon.Session;

/// <summary>
/// Integers of a FUSE message: in this side's byte order, or swapped (a peer of the other byte order).
/// Unaligned access is fine: callers' buffers have no alignment requirement.
/// </summary>
internal static class WireReader
{
    public static uint U32(ReadOnlySpan<byte> b, int offset, bool swapped)
    {
        uint v = MemoryMarshal.Read<uint>(b.Slice(offset, 4));
        return swapped ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    public static void PutU32(Span<byte> b, int offset, uint value, bool swapped)
    {
        uint v = swapped ? BinaryPrimitives.ReverseEndianness(value) : value;
        MemoryMarshal.Write(b.Slice(offset, 4), in v);
    }

    public static ulong U64(ReadOnlySpan<byte> b, int offset, bool swapped)
    {
        ulong v = MemoryMarshal.Read<ulong>(b.Slice(offset, 8));
        return swapped ? BinaryPrimitives.ReverseEndianness(v) : v;
    }
}
