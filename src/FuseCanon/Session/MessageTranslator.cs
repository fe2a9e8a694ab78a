using System;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>
/// Translates one message in place: requests (decode on a server, encode on a client) and replies (encode
/// on a server, decode on a client). Every check runs before the first byte is written, and a step that
/// fails after an earlier one changed the buffer undoes it, so a failing call leaves the buffer unchanged.
/// Allocation-free.
/// <para>
/// Byte order composes with constant translation: constants are read and written in this host's order, so
/// a message in the other order is swapped before translation (decoding a big-endian peer's message) or after
/// it (encoding one). A little-endian peer of a little-endian host never swaps.
/// </para>
/// <para>
/// <paramref name="prefix"/> holds the message, or at least its header and fixed body when nothing needs
/// swapping (the iovec entry point gathers that much); <paramref name="total"/> is the whole message's length.
/// </para>
/// </summary>
public static unsafe class MessageTranslator
{
    private const int InHeader = FuseHeaders.InHeaderSize;
    private const int OutHeader = FuseHeaders.OutHeaderSize;

    /// <summary>Bit of a reply call's opcode argument: the GETXATTR/LISTXATTR request asked for the size.</summary>
    public const uint ReplyXattrSizeHint = 1u << 31;

    /// <summary>Whether the session may translate messages now, in the given role.</summary>
    private static Status Ready(SessionState* s, SessionRole role)
    {
        if (s->Config.Role != (uint)role)
            return Status.BadState;
        return s->Mode is SessionMode.None or SessionMode.Canonical or SessionMode.Peer && s->AwaitingReply == 0
            ? Status.Ok
            : s->Mode == SessionMode.Rejected ? Status.Rejected : Status.BadState;
    }

    /// <summary>When and how this message is swapped, and in which order its values are read meanwhile.</summary>
    private readonly struct SwapPlan
    {
        public readonly bool Before, After, ValuesSwapped;
        public readonly SwapDirection BeforeDir, AfterDir;

        public SwapPlan(SessionState* s, bool toWire)
        {
            bool localIsHost = !SessionPlans.LocalIsSwapped(s);
            bool wireSwapped = s->WireSwapped != 0;
            // The swap goes where it leaves the values in host order while they are translated.
            Before = wireSwapped && (toWire ? !localIsHost : localIsHost);
            After = wireSwapped && (toWire ? localIsHost : !localIsHost);
            BeforeDir = SwapDirection.FromForeign;
            AfterDir = SwapDirection.ToForeign;
            ValuesSwapped = !wireSwapped && !localIsHost;
        }

        public bool Any => Before | After;
    }

    /// <param name="encode">true: local -> wire (client); false: wire -> local (server).</param>
    public static Status Request(SessionState* s, bool encode, Span<byte> prefix, int total)
    {
        Status st = Ready(s, encode ? SessionRole.Client : SessionRole.Server);
        if (st != Status.Ok)
            return st;
        var swap = new SwapPlan(s, encode);
        if (swap.Any && prefix.Length != total)
            return Status.Unsupported; // swapping needs the whole message
        if (total < InHeader || prefix.Length < InHeader)
            return Reject(s, Status.Truncated);
        bool headerSwapped = swap.ValuesSwapped || swap.Before;
        if (WireReader.U32(prefix, FuseHeaders.InLen, headerSwapped) != (uint)total)
            return Reject(s, Status.LengthMismatch);
        uint opcode = WireReader.U32(prefix, FuseHeaders.InOpcode, headerSwapped);
        int slot = OpcodeRules.SlotOf(opcode);
        if (slot < 0 || s->Rules[slot].Known == 0)
            return Reject(s, Status.UnknownOpcode);
        ref OpcodeRule rule = ref s->Rules[slot];
        if (opcode == (uint)FuseOpcode.Init && s->Config.Wire == 0)
            return Status.BadState; // a negotiated session's INIT goes through the INIT calls, once
        if (total - InHeader < rule.MinRequest)
            return Reject(s, Status.Truncated);

        if (swap.Before && (st = MessageSwapper.SwapRequest(prefix, s->Minor, s->InitFlags, swap.BeforeDir)) != Status.Ok)
            return Reject(s, st);
        if (rule.RequestArch != ArchValueKind.None)
        {
            int at = InHeader + rule.RequestArchOffset;
            ref TranslationPlans plans = ref encode ? ref s->Encode : ref s->Decode;
            uint value = WireReader.U32(prefix, at, swap.ValuesSwapped);
            st = ValueTranslator.Translate(s, ref plans, rule.RequestArch, value, out uint result);
            if (st != Status.Ok)
            {
                if (swap.Before)
                    MessageSwapper.SwapRequest(prefix, s->Minor, s->InitFlags, SwapDirection.ToForeign);
                return Reject(s, st);
            }
            WireReader.PutU32(prefix, at, result, swap.ValuesSwapped);
            if (swap.After && (st = MessageSwapper.SwapRequest(prefix, s->Minor, s->InitFlags, swap.AfterDir)) != Status.Ok)
            {
                WireReader.PutU32(prefix, at, value, swap.ValuesSwapped);
                return Reject(s, st);
            }
        }
        else if (swap.After && (st = MessageSwapper.SwapRequest(prefix, s->Minor, s->InitFlags, swap.AfterDir)) != Status.Ok)
        {
            return Reject(s, st);
        }
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return Status.Ok;
    }

