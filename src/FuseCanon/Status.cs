namespace FuseCanon;

/// <summary>
/// Result of every engine operation; the numeric values are the C ABI's <c>FUSECANON_E_*</c> codes
/// (include/fusecanon.h). Zero is success, every error is negative so C callers can test <c>r &lt; 0</c>.
/// Values are part of the ABI: never renumber, only append.
/// </summary>
public enum Status : int
{
    Ok = 0,
    /// <summary>A required pointer is NULL, or an argument is outside its documented range.</summary>
    InvalidArgument = -1,
    /// <summary>A public struct's <c>size</c> field is smaller than the first version of the struct.</summary>
    StructSize = -2,
    /// <summary>An arch id is neither a known <c>uname -m</c> hash nor the canonical pseudo arch.</summary>
    UnknownArch = -3,
    /// <summary>A value has no meaning in the source arch (unknown flag bits, errno, lock type, ioctl).</summary>
    UnknownValue = -4,
    /// <summary>The message is shorter than its header, or than its opcode's body at the negotiated minor.</summary>
    Truncated = -5,
    /// <summary>The <c>len</c> field of the header disagrees with the length of the buffer.</summary>
    LengthMismatch = -6,
    /// <summary>The opcode is not one of the protocol's opcodes.</summary>
    UnknownOpcode = -7,
    /// <summary>The call is not allowed in the session's current state or role.</summary>
    BadState = -8,
    /// <summary>The session refused its peer during INIT; see the session's reason text.</summary>
    Rejected = -9,
    /// <summary>Memory could not be allocated.</summary>
    NoMemory = -10,
    /// <summary>An unexpected failure inside the library; it was contained and did not reach the caller.</summary>
    Internal = -11,
    /// <summary>A field of the message is invalid (e.g. a reply error that is positive or &lt;= -512).</summary>
    BadMessage = -12,
    /// <summary>The request is valid but this version of the library does not support it.</summary>
    Unsupported = -13,
    /// <summary>An output buffer supplied by the caller is too small; nothing was written past its end.</summary>
    BufferTooSmall = -14,
    /// <summary>A reply names a <c>unique</c> the connection holds no request for.</summary>
    UnknownUnique = -15,
    /// <summary>More requests await their reply than the session's in-flight table holds.</summary>
    TooManyInFlight = -16,
}
