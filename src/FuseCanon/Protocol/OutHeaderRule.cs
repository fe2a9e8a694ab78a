namespace FuseCanon.Protocol;

/// <summary>
/// The one arch-specific value that every reply can carry, as a rule rather than per-opcode rows:
/// fuse_out_header.error is a negated errno when <c>unique != 0</c> (a reply, including a reply to
/// INTERRUPT), and a <see cref="FuseNotifyCode"/> when <c>unique == 0</c> (a notification), which
/// must never be translated.
/// </summary>
public static class OutHeaderRule
{
    /// <summary>Offset of fuse_out_header.error (s32).</summary>
    public const int ErrorOffset = 4;

    /// <summary>Offset of fuse_out_header.unique (u64).</summary>
    public const int UniqueOffset = 8;

    /// <summary>Offset of fuse_out_header.len (u32).</summary>
    public const int LenOffset = 0;

    /// <summary>The <c>unique</c> value that marks a notification.</summary>
    public const ulong NotificationUnique = 0;

    /// <summary>Bit the kernel sets in <c>unique</c> of an INTERRUPT request (fs/fuse/fuse_i.h FUSE_INT_REQ_BIT).</summary>
    public const ulong InterruptUniqueBit = 1;

    /// <summary>What the error field holds for a message with this <paramref name="unique"/>.</summary>
    public static ArchValueKind ErrorFieldKind(ulong unique) =>
        unique != NotificationUnique ? ArchValueKind.Errno : ArchValueKind.None;

    /// <summary>The error field as an <see cref="ArchField"/> relative to the start of the header.</summary>
    public static ArchField ErrorField(ulong unique) => new(ErrorOffset, ErrorFieldKind(unique));

    /// <summary>Whether the kernel accepts this error value in a reply (0 or -1..-511).</summary>
    public static bool IsValidReplyError(int error) => error <= 0 && error > -FuseConstants.ReplyErrorLimit;
}
