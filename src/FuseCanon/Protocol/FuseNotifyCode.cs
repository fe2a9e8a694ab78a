namespace FuseCanon.Protocol;

/// <summary>
/// <c>enum fuse_notify_code</c> at 7.45: the value a server puts in <c>fuse_out_header.error</c> of an
/// unsolicited message (<c>unique == 0</c>). Comments name the minor that added each code.
/// 7.45 dropped the old <c>FUSE_NOTIFY_CODE_MAX</c> enumerator.
/// </summary>
public enum FuseNotifyCode : int
{
    Poll = 1,        // 7.11
    InvalInode = 2,  // 7.12
    InvalEntry = 3,  // 7.12
    Store = 4,       // 7.15
    Retrieve = 5,    // 7.15
    Delete = 6,      // 7.18
    Resend = 7,      // 7.40
    IncEpoch = 8,    // 7.44
    Prune = 9,       // 7.45
}
