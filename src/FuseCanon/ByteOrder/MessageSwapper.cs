using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FuseCanon.Protocol;

namespace FuseCanon.ByteOrder;

/// <summary>
/// Reverses the byte order of every multi-byte field of a whole FUSE message in place, for peers of the
/// other endianness (a big-endian s390x/ppc64 guest and a little-endian server, or the reverse). What to
/// swap comes from the schema (<see cref="OpcodeTable"/>, <see cref="NotifyTable"/>,
/// <see cref="StructLayouts"/> compiled into <see cref="SwapPrograms"/>); names, data and other char
/// arrays stay as they are.
/// <para>
/// Each call validates the whole message first (header len against the buffer, body against the opcode's
/// shape at the minor, every variable-length part in bounds) and only then swaps, so on any error the
/// buffer is unchanged. Allocation-free and thread-safe.
/// </para>
/// </summary>
public static class MessageSwapper
{
    /// <summary>sizeof(struct fuse_in_header).</summary>
    public const int InHeaderSize = FuseConstants.InHeaderSize;

    /// <summary>sizeof(struct fuse_out_header).</summary>
    public const int OutHeaderSize = FuseConstants.OutHeaderSize;

    /// <summary>FUSE_IOCTL_RETRY (fuse_ioctl_out.flags): the reply carries iovec arrays instead of data.</summary>
    public const uint IoctlRetryFlag = 1u << 2;

    private const int InHeaderTotalExtlenOffset = 36;
    private const int IoctlOutFlagsOffset = 4;
    private const int IoctlOutInIovsOffset = 8;
    private const int IoctlOutOutIovsOffset = 12;
    private const int DirentNamelenOffset = 16;
    private const int DirentplusNamelenOffset = 128 + DirentNamelenOffset;
    private const int SuppGroupsHeaderSize = 4;

    // ------------------------------------------------------------------ requests

    /// <summary>
    /// Swaps a request (fuse_in_header + body + extension area) as <see cref="SwapRequest(Span{byte}, uint, ulong, SwapDirection)"/>
    /// with no INIT flags: struct sizes that depend on a negotiated flag (fuse_setxattr_in and
    /// FUSE_SETXATTR_EXT) take their flag-less size.
    /// </summary>
    public static Status SwapRequest(Span<byte> msg, uint minor, SwapDirection dir) =>
        SwapRequest(msg, minor, 0, dir);

    /// <summary>
    /// Swaps a whole request in place. <paramref name="msg"/> is exactly one message (its header's len
    /// must equal its length); <paramref name="minor"/> is the negotiated minor (ignored for INIT, whose
    /// body is sized by the minor it carries); <paramref name="initFlags"/> are the negotiated INIT flags
    /// (<see cref="FuseInitFlags"/>; only FUSE_SETXATTR_EXT changes a size).
    /// </summary>
    /// <returns>
    /// <see cref="Status.Ok"/>; <see cref="Status.Truncated"/> when the message or a part of it is shorter
    /// than what its fields announce; <see cref="Status.LengthMismatch"/> when len differs from the buffer
    /// (that code means the header's len and nothing else); <see cref="Status.UnknownOpcode"/>;
    /// <see cref="Status.BadMessage"/> for a malformed body (a name without its NUL, bytes left over after what
    /// the fields announce, an extension that does not start where the body ends, a bad extension record);
    /// <see cref="Status.InvalidArgument"/>
    /// for an undefined <paramref name="dir"/>. On error the buffer is unchanged.
    /// </returns>
    public static Status SwapRequest(Span<byte> msg, uint minor, ulong initFlags, SwapDirection dir)
    {
        if (dir != SwapDirection.FromForeign && dir != SwapDirection.ToForeign)
            return Status.InvalidArgument;
        bool rev = dir == SwapDirection.FromForeign;
        Status status = WalkRequest(msg, minor, initFlags, rev, apply: false);
        if (status == Status.Ok)
            WalkRequest(msg, minor, initFlags, rev, apply: true);
        return status;
    }

