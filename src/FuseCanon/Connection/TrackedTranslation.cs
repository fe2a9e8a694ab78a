using System;
using FuseCanon.Protocol;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// The translation both connection tiers run on an ordinary message: a request's context is held in the
/// session's <see cref="InFlightTable"/> before it is translated, and a reply is translated with the context
/// its unique names and then lets it go. The translation itself is the advanced tier's
/// (<see cref="MessageFastPath"/>, else <see cref="MessageTranslator"/>), so both tiers give the same bytes
/// and statistics. On any error the message and the table are as they were.
/// </summary>
internal static unsafe class TrackedTranslation
{
    /// <param name="encode">true: a client's request (local -> wire); false: a server's (wire -> local).</param>
    /// <param name="headerSwapped">The message as given is in the other byte order than this host's.</param>
    public static Status Request(SessionState* s, bool encode, Span<byte> msg, bool headerSwapped)
    {
        if (msg.Length < FuseHeaders.InHeaderSize)
            return Rejected(s, Status.Truncated);
        uint opcode = WireReader.U32(msg, FuseHeaders.InOpcode, headerSwapped);
        ulong unique = WireReader.U64(msg, FuseHeaders.InUnique, headerSwapped);
        int slot = OpcodeRules.SlotOf(opcode);
        int held = -1;
        if (slot >= 0 && s->Rules[slot].Known != 0 && unique != 0 && RequestContext.Needed(s, ref s->Rules[slot]) &&
            msg.Length - FuseHeaders.InHeaderSize >= s->Rules[slot].MinRequest)
        {
            held = s->InFlight->TryAdd(unique, RequestContext.Of(msg, opcode, headerSwapped));
            if (held < 0)
                return Rejected(s, Status.TooManyInFlight);
        }

        Status st;
        fixed (byte* p = msg)
            st = MessageFastPath.Request(s, encode, p, msg.Length)
                ? Translated(s)
                : MessageTranslator.Request(s, encode, msg, msg.Length);
        if (st != Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    /// <param name="encode">true: a server's reply (local -> wire); false: a client's (wire -> local).</param>
    /// <param name="prefix">At least the header and fixed body; the whole reply when it must be swapped.</param>
    public static Status Reply(SessionState* s, bool encode, Span<byte> prefix, int total, bool headerSwapped)
    {
        if (prefix.Length < FuseHeaders.OutHeaderSize)
            return Rejected(s, Status.Truncated);
        ulong unique = WireReader.U64(prefix, FuseHeaders.OutUnique, headerSwapped);
        int held = -1;
        uint context = 0; // a notification (unique 0): the translator reads its code from the header
        if (unique != OutHeaderRule.NotificationUnique)
        {
            held = s->InFlight->TryFind(unique, out context);
            if (held < 0)
            {
                // Only a swapped wire needs every reply's opcode; elsewhere an untracked reply is one whose
                // request needed no context, or a reply to INTERRUPT.
                if (s->WireSwapped != 0 && (unique & OutHeaderRule.InterruptUniqueBit) == 0)
                    return Rejected(s, Status.UnknownUnique);
                context = RequestContext.Untracked;
            }
        }

        Status st;
        fixed (byte* p = prefix)
            st = prefix.Length == total && MessageFastPath.Reply(s, encode, context, p, total)
                ? Translated(s)
                : MessageTranslator.Reply(s, encode, context, prefix, total);
        if (st == Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    private static Status Translated(SessionState* s)
    {
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return Status.Ok;
    }

    public static Status Rejected(SessionState* s, Status st)
    {
        SessionStats.Add(ref s->Stats.MessagesRejected);
        return st;
    }
}
