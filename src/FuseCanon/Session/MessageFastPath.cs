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
    private static bool Plain(SessionState* s, SessionRole role) =>
        s->Config.Role == (uint)role && s->AwaitingReply == 0 && s->WireSwapped == 0 &&
        (s->Config.Flags & (uint)ConfigFlags.LocalBigEndian) == 0 &&
        s->Mode is SessionMode.None or SessionMode.Canonical or SessionMode.Peer;

    /// <summary>A request, as <see cref="MessageTranslator.Request"/> with the whole message in the buffer.</summary>
    public static bool Request(SessionState* s, bool encode, byte* msg, int len)
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
        if (rule.RequestArch == ArchValueKind.None)
            return true;
        ref TranslationPlans p = ref encode ? ref s->Encode : ref s->Decode;
        return Value(ref p, rule.RequestArch, msg + InHeader + rule.RequestArchOffset);
    }

    /// <summary>A reply, as <see cref="MessageTranslator.Reply"/> with the whole message in the buffer.</summary>
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
