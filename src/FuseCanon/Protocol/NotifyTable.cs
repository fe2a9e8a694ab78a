using System;

namespace FuseCanon.Protocol;

/// <summary>Notification bodies of protocol 7.45 by <see cref="FuseNotifyCode"/>; O(1), allocation-free.</summary>
public static class NotifyTable
{
    private const int NoLength = OpcodeInfo.NoLengthField;

    private static readonly NotifyInfo[] s_rows =
    [
        default, // 0 is not a notify code
        new(FuseNotifyCode.Poll, "FUSE_NOTIFY_POLL", 11, StructId.NotifyPollWakeupOut, RequestTail.None, NoLength, 1),
        new(FuseNotifyCode.InvalInode, "FUSE_NOTIFY_INVAL_INODE", 12, StructId.NotifyInvalInodeOut, RequestTail.None, NoLength, 1),
        new(FuseNotifyCode.InvalEntry, "FUSE_NOTIFY_INVAL_ENTRY", 12, StructId.NotifyInvalEntryOut, RequestTail.Names, 8, 1),
        new(FuseNotifyCode.Store, "FUSE_NOTIFY_STORE", 15, StructId.NotifyStoreOut, RequestTail.Data, 16, 1),
        new(FuseNotifyCode.Retrieve, "FUSE_NOTIFY_RETRIEVE", 15, StructId.NotifyRetrieveOut, RequestTail.None, NoLength, 1),
        new(FuseNotifyCode.Delete, "FUSE_NOTIFY_DELETE", 18, StructId.NotifyDeleteOut, RequestTail.Names, 16, 1),
        new(FuseNotifyCode.Resend, "FUSE_NOTIFY_RESEND", 40, StructId.None, RequestTail.None, NoLength, 1),
        new(FuseNotifyCode.IncEpoch, "FUSE_NOTIFY_INC_EPOCH", 44, StructId.None, RequestTail.None, NoLength, 1),
        new(FuseNotifyCode.Prune, "FUSE_NOTIFY_PRUNE", 45, StructId.NotifyPruneOut, RequestTail.Array, 0, 8),
    ];

    /// <summary>Every notification, in code order.</summary>
    public static ReadOnlySpan<NotifyInfo> All => s_rows.AsSpan(1);

    /// <summary>Looks up the value found in fuse_out_header.error of a unique == 0 message.</summary>
    public static bool TryGet(int code, out NotifyInfo info)
    {
        NotifyInfo[] rows = s_rows;
        if ((uint)code < (uint)rows.Length && code != 0)
        {
            info = rows[code];
            return true;
        }
        info = default;
        return false;
    }
}