    // The walkers run twice: once to validate (apply == false) and once to swap. In the second run every
    // value is read before the bytes that hold it are swapped, so both runs see the same values.

    private static Status WalkRequest(Span<byte> msg, uint minor, ulong initFlags, bool rev, bool apply)
    {
        if (msg.Length < InHeaderSize)
            return Status.Truncated;
        if (U32(msg, OutHeaderRule.LenOffset, rev) != (uint)msg.Length)
            return Status.LengthMismatch;
        uint opcode = U32(msg, 4, rev);
        if (!OpcodeTable.TryGet(opcode, out OpcodeInfo info))
            return Status.UnknownOpcode;
        int extBytes = U16(msg, InHeaderTotalExtlenOffset, rev) * 8;
        int bodyEnd = msg.Length - extBytes;
        if (bodyEnd < InHeaderSize)
            return Status.Truncated;

        Status status = WalkRequestBody(in info, msg[InHeaderSize..bodyEnd], minor, initFlags, rev, apply);
        if (status != Status.Ok)
            return status;
        status = WalkExtensions(msg[bodyEnd..], rev, apply);
        if (status != Status.Ok)
            return status;
        if (apply)
            SwapPrograms.Apply(msg, StructId.InHeader, InHeaderSize);
        return Status.Ok;
    }

    private static Status WalkRequestBody(in OpcodeInfo info, Span<byte> body, uint minor, ulong initFlags, bool rev, bool apply)
    {
        StructId sid = info.RequestStruct;
        int fixedSize;
        bool trailingAllowed = false;
        if (info.Opcode == FuseOpcode.Init)
        {
            // Sized by the minor this very message announces. A newer kernel's larger struct: swap what 7.45 knows.
            if (body.Length < 8)
                return Status.Truncated;
            uint major = U32(body, 0, rev), initMinor = U32(body, 4, rev);
            bool known = major == FuseConstants.KernelVersion && initMinor <= FuseConstants.KernelMinorVersion;
            fixedSize = known ? StructLayouts.Get(sid).SizeAtMinor(initMinor) : StructLayouts.SizeOf(sid);
            trailingAllowed = !known;
        }
        else
        {
            fixedSize = sid == StructId.None ? 0 : StructLayouts.Get(sid).SizeAt(minor, initFlags);
        }
        if (body.Length < fixedSize)
            return Status.Truncated;
        Span<byte> rest = body[fixedSize..];

        int arrayCount = 0;
        switch (info.RequestTail)
        {
            case RequestTail.None:
                if (rest.Length != 0 && !trailingAllowed)
                    return Status.BadMessage;
                break;
            case RequestTail.Names:
            {
                for (int k = 0; k < info.NameCount; k++)
                {
                    int nul = rest.IndexOf((byte)0);
                    if (nul < 0)
                        return Status.BadMessage;
                    rest = rest[(nul + 1)..];
                }
                if (rest.Length != 0)
                    return Status.BadMessage;
                break;
            }
            case RequestTail.NameThenValue:
            {
                uint valueSize = U32(body, info.TailLengthOffset, rev);
                int nul = rest.IndexOf((byte)0);
                if (nul < 0)
                    return Status.BadMessage;
                Status s = ExactLength(rest.Length - nul - 1, valueSize);
                if (s != Status.Ok)
                    return s;
                break;
            }
            case RequestTail.Data:
            case RequestTail.Array:
            {
                int element = info.RequestTail == RequestTail.Array ? StructLayouts.SizeOf(info.TailElement) : 1;
                Status s = CountedTail(body, info.TailLengthOffset, rest.Length, element, rev, out int count);
                if (s != Status.Ok)
                    return s;
                arrayCount = info.RequestTail == RequestTail.Array ? count : 0;
                break;
            }
            default:
                return Status.BadMessage;
        }

        if (apply)
        {
            if (fixedSize > 0)
                SwapPrograms.Apply(body, sid, fixedSize);
            if (arrayCount > 0)
                SwapPrograms.ApplyArray(body[fixedSize..], info.TailElement, arrayCount);
        }
        return Status.Ok;
    }

