using System.Runtime.CompilerServices;
using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>
/// The common case of <see cref="MessageTranslator"/> without its generality: a ready session whose wire has
/// this side's byte order, a well-formed message, and a value the plan knows. Anything else (a swapped wire,
/// INIT, a notification, an ioctl, an unknown value, an errno that falls back to EIO, every error) returns
/// false without touching the buffer or the statistics, and the caller runs <see cref="MessageTranslator"/>,
/// which decides it (and counts it) exactly as before. When it returns true the buffer holds what
/// MessageTranslator would have written and the caller counts one translated message
/// (<see cref="SessionStats.MessagesTranslated"/>): once per message, or once per batch.
/// <para>Reads the message through raw pointers (the caller guarantees <paramref name="len"/> readable and
/// writable bytes) and the plans in the session, with no call that is not inlined: the per-message cost the
/// batch entry points exist to spread is what is left.</para>
/// </summary>
public static unsafe class MessageFastPath
{
    private const int InHeader = FuseHeaders.InHeaderSize;
    private const int OutHeader = FuseHeaders.OutHeaderSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Plain(SessionState* s, SessionRole role) => s->FastRole == (byte)role;

    /// <summary>A request, as <see cref="MessageTranslator.Request"/> with the whole message in the buffer.</summary>
    public static bool Request(SessionState* s, bool encode, byte* msg, int len) => Request(s, encode, msg, len, hold: false);

    /// <summary>
    /// A request; with <paramref name="hold"/> (the connection tier) one that gets a reply is also held in the
    /// session's in-flight table with its opcode. On false nothing is held and nothing was written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Request(SessionState* s, bool encode, byte* msg, int len, bool hold)
    {
        if (!Plain(s, encode ? SessionRole.Client : SessionRole.Server) || len < InHeader ||
            Unsafe.ReadUnaligned<uint>(msg + FuseHeaders.InLen) != (uint)len)
            return false;
        uint opcode = Unsafe.ReadUnaligned<uint>(msg + FuseHeaders.InOpcode);
        if (opcode > OpcodeTable.MaxFuseOpcode || opcode == (uint)FuseOpcode.Init)
            return false;
        ref OpcodeRule rule = ref s->Rules[(int)opcode];
        if (rule.Known == 0 || len - InHeader < rule.MinRequest)
            return false;
        int held = -1;
        if (hold && rule.HasReply != 0)
        {
            ulong unique = Unsafe.ReadUnaligned<ulong>(msg + FuseHeaders.InUnique);
            // unique 0 and the xattr size hint are the general path's (it decides and holds them)
            if (unique == 0 || opcode is (uint)FuseOpcode.GetXAttr or (uint)FuseOpcode.ListXAttr ||
                (held = s->InFlight->TryAdd(unique, opcode)) < 0)
                return false;
        }
        if (rule.RequestArch == ArchValueKind.None)
            return true;
        ref TranslationPlans p = ref encode ? ref s->Encode : ref s->Decode;
        if (Value(ref p, rule.RequestArch, msg + InHeader + rule.RequestArchOffset))
            return true;
        if (held >= 0)
            s->InFlight->Release(held);
        return false;
    }

    /// <summary>
    /// A reply of the connection tier: its request's context comes from the in-flight table, and the request is
    /// let go once the reply is translated. On false nothing was written and the request is still held.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HeldReply(SessionState* s, bool encode, byte* msg, int len)
    {
        if (len < OutHeader)
            return false;
        ulong unique = Unsafe.ReadUnaligned<ulong>(msg + FuseHeaders.OutUnique);
        if (unique == OutHeaderRule.NotificationUnique || !Plain(s, encode ? SessionRole.Server : SessionRole.Client))
            return false;
        int held = s->InFlight->TryFind(unique, out uint context);
        if (held < 0 || !Reply(s, encode, context, msg, len))
            return false;
        s->InFlight->Release(held);
        return true;
    }

    /// <summary>A reply, as <see cref="MessageTranslator.Reply"/> with the whole message in the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Reply(SessionState* s, bool encode, uint opcodeAndHint, byte* msg, int len)
    {
        if (!Plain(s, encode ? SessionRole.Server : SessionRole.Client) || len < OutHeader ||
            Unsafe.ReadUnaligned<uint>(msg + FuseHeaders.OutLen) != (uint)len ||
            Unsafe.ReadUnaligned<ulong>(msg + FuseHeaders.OutUnique) == OutHeaderRule.NotificationUnique)
            return false;
        uint opcode = opcodeAndHint & ~MessageTranslator.ReplyXattrSizeHint;
        if (opcode > OpcodeTable.MaxFuseOpcode)
            return false;
        ref OpcodeRule rule = ref s->Rules[(int)opcode];
        int error = Unsafe.ReadUnaligned<int>(msg + FuseHeaders.OutError);
        if (rule.Known == 0 || rule.HasReply == 0 || !OutHeaderRule.IsValidReplyError(error))
            return false;
        ref TranslationPlans p = ref encode ? ref s->Encode : ref s->Decode;
        if (error < 0)
        {
            if (len != OutHeader)
                return false;
            if (p.ErrnoIdentity != 0)
                return true;
            if (p.Errno.Translate(-error, out int result) != Status.Ok || result >= FuseConstants.ReplyErrorLimit)
                return false; // EIO fallback: counted by the general path
            Unsafe.WriteUnaligned(msg + FuseHeaders.OutError, -result);
            return true;
        }
        if (len - OutHeader < rule.MinReply)
            return false;
        if (rule.ReplyArch == ArchValueKind.None)
            return true;
        return Value(ref p, rule.ReplyArch, msg + OutHeader + rule.ReplyArchOffset);
    }

    /// <summary>One arch-specific field in place; false (nothing written) for what only the general path decides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Value(ref TranslationPlans p, ArchValueKind kind, byte* at)
    {
        uint value = Unsafe.ReadUnaligned<uint>(at), result;
        switch (kind)
        {
            case ArchValueKind.OpenFlags:
                if (p.OpenFlagsIdentity != 0)
                    return true;
                if (p.OpenFlags.Translate(value, out result) != Status.Ok)
                    return false;
                break;
            case ArchValueKind.PollEvents:
                if (p.PollEventsIdentity != 0)
                    return true;
                if (p.PollEvents.Translate(value, out result) != Status.Ok)
                    return false;
                break;
            case ArchValueKind.LockType:
                if (p.LockTypesIdentity != 0)
                    return true;
                if (p.LockTypes.Translate(value, out result) != Status.Ok)
                    return false;
                break;
            default:
                return false; // ioctl commands (opt-in, per-session flag): the general path
        }
        Unsafe.WriteUnaligned(at, result);
        return true;
    }
}
