using System;
using static FuseCanon.Protocol.FieldBuilder;

namespace FuseCanon.Protocol;

/// <summary>
/// The field-level layout of every fixed struct of FUSE protocol 7.45, as data. Sources: Linux
/// include/uapi/linux/fuse.h at 7.45 (struct bodies, FUSE_COMPAT_* macros, the changelog at its top)
/// and, for compat sizes without a macro, the changelog entry that grew the struct.
/// Every byte of every struct is covered by exactly one field (explicit padding included); the tests
/// check that and compare sizes/offsets with a real fuse_kernel.h through a C compiler.
/// </summary>
public static class StructLayouts
{
    // ---- Structs that are nested in others (flattened into them with Nest). ----

    private static readonly FieldLayout[] AttrFields =
    [
        U64("ino", 0), U64("size", 8), U64("blocks", 16),
        U64("atime", 24), U64("mtime", 32), U64("ctime", 40),
        U32("atimensec", 48), U32("mtimensec", 52), U32("ctimensec", 56),
        U32("mode", 60), U32("nlink", 64), U32("uid", 68), U32("gid", 72), U32("rdev", 76),
        U32("blksize", 80, since: 9),
        U32("flags", 84, since: 32), // was padding until 7.32
    ];

    private static readonly FieldLayout[] SxTimeFields =
    [
        S64("tv_sec", 0), U32("tv_nsec", 8), PadSigned("__reserved", 12, 4),
    ];

    private static readonly FieldLayout[] StatxFields = Join(
    [
        U32("mask", 0), U32("blksize", 4), U64("attributes", 8),
        U32("nlink", 16), U32("uid", 20), U32("gid", 24),
        U16("mode", 28), Pad("__spare0", 30, 2, 1),
        U64("ino", 32), U64("size", 40), U64("blocks", 48), U64("attributes_mask", 56),
    ],
        Nest("atime", 64, SxTimeFields), Nest("btime", 80, SxTimeFields),
        Nest("ctime", 96, SxTimeFields), Nest("mtime", 112, SxTimeFields),
    [
        U32("rdev_major", 128), U32("rdev_minor", 132), U32("dev_major", 136), U32("dev_minor", 140),
        Pad("__spare2", 144, 8, 14),
    ]);

    private static readonly FieldLayout[] KstatfsFields =
    [
        U64("blocks", 0), U64("bfree", 8), U64("bavail", 16), U64("files", 24), U64("ffree", 32),
        U32("bsize", 40), U32("namelen", 44),
        U32("frsize", 48, since: 4), Pad("padding", 52, 4, since: 4), Pad("spare", 56, 4, 6, since: 4),
    ];

    private static readonly FieldLayout[] FileLockFields =
    [
        U64("start", 0), U64("end", 8), U32("type", 16, kind: ArchValueKind.LockType), U32("pid", 20),
    ];

    private static readonly FieldLayout[] EntryOutFields = Join(
    [
        U64("nodeid", 0), U64("generation", 8), U64("entry_valid", 16), U64("attr_valid", 24),
        U32("entry_valid_nsec", 32), U32("attr_valid_nsec", 36),
    ],
        Nest("attr", 40, AttrFields));

    private static readonly FieldLayout[] DirentFields =
    [
        U64("ino", 0), U64("off", 8), U32("namelen", 16), U32("type", 20), Flexible("name", 24, 1),
    ];

    private static readonly FieldLayout[] UringEntInOutFields =
    [
        U64("flags", 0), U64("commit_id", 8), U32("payload_sz", 16), Pad("padding", 20, 4), Pad("reserved", 24, 8),
    ];

    // ---- The table, one row per struct. ----