    /// <summary>
    /// The extension area: fuse_ext_header records (size includes the header and is a multiple of 8).
    /// Types 0..31 are a fuse_secctx_header whose type is nr_secctx, followed by that many
    /// fuse_secctx + NUL-terminated name + size context bytes, each padded to 8; FUSE_EXT_GROUPS is a
    /// fuse_supp_groups. Other types: the header is swapped, the payload left as it is.
    /// </summary>
    private static Status WalkExtensions(Span<byte> ext, bool rev, bool apply)
    {
        while (ext.Length > 0)
        {
            // ext.Length is total_extlen * 8, and every record is a multiple of 8: a header always fits.
            uint size = U32(ext, 0, rev);
            uint type = U32(ext, 4, rev);
            if (size < 8 || size % 8 != 0)
                return Status.BadMessage;
            if (size > (uint)ext.Length)
                return Status.Truncated;
            Span<byte> rec = ext[..(int)size];

            if (type <= FuseConstants.MaxNrSecctx)
            {
                int p = StructLayouts.SizeOf(StructId.SecctxHeader);
                int secctxSize = StructLayouts.SizeOf(StructId.Secctx);
                for (uint i = 0; i < type; i++)
                {
                    if (rec.Length - p < secctxSize)
                        return Status.Truncated;
                    uint ctxLen = U32(rec, p, rev);
                    int nul = rec[(p + secctxSize)..].IndexOf((byte)0);
                    if (nul < 0)
                        return Status.BadMessage;
                    long end = (long)p + secctxSize + nul + 1 + ctxLen;
                    if (end > rec.Length)
                        return Status.Truncated;
                    if (apply)
                        SwapPrograms.Apply(rec[p..], StructId.Secctx, secctxSize);
                    p = (int)Align8(end);
                }
                if (p != rec.Length)
                    return Status.BadMessage;
            }
            else if (type == (uint)FuseExtensionType.Groups)
            {
                int h = StructLayouts.SizeOf(StructId.ExtHeader);
                if (rec.Length - h < SuppGroupsHeaderSize)
                    return Status.Truncated;
                uint groups = U32(rec, h, rev);
                long need = h + SuppGroupsHeaderSize + 4L * groups;
                if (need > rec.Length)
                    return Status.Truncated;
                if (Align8(need) != rec.Length)
                    return Status.BadMessage;
                if (apply)
                {
                    SwapPrograms.Apply(rec[h..], StructId.SuppGroups, SuppGroupsHeaderSize);
                    SwapPrograms.ApplyScalars(rec[(h + SuppGroupsHeaderSize)..], 4, (int)groups);
                }
            }

            if (apply)
                SwapPrograms.Apply(rec, StructId.ExtHeader, 8); // same fields as fuse_secctx_header
            ext = ext[(int)size..];
        }
        return Status.Ok;
    }

    // ------------------------------------------------------------------ replies and notifications

