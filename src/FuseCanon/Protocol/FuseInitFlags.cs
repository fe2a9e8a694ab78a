namespace FuseCanon.Protocol;

/// <summary>
/// INIT request/reply flags as one 64-bit value: bits 0..31 travel in fuse_init_in/out.flags, bits
/// 32..63 in flags2 and count only when <see cref="InitExt"/> is set (7.36). Comments name the minor of
/// the changelog entry; "unlisted" means the changelog does not name the flag.
/// </summary>
public static class FuseInitFlags
{
    public const ulong AsyncRead = 1UL << 0;          // unlisted (pre-7.6 era)
    public const ulong PosixLocks = 1UL << 1;         // 7.7 "add POSIX file lock support"
    public const ulong FileOps = 1UL << 2;            // unlisted, never implemented
    public const ulong AtomicOTrunc = 1UL << 3;       // unlisted
    public const ulong ExportSupport = 1UL << 4;      // unlisted
    public const ulong BigWrites = 1UL << 5;          // unlisted
    public const ulong DontMask = 1UL << 6;           // 7.12 (umask)
    public const ulong SpliceWrite = 1UL << 7;        // 7.14
    public const ulong SpliceMove = 1UL << 8;         // 7.14
    public const ulong SpliceRead = 1UL << 9;         // 7.14
    public const ulong FlockLocks = 1UL << 10;        // 7.17
    public const ulong HasIoctlDir = 1UL << 11;       // 7.18
    public const ulong AutoInvalData = 1UL << 12;     // 7.20
    public const ulong DoReaddirplus = 1UL << 13;     // 7.21
    public const ulong ReaddirplusAuto = 1UL << 14;   // 7.21
    public const ulong AsyncDio = 1UL << 15;          // 7.22
    public const ulong WritebackCache = 1UL << 16;    // 7.23
    public const ulong NoOpenSupport = 1UL << 17;     // 7.23
    public const ulong ParallelDirops = 1UL << 18;    // 7.25
    public const ulong HandleKillpriv = 1UL << 19;    // 7.26
    public const ulong PosixAcl = 1UL << 20;          // 7.26
    public const ulong AbortError = 1UL << 21;        // 7.27
    public const ulong MaxPages = 1UL << 22;          // 7.28
    public const ulong CacheSymlinks = 1UL << 23;     // 7.28
    public const ulong NoOpendirSupport = 1UL << 24;  // 7.29
    public const ulong ExplicitInvalData = 1UL << 25; // 7.30
    public const ulong MapAlignment = 1UL << 26;      // 7.31
    public const ulong Submounts = 1UL << 27;         // 7.32
    public const ulong HandleKillprivV2 = 1UL << 28;  // 7.33
    public const ulong SetxattrExt = 1UL << 29;       // 7.33
    public const ulong InitExt = 1UL << 30;           // 7.36: flags2 and the 64-byte fuse_init_in are valid
    public const ulong InitReserved = 1UL << 31;      // 7.36, reserved
    public const ulong SecurityCtx = 1UL << 32;       // 7.36
    public const ulong HasInodeDax = 1UL << 33;       // 7.36
    public const ulong CreateSuppGroup = 1UL << 34;   // 7.38 entry, added in Linux 6.4 (not in 6.1's 7.38)
    public const ulong HasExpireOnly = 1UL << 35;     // 7.38
    public const ulong DirectIoAllowMmap = 1UL << 36; // 7.39 (alias FUSE_DIRECT_IO_RELAX)
    public const ulong Passthrough = 1UL << 37;       // 7.40
    public const ulong NoExportSupport = 1UL << 38;   // 7.40
    public const ulong HasResend = 1UL << 39;         // 7.40
    public const ulong AllowIdmap = 1UL << 40;        // 7.41
    public const ulong OverIoUring = 1UL << 41;       // 7.42
    public const ulong RequestTimeout = 1UL << 42;    // 7.43

    /// <summary>The bits that live in flags2 and need <see cref="InitExt"/>.</summary>
    public const ulong Flags2Mask = 0xFFFF_FFFF_0000_0000UL;

    /// <summary>
    /// The macro name of each bit above, by bit number, for logs ("FUSE_" + the constant's name in upper snake
    /// case: a test checks every entry against this class, whose values are checked against linux/fuse.h).
    /// </summary>
    public static readonly string[] Names =
    [
        "FUSE_ASYNC_READ", "FUSE_POSIX_LOCKS", "FUSE_FILE_OPS", "FUSE_ATOMIC_O_TRUNC", "FUSE_EXPORT_SUPPORT",
        "FUSE_BIG_WRITES", "FUSE_DONT_MASK", "FUSE_SPLICE_WRITE", "FUSE_SPLICE_MOVE", "FUSE_SPLICE_READ",
        "FUSE_FLOCK_LOCKS", "FUSE_HAS_IOCTL_DIR", "FUSE_AUTO_INVAL_DATA", "FUSE_DO_READDIRPLUS",
        "FUSE_READDIRPLUS_AUTO", "FUSE_ASYNC_DIO", "FUSE_WRITEBACK_CACHE", "FUSE_NO_OPEN_SUPPORT",
        "FUSE_PARALLEL_DIROPS", "FUSE_HANDLE_KILLPRIV", "FUSE_POSIX_ACL", "FUSE_ABORT_ERROR", "FUSE_MAX_PAGES",
        "FUSE_CACHE_SYMLINKS", "FUSE_NO_OPENDIR_SUPPORT", "FUSE_EXPLICIT_INVAL_DATA", "FUSE_MAP_ALIGNMENT",
        "FUSE_SUBMOUNTS", "FUSE_HANDLE_KILLPRIV_V2", "FUSE_SETXATTR_EXT", "FUSE_INIT_EXT", "FUSE_INIT_RESERVED",
        "FUSE_SECURITY_CTX", "FUSE_HAS_INODE_DAX", "FUSE_CREATE_SUPP_GROUP", "FUSE_HAS_EXPIRE_ONLY",
        "FUSE_DIRECT_IO_ALLOW_MMAP", "FUSE_PASSTHROUGH", "FUSE_NO_EXPORT_SUPPORT", "FUSE_HAS_RESEND",
        "FUSE_ALLOW_IDMAP", "FUSE_OVER_IO_URING", "FUSE_REQUEST_TIMEOUT",
    ];
}
