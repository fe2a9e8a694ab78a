namespace FuseCanon.Protocol;

/// <summary>
/// Numeric constants of the FUSE wire protocol 7.45 other than opcodes, notification codes and INIT
/// flags. Each comment names the minor whose changelog entry introduced the value; "pre-7.1" means it
/// is older than the changelog. Compat sizes are the kernel's own <c>FUSE_COMPAT_*</c> macros.
/// </summary>
public static class FuseConstants
{
    /// <summary>FUSE_KERNEL_VERSION.</summary>
    public const uint KernelVersion = 7;

    /// <summary>FUSE_KERNEL_MINOR_VERSION of the protocol this schema describes.</summary>
    public const uint KernelMinorVersion = 45;

    /// <summary>sizeof(struct fuse_in_header): the header of every request (a test checks it against the layout).</summary>
    public const int InHeaderSize = 40;

    /// <summary>sizeof(struct fuse_out_header): the header of every reply and notification.</summary>
    public const int OutHeaderSize = 16;

    /// <summary>FUSE_ROOT_ID (pre-7.1).</summary>
    public const ulong RootId = 1;

    /// <summary>FUSE_MIN_READ_BUFFER: a server's read buffer must hold at least this (pre-7.1).</summary>
    public const int MinReadBuffer = 8192;

    /// <summary>FUSE_COMPAT_ENTRY_OUT_SIZE: fuse_entry_out before 7.9 (fuse_attr had no blksize).</summary>
    public const int CompatEntryOutSize = 120;

    /// <summary>FUSE_COMPAT_ATTR_OUT_SIZE: fuse_attr_out before 7.9.</summary>
    public const int CompatAttrOutSize = 96;

    /// <summary>FUSE_COMPAT_MKNOD_IN_SIZE: fuse_mknod_in before 7.12 (no umask).</summary>
    public const int CompatMknodInSize = 8;

    /// <summary>FUSE_COMPAT_WRITE_IN_SIZE: fuse_write_in before 7.9 (no lock_owner, flags).</summary>
    public const int CompatWriteInSize = 24;

    /// <summary>FUSE_COMPAT_STATFS_SIZE: fuse_statfs_out before 7.4 (no frsize).</summary>
    public const int CompatStatfsSize = 48;

    /// <summary>FUSE_COMPAT_SETXATTR_IN_SIZE: fuse_setxattr_in unless FUSE_SETXATTR_EXT (7.33) was negotiated.</summary>
    public const int CompatSetxattrInSize = 8;

    /// <summary>FUSE_COMPAT_INIT_OUT_SIZE: fuse_init_out before 7.5.</summary>
    public const int CompatInitOutSize = 8;

    /// <summary>FUSE_COMPAT_22_INIT_OUT_SIZE: fuse_init_out from 7.5 up to 7.22.</summary>
    public const int Compat22InitOutSize = 24;

    /// <summary>
    /// fuse_init_in before 7.36 (major, minor, max_readahead, flags). No kernel macro: the 7.36 entry
    /// "extend fuse_init_in with reserved fields" grew it to 64 bytes.
    /// </summary>
    public const int CompatInitInSize = 16;

    /// <summary>CUSE_INIT_INFO_MAX: bound of the device info strings after cuse_init_out (CUSE, 7.12).</summary>
    public const int CuseInitInfoMax = 4096;

    /// <summary>FUSE_IOCTL_MAX_IOV: bound of in_iovs + out_iovs of an ioctl retry (7.11).</summary>
    public const int IoctlMaxIov = 256;

    /// <summary>FUSE_UNIQUE_RESEND: high bit of <c>unique</c> marks a resent request (7.40).</summary>
    public const ulong UniqueResend = 1UL << 63;

    /// <summary>FUSE_INVALID_UIDGID: uid/gid the kernel sends when an idmapping cannot map them (7.41).</summary>
    public const uint InvalidUidGid = uint.MaxValue;

    /// <summary>FUSE_MAX_NR_SECCTX: largest fuse_secctx_header.nr_secctx; types 0..31 are reserved for it (7.38).</summary>
    public const uint MaxNrSecctx = 31;

    /// <summary>FUSE_URING_IN_OUT_HEADER_SZ: bytes for the in/out header in a fuse_uring_req_header (7.42).</summary>
    public const int UringInOutHeaderSize = 128;

    /// <summary>FUSE_URING_OP_IN_OUT_SZ: bytes for the per-opcode header in a fuse_uring_req_header (7.42).</summary>
    public const int UringOpInOutSize = 128;

    /// <summary>FUSE_INIT_BSWAP_RESERVED = FUSE_INIT &lt;&lt; 24: a byte-swapped INIT opcode (7.x, reserved in the enum).</summary>
    public const uint InitBswapReserved = (uint)FuseOpcode.FuseInitBswapReserved;

    /// <summary>CUSE_INIT_BSWAP_RESERVED = CUSE_INIT &lt;&lt; 8.</summary>
    public const uint CuseInitBswapReserved = (uint)FuseOpcode.CuseInitBswapReserved;

    /// <summary>
    /// Record alignment of dirents, direntplus and the extension area (FUSE_REC_ALIGN, 7.38; the dirent
    /// rule FUSE_DIRENT_ALIGN is pre-7.1).
    /// </summary>
    public const int RecordAlignment = 8;

    /// <summary>The kernel rejects a reply whose error is &lt;= -ERRNO_LIMIT or &gt; 0 (fs/fuse/dev.c: -512).</summary>
    public const int ReplyErrorLimit = 512;
}
