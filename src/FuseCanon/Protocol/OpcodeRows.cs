namespace FuseCanon.Protocol;

/// <summary>
/// The data behind <see cref="OpcodeTable"/>: one row per opcode of protocol 7.45, in opcode order.
/// Arch fields repeat the tagged fields of the request/reply structs in <see cref="StructLayouts"/>
/// as body offsets (a test keeps the two in agreement).
/// </summary>
internal static class OpcodeRows
{
    private const int None = OpcodeInfo.NoLengthField;

    private static readonly ArchField OpenInFlags = new(0, ArchValueKind.OpenFlags);        // fuse_open_in.flags
    private static readonly ArchField CreateInFlags = new(0, ArchValueKind.OpenFlags);      // fuse_create_in.flags
    private static readonly ArchField ReadInFlags = new(32, ArchValueKind.OpenFlags, 9);    // fuse_read_in.flags
    private static readonly ArchField WriteInFlags = new(32, ArchValueKind.OpenFlags, 9);   // fuse_write_in.flags
    private static readonly ArchField ReleaseInFlags = new(8, ArchValueKind.OpenFlags);     // fuse_release_in.flags
    private static readonly ArchField LkInType = new(32, ArchValueKind.LockType);           // fuse_lk_in.lk.type
    private static readonly ArchField LkOutType = new(16, ArchValueKind.LockType);          // fuse_lk_out.lk.type
    private static readonly ArchField PollInEvents = new(20, ArchValueKind.PollEvents, 21); // fuse_poll_in.events
    private static readonly ArchField PollOutRevents = new(0, ArchValueKind.PollEvents);    // fuse_poll_out.revents
    private static readonly ArchField IoctlInCmd = new(12, ArchValueKind.IoctlCmd);         // fuse_ioctl_in.cmd