    /// <summary>
    /// Swaps a reply or a notification (fuse_out_header + body) in place.
    /// <paramref name="opcode"/> is the opcode of the request this replies to (the caller keeps it by
    /// unique); it is ignored for a notification (unique == 0), whose error field holds the
    /// <see cref="FuseNotifyCode"/> that selects the body. <paramref name="minor"/> is the negotiated
    /// minor (ignored for INIT, whose reply may be 8, 24 or 64 bytes). <paramref name="hint"/>: see
    /// <see cref="ReplyHint"/>; only GETXATTR/LISTXATTR need it.
    /// </summary>
    /// <returns>
    /// As <see cref="SwapRequest(Span{byte}, uint, ulong, SwapDirection)"/>; also
    /// <see cref="Status.UnknownOpcode"/> for an unknown notify code, <see cref="Status.BadMessage"/> for a
    /// reply to an opcode that has none, an error reply with a body, a malformed dirent or ioctl retry,
    /// and <see cref="Status.InvalidArgument"/> for a successful GETXATTR/LISTXATTR reply with
    /// <see cref="ReplyHint.None"/>. On error the buffer is unchanged.
    /// </returns>
    public static Status SwapReply(Span<byte> msg, uint opcode, uint minor, SwapDirection dir, ReplyHint hint)
    {
        Status status = CheckReply(msg, opcode, minor, dir, hint);
        if (status == Status.Ok)
            WalkReply(msg, opcode, minor, dir == SwapDirection.FromForeign, hint, apply: true);
        return status;
    }

    /// <summary>
    /// What <see cref="SwapReply"/> would return, without touching the message: its validate-only walk, for a caller
    /// that must know a reply can be swapped before it changes anything else in it.
    /// </summary>
    public static Status CheckReply(Span<byte> msg, uint opcode, uint minor, SwapDirection dir, ReplyHint hint)
    {
        if (dir != SwapDirection.FromForeign && dir != SwapDirection.ToForeign)
            return Status.InvalidArgument;
        return WalkReply(msg, opcode, minor, dir == SwapDirection.FromForeign, hint, apply: false);
    }

    private static Status WalkReply(Span<byte> msg, uint opcode, uint minor, bool rev, ReplyHint hint, bool apply)
    {
        if (msg.Length < OutHeaderSize)
            return Status.Truncated;
        if (U32(msg, OutHeaderRule.LenOffset, rev) != (uint)msg.Length)
            return Status.LengthMismatch;
        int error = (int)U32(msg, OutHeaderRule.ErrorOffset, rev);
        ulong unique = U64(msg, OutHeaderRule.UniqueOffset, rev);
        Span<byte> body = msg[OutHeaderSize..];

        Status status;
        if (unique == OutHeaderRule.NotificationUnique)
        {
            if (!NotifyTable.TryGet(error, out NotifyInfo notify))
                return Status.UnknownOpcode;
            status = WalkNotification(in notify, body, rev, apply);
        }
        else
        {
            if (!OpcodeTable.TryGet(opcode, out OpcodeInfo info))
                return Status.UnknownOpcode;
            if (info.ReplyKind == ReplyKind.None)
                return Status.BadMessage;
            if (error != 0)
                status = body.Length == 0 ? Status.Ok : Status.BadMessage;
            else
                status = WalkReplyBody(in info, body, minor, rev, hint, apply);
        }
        if (status != Status.Ok)
            return status;
        if (apply)
            SwapPrograms.Apply(msg, StructId.OutHeader, OutHeaderSize);
        return Status.Ok;
    }

