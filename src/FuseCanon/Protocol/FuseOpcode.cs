namespace FuseCanon.Protocol;

/// <summary>
/// Every opcode of <c>enum fuse_opcode</c> at FUSE protocol 7.45 (Linux include/uapi/linux/fuse.h).
/// The comment on each member names the minor whose changelog entry added it; "7.0" means the
/// opcode predates the changelog (it starts at 7.1). Number 7 (the old GETDIR) and 19 are unused.
/// </summary>
public enum FuseOpcode : uint
{
    Lookup = 1,           // 7.0
    Forget = 2,           // 7.0, no reply
    GetAttr = 3,          // 7.0
    SetAttr = 4,          // 7.1
    ReadLink = 5,         // 7.0
    Symlink = 6,          // 7.1
    MkNod = 8,            // 7.1
    MkDir = 9,            // 7.1
    Unlink = 10,          // 7.1
    RmDir = 11,           // 7.1
    Rename = 12,          // 7.1
    Link = 13,            // 7.1
    Open = 14,            // 7.1
    Read = 15,            // 7.1
    Write = 16,           // 7.1
    StatFs = 17,          // 7.0
    Release = 18,         // 7.1
    FSync = 20,           // 7.1
    SetXAttr = 21,        // 7.1
    GetXAttr = 22,        // 7.1
    ListXAttr = 23,       // 7.1
    RemoveXAttr = 24,     // 7.1
    Flush = 25,           // 7.1
    Init = 26,            // 7.0
    OpenDir = 27,         // 7.1
    ReadDir = 28,         // 7.1
    ReleaseDir = 29,      // 7.1
    FSyncDir = 30,        // 7.2
    GetLk = 31,           // 7.7
    SetLk = 32,           // 7.7
    SetLkW = 33,          // 7.7
    Access = 34,          // 7.3
    Create = 35,          // 7.3
    Interrupt = 36,       // 7.7
    BMap = 37,            // 7.8
    Destroy = 38,         // 7.8
    Ioctl = 39,           // 7.11
    Poll = 40,            // 7.11
    NotifyReply = 41,     // 7.15 (answer to FUSE_NOTIFY_RETRIEVE)
    BatchForget = 42,     // 7.16, no reply
    FAllocate = 43,       // 7.19
    ReadDirPlus = 44,     // 7.21
    Rename2 = 45,         // 7.23
    LSeek = 46,           // 7.24
    CopyFileRange = 47,   // 7.28
    SetupMapping = 48,    // 7.31
    RemoveMapping = 49,   // 7.31
    SyncFs = 50,          // 7.34
    TmpFile = 51,         // 7.37
    Statx = 52,           // 7.39
    CopyFileRange64 = 53, // 7.45

    /// <summary>CUSE's INIT (the changelog does not list CUSE; it came with Linux 2.6.31, protocol 7.12).</summary>
    CuseInit = 4096,

    /// <summary>Not an opcode: <c>CUSE_INIT &lt;&lt; 8</c>, reserved so a byte-swapped CUSE_INIT is recognisable.</summary>
    CuseInitBswapReserved = 1048576,

    /// <summary>Not an opcode: <c>FUSE_INIT &lt;&lt; 24</c>, reserved so a byte-swapped FUSE_INIT is recognisable.</summary>
    FuseInitBswapReserved = 436207616,
}
