namespace FuseCanon.Protocol;

/// <summary>
/// Shape of a successful reply body (error == 0). An error reply is always the bare fuse_out_header.
/// </summary>
public enum ReplyKind : byte
{
    /// <summary>The kernel expects no reply at all (FORGET, BATCH_FORGET, NOTIFY_REPLY).</summary>
    None = 0,

    /// <summary>Success is the bare header (RELEASE, FLUSH, SETLK, UNLINK, ...).</summary>
    HeaderOnly = 1,

    /// <summary>
    /// INTERRUPT: normally unanswered; a server may answer with only a header whose error is -EAGAIN
    /// (interrupt again later) or -ENOSYS (interrupts unsupported). <c>unique</c> is the interrupted
    /// request's with bit 0 (FUSE_INT_REQ_BIT) set.
    /// </summary>
    OptionalHeaderOnly = 2,

    /// <summary><see cref="OpcodeInfo.ReplyStruct"/>, then <see cref="OpcodeInfo.ReplyStruct2"/> if set (CREATE, TMPFILE).</summary>
    Struct = 3,

    /// <summary>Raw bytes (READ, READLINK), possibly empty.</summary>
    Data = 4,

    /// <summary>fuse_dirent records, each padded to 8 bytes (READDIR).</summary>
    Dirents = 5,

    /// <summary>fuse_direntplus records, each padded to 8 bytes (READDIRPLUS).</summary>
    DirentsPlus = 6,

    /// <summary>
    /// GETXATTR/LISTXATTR: a fuse_getxattr_out when the request's size was 0, else the raw value/list.
    /// </summary>
    XattrSizeOrData = 7,

    /// <summary>
    /// IOCTL: fuse_ioctl_out, then the out data; with FUSE_IOCTL_RETRY in its flags, in_iovs + out_iovs
    /// fuse_ioctl_iovec instead.
    /// </summary>
    IoctlOut = 8,

    /// <summary>CUSE_INIT: cuse_init_out, then NUL-separated device info strings (at most CUSE_INIT_INFO_MAX).</summary>
    StructThenStrings = 9,
}