    private static readonly StructLayout[] s_all =
    [
        new(StructId.InHeader, "fuse_in_header", 40, 0,
        [
            U32("len", 0), U32("opcode", 4), U64("unique", 8), U64("nodeid", 16),
            U32("uid", 24), U32("gid", 28), U32("pid", 32),
            U16("total_extlen", 36, since: 38), Pad("padding", 38, 2, since: 38), // a u32 padding until 7.38
        ], []),
        new(StructId.OutHeader, "fuse_out_header", 16, 0,
        [
            U32("len", 0), S32("error", 4, kind: ArchValueKind.Errno), U64("unique", 8),
        ], [], note: "error is a negated errno only when unique != 0; with unique == 0 it is a fuse_notify_code."),
        new(StructId.Attr, "fuse_attr", 88, 0, AttrFields, Compat(Below(9, 80))),
        new(StructId.SxTime, "fuse_sx_time", 16, 39, SxTimeFields, []),
        new(StructId.Statx, "fuse_statx", 256, 39, StatxFields, []),
        new(StructId.Kstatfs, "fuse_kstatfs", 80, 0, KstatfsFields, Compat(Below(4, 48))),
        new(StructId.FileLock, "fuse_file_lock", 24, 7, FileLockFields, []),
        new(StructId.EntryOut, "fuse_entry_out", 128, 0, EntryOutFields, Compat(Below(9, FuseConstants.CompatEntryOutSize))),
        new(StructId.ForgetIn, "fuse_forget_in", 8, 0, [U64("nlookup", 0)], []),
        new(StructId.ForgetOne, "fuse_forget_one", 16, 16, [U64("nodeid", 0), U64("nlookup", 8)], []),
        new(StructId.BatchForgetIn, "fuse_batch_forget_in", 8, 16, [U32("count", 0), Pad("dummy", 4, 4)], []),
        new(StructId.GetattrIn, "fuse_getattr_in", 16, 9,
            [U32("getattr_flags", 0, since: 9), Pad("dummy", 4, 4, since: 9), U64("fh", 8, since: 9)],
            Compat(Below(9, 0)), note: "GETATTR had no request body before 7.9."),
        new(StructId.AttrOut, "fuse_attr_out", 104, 0,
            Join([U64("attr_valid", 0), U32("attr_valid_nsec", 8), Pad("dummy", 12, 4)], Nest("attr", 16, AttrFields)),
            Compat(Below(9, FuseConstants.CompatAttrOutSize))),
        new(StructId.StatxIn, "fuse_statx_in", 24, 39,
            [U32("getattr_flags", 0), Pad("reserved", 4, 4), U64("fh", 8), U32("sx_flags", 16), U32("sx_mask", 20)], []),
        new(StructId.StatxOut, "fuse_statx_out", 288, 39,
            Join([U64("attr_valid", 0), U32("attr_valid_nsec", 8), U32("flags", 12), Pad("spare", 16, 8, 2)],
                Nest("stat", 32, StatxFields)), []),
        new(StructId.MknodIn, "fuse_mknod_in", 16, 1,
            [U32("mode", 0), U32("rdev", 4), U32("umask", 8, since: 12), Pad("padding", 12, 4, since: 12)],
            Compat(Below(12, FuseConstants.CompatMknodInSize))),
        new(StructId.MkdirIn, "fuse_mkdir_in", 8, 1, [U32("mode", 0), U32("umask", 4, since: 12)], []),
        new(StructId.RenameIn, "fuse_rename_in", 8, 1, [U64("newdir", 0)], []),
        new(StructId.Rename2In, "fuse_rename2_in", 16, 23, [U64("newdir", 0), U32("flags", 8), Pad("padding", 12, 4)], []),
        new(StructId.LinkIn, "fuse_link_in", 8, 1, [U64("oldnodeid", 0)], []),
        new(StructId.SetattrIn, "fuse_setattr_in", 88, 1,
        [
            U32("valid", 0), Pad("padding", 4, 4), U64("fh", 8, since: 3), U64("size", 16),
            U64("lock_owner", 24, since: 9), U64("atime", 32), U64("mtime", 40), U64("ctime", 48, since: 23),
            U32("atimensec", 56), U32("mtimensec", 60), U32("ctimensec", 64, since: 23),
            U32("mode", 68), Pad("unused4", 72, 4), U32("uid", 76), U32("gid", 80), Pad("unused5", 84, 4),
        ], []),
        new(StructId.OpenIn, "fuse_open_in", 8, 1,
            [U32("flags", 0, kind: ArchValueKind.OpenFlags), U32("open_flags", 4, since: 33)], []),
        new(StructId.CreateIn, "fuse_create_in", 16, 12,
        [
            U32("flags", 0, kind: ArchValueKind.OpenFlags), U32("mode", 4), U32("umask", 8, since: 12),
            U32("open_flags", 12, since: 33), // padding until 7.33
        ], Compat(Below(12, 8)), note: "Before 7.12 CREATE carried an 8-byte fuse_open_in (flags, mode)."),
        new(StructId.OpenOut, "fuse_open_out", 16, 1,
            [U64("fh", 0), U32("open_flags", 8), S32("backing_id", 12, since: 40)], []), // padding until 7.40
        new(StructId.ReleaseIn, "fuse_release_in", 24, 1,
        [
            U64("fh", 0), U32("flags", 8, kind: ArchValueKind.OpenFlags),
            U32("release_flags", 12, since: 8), U64("lock_owner", 16, since: 8),
        ], Compat(Below(8, 16))),
        new(StructId.FlushIn, "fuse_flush_in", 24, 1,
            [U64("fh", 0), Pad("unused", 8, 4), Pad("padding", 12, 4), U64("lock_owner", 16, since: 7)],
            Compat(Below(7, 16))),
        new(StructId.ReadIn, "fuse_read_in", 40, 1,
        [
            U64("fh", 0), U64("offset", 8), U32("size", 16), U32("read_flags", 20, since: 9),
            U64("lock_owner", 24, since: 9), U32("flags", 32, since: 9, kind: ArchValueKind.OpenFlags),
            Pad("padding", 36, 4, since: 9),
        ], Compat(Below(9, 24))),
        new(StructId.WriteIn, "fuse_write_in", 40, 1,
        [
            U64("fh", 0), U64("offset", 8), U32("size", 16), U32("write_flags", 20),
            U64("lock_owner", 24, since: 9), U32("flags", 32, since: 9, kind: ArchValueKind.OpenFlags),
            Pad("padding", 36, 4, since: 9),
        ], Compat(Below(9, FuseConstants.CompatWriteInSize))),
        new(StructId.WriteOut, "fuse_write_out", 8, 1, [U32("size", 0), Pad("padding", 4, 4)], []),
        new(StructId.StatfsOut, "fuse_statfs_out", 80, 0, Nest("st", 0, KstatfsFields),
            Compat(Below(4, FuseConstants.CompatStatfsSize))),
        new(StructId.FsyncIn, "fuse_fsync_in", 16, 1, [U64("fh", 0), U32("fsync_flags", 8), Pad("padding", 12, 4)], []),
        new(StructId.SetxattrIn, "fuse_setxattr_in", 16, 1,
            [U32("size", 0), U32("flags", 4), U32("setxattr_flags", 8, since: 33), Pad("padding", 12, 4, since: 33)],
            [], sizeFeature: FuseInitFlags.SetxattrExt, sizeWithoutFeature: FuseConstants.CompatSetxattrInSize,
            note: "16 bytes only when FUSE_SETXATTR_EXT (7.33) was negotiated, else 8, at any minor."),
        new(StructId.GetxattrIn, "fuse_getxattr_in", 8, 1, [U32("size", 0), Pad("padding", 4, 4)], []),
        new(StructId.GetxattrOut, "fuse_getxattr_out", 8, 1, [U32("size", 0), Pad("padding", 4, 4)], []),
        new(StructId.LkIn, "fuse_lk_in", 48, 7,
            Join([U64("fh", 0), U64("owner", 8)], Nest("lk", 16, FileLockFields),
                [U32("lk_flags", 40, since: 9), Pad("padding", 44, 4, since: 9)]),
            Compat(Below(9, 40))),
        new(StructId.LkOut, "fuse_lk_out", 24, 7, Nest("lk", 0, FileLockFields), []),
        new(StructId.AccessIn, "fuse_access_in", 8, 3, [U32("mask", 0), Pad("padding", 4, 4)], []),
        new(StructId.InitIn, "fuse_init_in", 64, 0,
        [
            U32("major", 0), U32("minor", 4), U32("max_readahead", 8, since: 6), U32("flags", 12, since: 6),
            U32("flags2", 16, since: 36), Pad("unused", 20, 4, 11, since: 36),
        ], Compat(Below(6, 8), Below(36, FuseConstants.CompatInitInSize)),
            note: "Sized by the minor the kernel announces in this very message, not a negotiated one."),
        new(StructId.InitOut, "fuse_init_out", 64, 0,
        [
            U32("major", 0), U32("minor", 4), U32("max_readahead", 8, since: 6), U32("flags", 12, since: 5),
            U16("max_background", 16, since: 13), U16("congestion_threshold", 18, since: 13),
            U32("max_write", 20, since: 5), U32("time_gran", 24, since: 23),
            U16("max_pages", 28, since: 28), U16("map_alignment", 30, since: 31),
            U32("flags2", 32, since: 36), U32("max_stack_depth", 36, since: 40),
            U16("request_timeout", 40, since: 43), Pad("unused", 42, 2, 11, since: 43), // uint32_t unused[7] at 36 until 7.40
        ], Compat(Below(5, FuseConstants.CompatInitOutSize), Below(23, FuseConstants.Compat22InitOutSize))),
        new(StructId.CuseInitIn, "cuse_init_in", 16, 12,
            [U32("major", 0), U32("minor", 4), Pad("unused", 8, 4), U32("flags", 12)], []),
        new(StructId.CuseInitOut, "cuse_init_out", 72, 12,
        [
            U32("major", 0), U32("minor", 4), Pad("unused", 8, 4), U32("flags", 12),
            U32("max_read", 16), U32("max_write", 20), U32("dev_major", 24), U32("dev_minor", 28),
            Pad("spare", 32, 4, 10),
        ], []),
        new(StructId.InterruptIn, "fuse_interrupt_in", 8, 7, [U64("unique", 0)], []),
        new(StructId.BmapIn, "fuse_bmap_in", 16, 8, [U64("block", 0), U32("blocksize", 8), Pad("padding", 12, 4)], []),
        new(StructId.BmapOut, "fuse_bmap_out", 8, 8, [U64("block", 0)], []),
        new(StructId.IoctlIn, "fuse_ioctl_in", 32, 11,
        [
            U64("fh", 0), U32("flags", 8), U32("cmd", 12, kind: ArchValueKind.IoctlCmd),
            U64("arg", 16), U32("in_size", 24), U32("out_size", 28),
        ], []),
        new(StructId.IoctlIovec, "fuse_ioctl_iovec", 16, 16, [U64("base", 0), U64("len", 8)], [],
            note: "Before 7.16 an unrestricted ioctl retry returned the client's native struct iovec (arch-sized)."),
        new(StructId.IoctlOut, "fuse_ioctl_out", 16, 11,
            [S32("result", 0), U32("flags", 4), U32("in_iovs", 8), U32("out_iovs", 12)], []),
        new(StructId.PollIn, "fuse_poll_in", 24, 11,
        [
            U64("fh", 0), U64("kh", 8), U32("flags", 16),
            U32("events", 20, since: 21, kind: ArchValueKind.PollEvents), // padding until 7.21
        ], []),
        new(StructId.PollOut, "fuse_poll_out", 8, 11,
            [U32("revents", 0, kind: ArchValueKind.PollEvents), Pad("padding", 4, 4)], []),
        new(StructId.NotifyPollWakeupOut, "fuse_notify_poll_wakeup_out", 8, 11, [U64("kh", 0)], []),
        new(StructId.FallocateIn, "fuse_fallocate_in", 32, 19,
            [U64("fh", 0), U64("offset", 8), U64("length", 16), U32("mode", 24), Pad("padding", 28, 4)], []),
        new(StructId.Dirent, "fuse_dirent", 24, 0, DirentFields, [],
            note: "Followed by namelen name bytes, the record padded to 8 bytes (FUSE_DIRENT_SIZE)."),
        new(StructId.Direntplus, "fuse_direntplus", 152, 21,
            Join(Nest("entry_out", 0, EntryOutFields), Nest("dirent", 128, DirentFields)), [],
            note: "Followed by dirent.namelen name bytes, the record padded to 8 bytes (FUSE_DIRENTPLUS_SIZE)."),
        new(StructId.NotifyInvalInodeOut, "fuse_notify_inval_inode_out", 24, 12,
            [U64("ino", 0), S64("off", 8), S64("len", 16)], []),
        new(StructId.NotifyInvalEntryOut, "fuse_notify_inval_entry_out", 16, 12,
            [U64("parent", 0), U32("namelen", 8), U32("flags", 12, since: 38)], []), // padding until 7.38
        new(StructId.NotifyDeleteOut, "fuse_notify_delete_out", 24, 18,
            [U64("parent", 0), U64("child", 8), U32("namelen", 16), Pad("padding", 20, 4)], []),
        new(StructId.NotifyStoreOut, "fuse_notify_store_out", 24, 15,
            [U64("nodeid", 0), U64("offset", 8), U32("size", 16), Pad("padding", 20, 4)], []),
        new(StructId.NotifyRetrieveOut, "fuse_notify_retrieve_out", 32, 15,
            [U64("notify_unique", 0), U64("nodeid", 8), U64("offset", 16), U32("size", 24), Pad("padding", 28, 4)], []),
        new(StructId.NotifyRetrieveIn, "fuse_notify_retrieve_in", 40, 15,
        [
            Pad("dummy1", 0, 8), U64("offset", 8), U32("size", 16), Pad("dummy2", 20, 4),
            Pad("dummy3", 24, 8), Pad("dummy4", 32, 8),
        ], []),
        new(StructId.NotifyPruneOut, "fuse_notify_prune_out", 16, 45,
            [U32("count", 0), Pad("padding", 4, 4), Pad("spare", 8, 8)], [],
            note: "Followed by count uint64_t node ids."),
        new(StructId.BackingMap, "fuse_backing_map", 16, 40,
            [S32("fd", 0), U32("flags", 4), Pad("padding", 8, 8)], [],
            note: "Argument of the FUSE_DEV_IOC_BACKING_OPEN ioctl on /dev/fuse, not a message body."),
        new(StructId.LseekIn, "fuse_lseek_in", 24, 24,
            [U64("fh", 0), U64("offset", 8), U32("whence", 16), Pad("padding", 20, 4)], []),
        new(StructId.LseekOut, "fuse_lseek_out", 8, 24, [U64("offset", 0)], []),
        new(StructId.CopyFileRangeIn, "fuse_copy_file_range_in", 56, 28,
        [
            U64("fh_in", 0), U64("off_in", 8), U64("nodeid_out", 16), U64("fh_out", 24),
            U64("off_out", 32), U64("len", 40), U64("flags", 48),
        ], []),
        new(StructId.CopyFileRangeOut, "fuse_copy_file_range_out", 8, 45, [U64("bytes_copied", 0)], []),
        new(StructId.SetupmappingIn, "fuse_setupmapping_in", 40, 31,
            [U64("fh", 0), U64("foffset", 8), U64("len", 16), U64("flags", 24), U64("moffset", 32)], []),
        new(StructId.RemovemappingIn, "fuse_removemapping_in", 4, 31, [U32("count", 0)], [],
            note: "Only 4 bytes: the fuse_removemapping_one array that follows starts at body offset 4."),
        new(StructId.RemovemappingOne, "fuse_removemapping_one", 16, 31, [U64("moffset", 0), U64("len", 8)], []),
        new(StructId.SyncfsIn, "fuse_syncfs_in", 8, 34, [Pad("padding", 0, 8)], []),
        new(StructId.Secctx, "fuse_secctx", 8, 36, [U32("size", 0), Pad("padding", 4, 4)], [],
            note: "Followed by a NUL-terminated name and the context bytes."),
        new(StructId.SecctxHeader, "fuse_secctx_header", 8, 36, [U32("size", 0), U32("nr_secctx", 4)], []),
        new(StructId.ExtHeader, "fuse_ext_header", 8, 38, [U32("size", 0), U32("type", 4)], []),
        new(StructId.SuppGroups, "fuse_supp_groups", 4, 38, [U32("nr_groups", 0), Flexible("groups", 4, 4)], [],
            note: "FUSE_EXT_GROUPS payload; listed under 7.38 but added in Linux 6.4 (absent from 6.1's 7.38 header)."),
        new(StructId.UringEntInOut, "fuse_uring_ent_in_out", 32, 42, UringEntInOutFields, []),
        new(StructId.UringReqHeader, "fuse_uring_req_header", 288, 42,
            Join([Bytes("in_out", 0, FuseConstants.UringInOutHeaderSize), Bytes("op_in", 128, FuseConstants.UringOpInOutSize)],
                Nest("ring_ent_in_out", 256, UringEntInOutFields)), [],
            note: "io_uring transport only; in_out holds a fuse_in/out_header, op_in the opcode's fixed struct."),
        new(StructId.UringCmdReq, "fuse_uring_cmd_req", 24, 42,
            [U64("flags", 0), U64("commit_id", 8), U16("qid", 16), new FieldLayout("padding", 18, 1, 6, ArchValueKind.None, 0, FieldFlags.Padding | FieldFlags.Bytes)], []),
    ];

    private static readonly StructLayout?[] s_byId = Index(s_all);

    /// <summary>Every struct, in <see cref="StructId"/> order.</summary>
    public static ReadOnlySpan<StructLayout> All => s_all;

    /// <summary>The layout of <paramref name="id"/>; throws for <see cref="StructId.None"/> or an undefined id.</summary>
    public static StructLayout Get(StructId id)
    {
        uint i = (uint)id;
        StructLayout? layout = i < (uint)s_byId.Length ? s_byId[i] : null;
        return layout ?? throw new ArgumentOutOfRangeException(nameof(id));
    }

    /// <summary>sizeof at 7.45, 0 for <see cref="StructId.None"/>.</summary>
    public static int SizeOf(StructId id) => id == StructId.None ? 0 : Get(id).Size;

    private static StructLayout?[] Index(StructLayout[] all)
    {
        int max = 0;
        foreach (StructLayout s in all)
            max = Math.Max(max, (int)s.Id);
        var byId = new StructLayout?[max + 1];
        foreach (StructLayout s in all)
        {
            if (byId[(int)s.Id] is not null)
                throw new InvalidOperationException("duplicate struct " + s.CName);
            byId[(int)s.Id] = s;
        }
        return byId;
    }
}