    private static Status WalkReplyBody(in OpcodeInfo info, Span<byte> body, uint minor, bool rev, ReplyHint hint, bool apply)
    {
        switch (info.ReplyKind)
        {
            case ReplyKind.HeaderOnly:
            case ReplyKind.OptionalHeaderOnly:
                return body.Length == 0 ? Status.Ok : Status.BadMessage;

            case ReplyKind.Data:
                return Status.Ok;

            case ReplyKind.Struct:
            {
                if (info.Opcode == FuseOpcode.Init)
                    return WalkInitReply(info.ReplyStruct, body, apply);
                int size1 = StructLayouts.Get(info.ReplyStruct).SizeAtMinor(minor);
                int size2 = info.ReplyStruct2 == StructId.None ? 0 : StructLayouts.Get(info.ReplyStruct2).SizeAtMinor(minor);
                Status s = ExactLength(body.Length, (ulong)(size1 + size2));
                if (s != Status.Ok || !apply)
                    return s;
                SwapPrograms.Apply(body, info.ReplyStruct, size1);
                if (size2 > 0)
                    SwapPrograms.Apply(body[size1..], info.ReplyStruct2, size2);
                return Status.Ok;
            }

            case ReplyKind.XattrSizeOrData:
                switch (hint)
                {
                    case ReplyHint.XattrData:
                        return Status.Ok;
                    case ReplyHint.XattrSize:
                    {
                        int size = StructLayouts.SizeOf(info.ReplyStruct);
                        Status s = ExactLength(body.Length, (ulong)size);
                        if (s == Status.Ok && apply)
                            SwapPrograms.Apply(body, info.ReplyStruct, size);
                        return s;
                    }
                    default:
                        return Status.InvalidArgument;
                }

            case ReplyKind.IoctlOut:
                return WalkIoctlReply(info.ReplyStruct, body, rev, apply);

            case ReplyKind.Dirents:
                return WalkDirents(body, StructId.Dirent, DirentNamelenOffset, rev, apply);

            case ReplyKind.DirentsPlus:
                return WalkDirents(body, StructId.Direntplus, DirentplusNamelenOffset, rev, apply);

            case ReplyKind.StructThenStrings:
            {
                int size = StructLayouts.SizeOf(info.ReplyStruct);
                if (body.Length < size)
                    return Status.Truncated;
                if (body.Length - size > FuseConstants.CuseInitInfoMax)
                    return Status.BadMessage;
                if (apply)
                    SwapPrograms.Apply(body, info.ReplyStruct, size);
                return Status.Ok;
            }

            default:
                return Status.BadMessage;
        }
    }

    /// <summary>fuse_init_out as the server sized it for the kernel's minor: 8, 24 or 64 bytes (more: the rest is left).</summary>
    private static Status WalkInitReply(StructId sid, Span<byte> body, bool apply)
    {
        StructLayout layout = StructLayouts.Get(sid);
        int size = body.Length;
        if (size > layout.Size)
        {
            size = layout.Size;
        }
        else if (size != layout.Size)
        {
            bool isCompat = false;
            foreach (CompatSize step in layout.CompatSizes)
                isCompat |= step.Size == size;
            if (!isCompat)
                return size < layout.CompatSizes[0].Size ? Status.Truncated : Status.BadMessage;
        }
        if (apply)
            SwapPrograms.Apply(body, sid, size);
        return Status.Ok;
    }

    /// <summary>fuse_ioctl_out, then data (bytes) or, with FUSE_IOCTL_RETRY, in_iovs + out_iovs fuse_ioctl_iovec.</summary>
    private static Status WalkIoctlReply(StructId sid, Span<byte> body, bool rev, bool apply)
    {
        int size = StructLayouts.SizeOf(sid);
        if (body.Length < size)
            return Status.Truncated;
        int iovecs = 0;
        if ((U32(body, IoctlOutFlagsOffset, rev) & IoctlRetryFlag) != 0)
        {
            ulong n = (ulong)U32(body, IoctlOutInIovsOffset, rev) + U32(body, IoctlOutOutIovsOffset, rev);
            if (n > FuseConstants.IoctlMaxIov)
                return Status.BadMessage;
            Status s = ExactLength(body.Length - size, n * (ulong)StructLayouts.SizeOf(StructId.IoctlIovec));
            if (s != Status.Ok)
                return s;
            iovecs = (int)n;
        }
        if (apply)
        {
            SwapPrograms.Apply(body, sid, size);
            if (iovecs > 0)
                SwapPrograms.ApplyArray(body[size..], StructId.IoctlIovec, iovecs);
        }
        return Status.Ok;
    }