    public static readonly OpcodeInfo[] All =
    [
        Row(FuseOpcode.Lookup, "FUSE_LOOKUP", 0, StructId.None, names: 1, reply: StructId.EntryOut),
        Row(FuseOpcode.Forget, "FUSE_FORGET", 0, StructId.ForgetIn, kind: ReplyKind.None),
        Row(FuseOpcode.GetAttr, "FUSE_GETATTR", 0, StructId.GetattrIn, reply: StructId.AttrOut),
        Row(FuseOpcode.SetAttr, "FUSE_SETATTR", 1, StructId.SetattrIn, reply: StructId.AttrOut),
        Row(FuseOpcode.ReadLink, "FUSE_READLINK", 0, StructId.None, kind: ReplyKind.Data),
        Row(FuseOpcode.Symlink, "FUSE_SYMLINK", 1, StructId.None, names: 2, ext: true, reply: StructId.EntryOut),
        Row(FuseOpcode.MkNod, "FUSE_MKNOD", 1, StructId.MknodIn, names: 1, ext: true, reply: StructId.EntryOut),
        Row(FuseOpcode.MkDir, "FUSE_MKDIR", 1, StructId.MkdirIn, names: 1, ext: true, reply: StructId.EntryOut),
        Row(FuseOpcode.Unlink, "FUSE_UNLINK", 1, StructId.None, names: 1),
        Row(FuseOpcode.RmDir, "FUSE_RMDIR", 1, StructId.None, names: 1),
        Row(FuseOpcode.Rename, "FUSE_RENAME", 1, StructId.RenameIn, names: 2),
        Row(FuseOpcode.Link, "FUSE_LINK", 1, StructId.LinkIn, names: 1, reply: StructId.EntryOut),
        Row(FuseOpcode.Open, "FUSE_OPEN", 1, StructId.OpenIn, reply: StructId.OpenOut, reqArch: OpenInFlags),
        Row(FuseOpcode.Read, "FUSE_READ", 1, StructId.ReadIn, kind: ReplyKind.Data, reqArch: ReadInFlags),
        Row(FuseOpcode.Write, "FUSE_WRITE", 1, StructId.WriteIn, tail: RequestTail.Data, lengthAt: 16,
            reply: StructId.WriteOut, reqArch: WriteInFlags),
        Row(FuseOpcode.StatFs, "FUSE_STATFS", 0, StructId.None, reply: StructId.StatfsOut),
        Row(FuseOpcode.Release, "FUSE_RELEASE", 1, StructId.ReleaseIn, reqArch: ReleaseInFlags),
        Row(FuseOpcode.FSync, "FUSE_FSYNC", 1, StructId.FsyncIn),
        Row(FuseOpcode.SetXAttr, "FUSE_SETXATTR", 1, StructId.SetxattrIn, tail: RequestTail.NameThenValue, names: 1, lengthAt: 0),
        Row(FuseOpcode.GetXAttr, "FUSE_GETXATTR", 1, StructId.GetxattrIn, names: 1,
            kind: ReplyKind.XattrSizeOrData, reply: StructId.GetxattrOut),
        Row(FuseOpcode.ListXAttr, "FUSE_LISTXATTR", 1, StructId.GetxattrIn,
            kind: ReplyKind.XattrSizeOrData, reply: StructId.GetxattrOut),
        Row(FuseOpcode.RemoveXAttr, "FUSE_REMOVEXATTR", 1, StructId.None, names: 1),
        Row(FuseOpcode.Flush, "FUSE_FLUSH", 1, StructId.FlushIn),
        Row(FuseOpcode.Init, "FUSE_INIT", 0, StructId.InitIn, reply: StructId.InitOut),
        Row(FuseOpcode.OpenDir, "FUSE_OPENDIR", 1, StructId.OpenIn, reply: StructId.OpenOut, reqArch: OpenInFlags),
        Row(FuseOpcode.ReadDir, "FUSE_READDIR", 1, StructId.ReadIn, kind: ReplyKind.Dirents, reqArch: ReadInFlags),
        Row(FuseOpcode.ReleaseDir, "FUSE_RELEASEDIR", 1, StructId.ReleaseIn, reqArch: ReleaseInFlags),
        Row(FuseOpcode.FSyncDir, "FUSE_FSYNCDIR", 2, StructId.FsyncIn),
        Row(FuseOpcode.GetLk, "FUSE_GETLK", 7, StructId.LkIn, reply: StructId.LkOut, reqArch: LkInType, replyArch: LkOutType),
        Row(FuseOpcode.SetLk, "FUSE_SETLK", 7, StructId.LkIn, reqArch: LkInType),
        Row(FuseOpcode.SetLkW, "FUSE_SETLKW", 7, StructId.LkIn, reqArch: LkInType),
        Row(FuseOpcode.Access, "FUSE_ACCESS", 3, StructId.AccessIn),
        Row(FuseOpcode.Create, "FUSE_CREATE", 3, StructId.CreateIn, names: 1, ext: true,
            reply: StructId.EntryOut, reply2: StructId.OpenOut, reqArch: CreateInFlags),
        Row(FuseOpcode.Interrupt, "FUSE_INTERRUPT", 7, StructId.InterruptIn, kind: ReplyKind.OptionalHeaderOnly),
        Row(FuseOpcode.BMap, "FUSE_BMAP", 8, StructId.BmapIn, reply: StructId.BmapOut),
        Row(FuseOpcode.Destroy, "FUSE_DESTROY", 8, StructId.None),
        Row(FuseOpcode.Ioctl, "FUSE_IOCTL", 11, StructId.IoctlIn, tail: RequestTail.Data, lengthAt: 24,
            kind: ReplyKind.IoctlOut, reply: StructId.IoctlOut, reqArch: IoctlInCmd),
        Row(FuseOpcode.Poll, "FUSE_POLL", 11, StructId.PollIn, reply: StructId.PollOut, reqArch: PollInEvents, replyArch: PollOutRevents),
        Row(FuseOpcode.NotifyReply, "FUSE_NOTIFY_REPLY", 15, StructId.NotifyRetrieveIn, tail: RequestTail.Data, lengthAt: 16,
            kind: ReplyKind.None),
        Row(FuseOpcode.BatchForget, "FUSE_BATCH_FORGET", 16, StructId.BatchForgetIn, tail: RequestTail.Array, lengthAt: 0,
            element: StructId.ForgetOne, kind: ReplyKind.None),
        Row(FuseOpcode.FAllocate, "FUSE_FALLOCATE", 19, StructId.FallocateIn),
        Row(FuseOpcode.ReadDirPlus, "FUSE_READDIRPLUS", 21, StructId.ReadIn, kind: ReplyKind.DirentsPlus, reqArch: ReadInFlags),
        Row(FuseOpcode.Rename2, "FUSE_RENAME2", 23, StructId.Rename2In, names: 2),
        Row(FuseOpcode.LSeek, "FUSE_LSEEK", 24, StructId.LseekIn, reply: StructId.LseekOut),
        Row(FuseOpcode.CopyFileRange, "FUSE_COPY_FILE_RANGE", 28, StructId.CopyFileRangeIn, reply: StructId.WriteOut),
        Row(FuseOpcode.SetupMapping, "FUSE_SETUPMAPPING", 31, StructId.SetupmappingIn),
        Row(FuseOpcode.RemoveMapping, "FUSE_REMOVEMAPPING", 31, StructId.RemovemappingIn, tail: RequestTail.Array, lengthAt: 0,
            element: StructId.RemovemappingOne),
        Row(FuseOpcode.SyncFs, "FUSE_SYNCFS", 34, StructId.SyncfsIn),
        Row(FuseOpcode.TmpFile, "FUSE_TMPFILE", 37, StructId.CreateIn, names: 1, ext: true,
            reply: StructId.EntryOut, reply2: StructId.OpenOut, reqArch: CreateInFlags),
        Row(FuseOpcode.Statx, "FUSE_STATX", 39, StructId.StatxIn, reply: StructId.StatxOut),
        Row(FuseOpcode.CopyFileRange64, "FUSE_COPY_FILE_RANGE_64", 45, StructId.CopyFileRangeIn, reply: StructId.CopyFileRangeOut),
        Row(FuseOpcode.CuseInit, "CUSE_INIT", 12, StructId.CuseInitIn, kind: ReplyKind.StructThenStrings, reply: StructId.CuseInitOut),
    ];

    /// <summary>
    /// A row. Defaults: no tail, no reply struct (so a header-only reply unless <paramref name="kind"/>
    /// says otherwise), no arch fields. <paramref name="names"/> alone implies a <see cref="RequestTail.Names"/> tail.
    /// </summary>
    private static OpcodeInfo Row(FuseOpcode opcode, string name, int since, StructId request,
        RequestTail tail = RequestTail.None, int names = 0, int lengthAt = None, StructId element = StructId.None, bool ext = false,
        ReplyKind? kind = null, StructId reply = StructId.None, StructId reply2 = StructId.None,
        ArchField reqArch = default, ArchField replyArch = default)
    {
        if (tail == RequestTail.None && names > 0)
            tail = RequestTail.Names;
        ReplyKind replyKind = kind ?? (reply == StructId.None ? ReplyKind.HeaderOnly : ReplyKind.Struct);
        return new OpcodeInfo(opcode, name, since, request, tail, names, lengthAt, element, ext,
            replyKind, reply, reply2, reqArch, replyArch);
    }
}
