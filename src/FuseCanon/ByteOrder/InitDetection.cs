using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FuseCanon.Protocol;

namespace FuseCanon.ByteOrder;

/// <summary>How the first message of a session, its INIT, reads on this machine.</summary>
public enum InitByteOrder : byte
{
    /// <summary>Neither a FUSE_INIT nor a CUSE_INIT in either byte order (or its len does not match the buffer).</summary>
    NotInit = 0,

    /// <summary>An INIT in this machine's byte order: the peer has the same endianness.</summary>
    Native = 1,

    /// <summary>An INIT in the other byte order: swap every message of the session (<see cref="MessageSwapper"/>).</summary>
    Swapped = 2,
}

/// <summary>
/// Recognises the byte order of a peer from its INIT request. The kernel headers reserve the opcodes a
/// byte-swapped INIT reads as: FUSE_INIT_BSWAP_RESERVED = FUSE_INIT &lt;&lt; 24 and CUSE_INIT_BSWAP_RESERVED
/// = CUSE_INIT &lt;&lt; 8 (<see cref="FuseOpcode.FuseInitBswapReserved"/>, <see cref="FuseOpcode.CuseInitBswapReserved"/>).
/// A match also needs the header's len, read in the same order, to equal the buffer length, so a
/// stray buffer is not taken for an INIT.
/// </summary>
public static class InitDetection
{
    /// <summary>
    /// Classifies <paramref name="msg"/>, one whole request as read from the transport (at least the
    /// 40-byte fuse_in_header; len must equal <c>msg.Length</c>).
    /// </summary>
    public static InitByteOrder Classify(ReadOnlySpan<byte> msg)
    {
        if (msg.Length < MessageSwapper.InHeaderSize)
            return InitByteOrder.NotInit;
        uint len = MemoryMarshal.Read<uint>(msg);
        uint opcode = MemoryMarshal.Read<uint>(msg[4..]);
        if ((opcode == (uint)FuseOpcode.Init || opcode == (uint)FuseOpcode.CuseInit) && len == (uint)msg.Length)
            return InitByteOrder.Native;
        if ((opcode == FuseConstants.InitBswapReserved || opcode == FuseConstants.CuseInitBswapReserved)
            && BinaryPrimitives.ReverseEndianness(len) == (uint)msg.Length)
            return InitByteOrder.Swapped;
        return InitByteOrder.NotInit;
    }

    /// <summary>True when <paramref name="msg"/> is a FUSE_INIT or CUSE_INIT request in the other byte order.</summary>
    public static bool IsSwappedInit(ReadOnlySpan<byte> msg) => Classify(msg) == InitByteOrder.Swapped;

    /// <summary>
    /// For a transport that reads the header first: whether <paramref name="header"/> (at least 8 bytes)
    /// starts a byte-swapped INIT, and its total length in this machine's order when it does (no check
    /// against a buffer; a length below the 40-byte header is refused).
    /// </summary>
    public static bool IsSwappedInitHeader(ReadOnlySpan<byte> header, out uint length)
    {
        length = 0;
        if (header.Length < 8)
            return false;
        uint opcode = MemoryMarshal.Read<uint>(header[4..]);
        if (opcode != FuseConstants.InitBswapReserved && opcode != FuseConstants.CuseInitBswapReserved)
            return false;
        uint len = BinaryPrimitives.ReverseEndianness(MemoryMarshal.Read<uint>(header));
        if (len < MessageSwapper.InHeaderSize)
            return false;
        length = len;
        return true;
    }
}