    /// <param name="encode">true: local -> wire (server); false: wire -> local (client).</param>
    /// <param name="opcodeAndHint">The answered request's opcode, with <see cref="ReplyXattrSizeHint"/> for a size reply.</param>
    public static Status Reply(SessionState* s, bool encode, uint opcodeAndHint, Span<byte> prefix, int total)
    {
        Status st = Ready(s, encode ? SessionRole.Server : SessionRole.Client);
        if (st != Status.Ok)
            return st;
        var swap = new SwapPlan(s, encode);
        if (swap.Any && prefix.Length != total)
            return Status.Unsupported; // swapping needs the whole message
        if (total < OutHeader || prefix.Length < OutHeader)
            return Reject(s, Status.Truncated);
        bool headerSwapped = swap.ValuesSwapped || swap.Before;
        if (WireReader.U32(prefix, FuseHeaders.OutLen, headerSwapped) != (uint)total)
            return Reject(s, Status.LengthMismatch);

        uint opcode = opcodeAndHint & ~ReplyXattrSizeHint;
        ReplyHint hint = opcode is (uint)FuseOpcode.GetXAttr or (uint)FuseOpcode.ListXAttr
            ? (opcodeAndHint & ReplyXattrSizeHint) != 0 ? ReplyHint.XattrSize : ReplyHint.XattrData
            : ReplyHint.None;
        ulong unique = WireReader.U64(prefix, FuseHeaders.OutUnique, headerSwapped);
        if (unique == OutHeaderRule.NotificationUnique)
        {
            // A notification: error holds its code, not an errno; only its byte order can differ.
            st = swap.Any ? MessageSwapper.SwapReply(prefix, opcode, s->Minor, swap.Before ? swap.BeforeDir : swap.AfterDir, hint) : Status.Ok;
            if (st != Status.Ok)
                return Reject(s, st);
            SessionStats.Add(ref s->Stats.MessagesTranslated);
            return Status.Ok;
        }
        int slot = OpcodeRules.SlotOf(opcode);
        if (slot < 0 || s->Rules[slot].Known == 0)
            return Reject(s, Status.UnknownOpcode);
        ref OpcodeRule rule = ref s->Rules[slot];
        if (rule.HasReply == 0)
            return Reject(s, Status.BadMessage); // FORGET and friends are never answered

        int error = (int)WireReader.U32(prefix, FuseHeaders.OutError, headerSwapped);
        if (error > 0)
            return Reject(s, Status.BadMessage);
        if (error < 0 && total != OutHeader)
            return Reject(s, Status.BadMessage); // the kernel rejects error replies with a body
        if (error == 0 && total - OutHeader < rule.MinReply)
            return Reject(s, Status.Truncated);
        ref TranslationPlans plans = ref encode ? ref s->Encode : ref s->Decode;
        // The kernel's range (-1..-511) is the wire's: checked on what arrives when decoding, on the translation
        // when encoding (a mips server's EDQUOT -1133 is -122 on a generic wire).
        int errorOut = 0;
        if (error < 0)
        {
            if (!encode && !OutHeaderRule.IsValidReplyError(error))
                return Reject(s, Status.BadMessage);
            errorOut = -ValueTranslator.Errno(s, ref plans, -error);
            if (encode && !OutHeaderRule.IsValidReplyError(errorOut))
                return Reject(s, Status.BadMessage);
        }

        if (swap.Before && (st = MessageSwapper.SwapReply(prefix, opcode, s->Minor, swap.BeforeDir, hint)) != Status.Ok)
            return Reject(s, st);
        int at;
        uint value, result;
        if (error < 0)
        {
            at = FuseHeaders.OutError;
            value = unchecked((uint)error);
            result = unchecked((uint)errorOut);
        }
        else if (rule.ReplyArch != ArchValueKind.None)
        {
            at = OutHeader + rule.ReplyArchOffset;
            value = WireReader.U32(prefix, at, swap.ValuesSwapped);
            st = ValueTranslator.Translate(s, ref plans, rule.ReplyArch, value, out result);
            if (st != Status.Ok)
            {
                if (swap.Before)
                    MessageSwapper.SwapReply(prefix, opcode, s->Minor, SwapDirection.ToForeign, hint);
                return Reject(s, st);
            }
        }
        else
        {
            at = -1;
            value = result = 0;
        }
        if (at >= 0)
            WireReader.PutU32(prefix, at, result, swap.ValuesSwapped);
        if (swap.After && (st = MessageSwapper.SwapReply(prefix, opcode, s->Minor, swap.AfterDir, hint)) != Status.Ok)
        {
            if (at >= 0)
                WireReader.PutU32(prefix, at, value, swap.ValuesSwapped);
            return Reject(s, st);
        }
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return Status.Ok;
    }

    private static Status Reject(SessionState* s, Status st)
    {
        SessionStats.Add(ref s->Stats.MessagesRejected);
        return st;
    }
}
