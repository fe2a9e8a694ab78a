using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FuseCanon;

/// <summary>
/// Names and descriptions of <see cref="Status"/> codes as static, NUL-terminated UTF-8 literals: the C ABI
/// hands out pointers into them, so they must live in the image's read-only data and never move.
/// </summary>
public static class StatusText
{
    /// <summary>The code's symbolic name, e.g. "FUSECANON_E_TRUNCATED\0".</summary>
    public static ReadOnlySpan<byte> Name(int code) => code switch
    {
        0 => "FUSECANON_OK\0"u8,
        -1 => "FUSECANON_E_INVALID_ARGUMENT\0"u8,
        -2 => "FUSECANON_E_STRUCT_SIZE\0"u8,
        -3 => "FUSECANON_E_UNKNOWN_ARCH\0"u8,
        -4 => "FUSECANON_E_UNKNOWN_VALUE\0"u8,
        -5 => "FUSECANON_E_TRUNCATED\0"u8,
        -6 => "FUSECANON_E_LENGTH_MISMATCH\0"u8,
        -7 => "FUSECANON_E_UNKNOWN_OPCODE\0"u8,
        -8 => "FUSECANON_E_BAD_STATE\0"u8,
        -9 => "FUSECANON_E_REJECTED\0"u8,
        -10 => "FUSECANON_E_NO_MEMORY\0"u8,
        -11 => "FUSECANON_E_INTERNAL\0"u8,
        -12 => "FUSECANON_E_BAD_MESSAGE\0"u8,
        -13 => "FUSECANON_E_UNSUPPORTED\0"u8,
        -14 => "FUSECANON_E_BUFFER_TOO_SMALL\0"u8,
        -15 => "FUSECANON_E_UNKNOWN_UNIQUE\0"u8,
        -16 => "FUSECANON_E_TOO_MANY_IN_FLIGHT\0"u8,
        _ => code > 0 ? "FUSECANON_OK\0"u8 : "FUSECANON_E_UNKNOWN_CODE\0"u8,
    };

    /// <summary>A one-line human description, for logs.</summary>
    public static ReadOnlySpan<byte> Describe(int code) => code switch
    {
        0 => "success\0"u8,
        -1 => "invalid argument (NULL pointer or value out of range)\0"u8,
        -2 => "struct size field too small for this struct\0"u8,
        -3 => "unknown architecture id\0"u8,
        -4 => "value has no meaning in the source architecture\0"u8,
        -5 => "message too short for its header or its opcode's body\0"u8,
        -6 => "message length field disagrees with the buffer length\0"u8,
        -7 => "unknown FUSE opcode\0"u8,
        -8 => "call not allowed in the session's state or role\0"u8,
        -9 => "peer rejected during INIT negotiation\0"u8,
        -10 => "out of memory\0"u8,
        -11 => "internal error inside libfusecanon (contained)\0"u8,
        -12 => "invalid field in message\0"u8,
        -13 => "not supported by this version of libfusecanon\0"u8,
        -14 => "output buffer too small\0"u8,
        -15 => "reply to a request the connection does not hold\0"u8,
        -16 => "too many requests await their reply\0"u8,
        _ => code > 0 ? "success\0"u8 : "unknown error code\0"u8,
    };

    /// <summary>Pointer to a static UTF-8 literal; valid for the life of the process.</summary>
    public static unsafe byte* Pointer(ReadOnlySpan<byte> literal) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(literal));
}
