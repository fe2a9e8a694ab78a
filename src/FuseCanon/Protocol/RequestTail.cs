namespace FuseCanon.Protocol;

/// <summary>What follows an opcode's fixed request struct (before any extension area).</summary>
public enum RequestTail : byte
{
    /// <summary>Nothing: the body is the fixed struct (or empty).</summary>
    None = 0,

    /// <summary><see cref="OpcodeInfo.NameCount"/> NUL-terminated names (SYMLINK: name, then link target).</summary>
    Names = 1,

    /// <summary>SETXATTR: a NUL-terminated name, then a value of fuse_setxattr_in.size raw bytes.</summary>
    NameThenValue = 2,

    /// <summary>Raw bytes whose length is the u32 at <see cref="OpcodeInfo.TailLengthOffset"/> (WRITE, IOCTL, NOTIFY_REPLY).</summary>
    Data = 3,

    /// <summary>An array of <see cref="OpcodeInfo.TailElement"/> whose count is the u32 at <see cref="OpcodeInfo.TailLengthOffset"/>.</summary>
    Array = 4,
}