    /// <summary>
    /// A READDIR/READDIRPLUS body: records of the fixed struct + namelen name bytes, each padded to 8.
    /// Every record must lie wholly inside the body; namelen 0 is malformed (the kernel rejects it too).
    /// </summary>
    private static Status WalkDirents(Span<byte> body, StructId sid, int namelenOffset, bool rev, bool apply)
    {
        int fixedSize = StructLayouts.SizeOf(sid);
        int p = 0;
        while (p < body.Length)
        {
            int remaining = body.Length - p;
            if (remaining < fixedSize)
                return Status.Truncated;
            uint namelen = U32(body, p + namelenOffset, rev);
            if (namelen == 0)
                return Status.BadMessage;
            long reclen = Align8((long)fixedSize + namelen);
            if (reclen > remaining)
                return Status.Truncated;
            if (apply)
                SwapPrograms.Apply(body[p..], sid, fixedSize);
            p += (int)reclen;
        }
        return Status.Ok;
    }

    private static Status WalkNotification(in NotifyInfo notify, Span<byte> body, bool rev, bool apply)
    {
        int fixedSize = StructLayouts.SizeOf(notify.Body);
        if (body.Length < fixedSize)
            return Status.Truncated;
        int tail = body.Length - fixedSize;
        int arrayCount = 0;
        switch (notify.Tail)
        {
            case RequestTail.None:
                if (tail != 0)
                    return Status.BadMessage;
                break;
            case RequestTail.Names:
            {
                uint namelen = U32(body, notify.TailLengthOffset, rev);
                Status s = ExactLength(tail, (ulong)namelen + 1);
                if (s != Status.Ok)
                    return s;
                if (body[^1] != 0)
                    return Status.BadMessage;
                break;
            }
            case RequestTail.Data:
            case RequestTail.Array:
            {
                int element = notify.Tail == RequestTail.Array ? notify.TailElementSize : 1;
                Status s = CountedTail(body, notify.TailLengthOffset, tail, element, rev, out int count);
                if (s != Status.Ok)
                    return s;
                arrayCount = notify.Tail == RequestTail.Array ? count : 0;
                break;
            }
            default:
                return Status.BadMessage;
        }
        if (apply)
        {
            if (fixedSize > 0)
                SwapPrograms.Apply(body, notify.Body, fixedSize);
            if (arrayCount > 0)
                SwapPrograms.ApplyScalars(body[fixedSize..], notify.TailElementSize, arrayCount);
        }
        return Status.Ok;
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// A tail of <c>count * element</c> bytes whose count is the u32 at <paramref name="lengthOffset"/> of
    /// <paramref name="body"/>; <paramref name="actual"/> bytes are there.
    /// </summary>
    private static Status CountedTail(ReadOnlySpan<byte> body, int lengthOffset, int actual, int element, bool rev, out int count)
    {
        uint n = U32(body, lengthOffset, rev);
        Status s = ExactLength(actual, (ulong)n * (ulong)element);
        count = s == Status.Ok ? (int)n : 0;
        return s;
    }

    /// <summary>Truncated when fewer bytes are there than announced, BadMessage when more.</summary>
    private static Status ExactLength(int actual, ulong announced)
    {
        if ((ulong)actual < announced)
            return Status.Truncated;
        return (ulong)actual == announced ? Status.Ok : Status.BadMessage;
    }

    private static long Align8(long n) => (n + (FuseConstants.RecordAlignment - 1)) & ~(long)(FuseConstants.RecordAlignment - 1);

    // Values in the message's current order: reversed when it is foreign.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint U32(ReadOnlySpan<byte> s, int offset, bool rev)
    {
        uint v = MemoryMarshal.Read<uint>(s[offset..]);
        return rev ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort U16(ReadOnlySpan<byte> s, int offset, bool rev)
    {
        ushort v = MemoryMarshal.Read<ushort>(s[offset..]);
        return rev ? BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong U64(ReadOnlySpan<byte> s, int offset, bool rev)
    {
        ulong v = MemoryMarshal.Read<ulong>(s[offset..]);
        return rev ? BinaryPrimitives.ReverseEndianness(v) : v;
    }
}
