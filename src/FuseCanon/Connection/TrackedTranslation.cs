using System;
using System.Runtime.CompilerServices;
using FuseCanon.Protocol;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// The translation both connection tiers run on an ordinary message: a request that gets a reply is held in the
/// session's <see cref="InFlightTable"/> with its context before it is translated, and a reply is translated
/// with the context its unique names and then lets it go. The translation itself is the advanced tier's
/// (<see cref="MessageFastPath"/>, else <see cref="MessageTranslator"/>), so both tiers give the same bytes
/// and statistics. On any error the message and the table are as they were. Reads through raw pointers: the
/// callers guarantee <c>len</c> readable and writable bytes.
/// </summary>
internal static unsafe class TrackedTranslation
{
    private const int InHeader = FuseHeaders.InHeaderSize;
    private const int OutHeader = FuseHeaders.OutHeaderSize;

    /// <param name="encode">true: a client's request (local -> wire); false: a server's (wire -> local).</param>
    /// <param name="headerSwapped">The message as given is in the other byte order than this host's.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status Request(SessionState* s, bool encode, byte* msg, int len, bool headerSwapped) =>
        FastRequest(s, encode, msg, len) ? Status.Ok : GeneralRequest(s, encode, msg, len, len, headerSwapped);

    /// <summary>The common request, held and translated by <see cref="MessageFastPath"/> and counted; false leaves
    /// everything as it was for <see cref="GeneralRequest"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FastRequest(SessionState* s, bool encode, byte* msg, int len)
    {
        if (!MessageFastPath.Request(s, encode, msg, len, hold: true))
            return false;
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return true;
    }

    /// <summary>
    /// Everything the fast path leaves: swapped wires, unknown values, xattr hints, every error, and requests of
    /// which only a prefix is at hand (<paramref name="prefixLen"/> of <paramref name="total"/> bytes: at least the
    /// header and fixed body; all of it when the wire is swapped).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Status GeneralRequest(SessionState* s, bool encode, byte* msg, int prefixLen, int total, bool headerSwapped)
    {
        int held = -1;
        var span = new Span<byte>(msg, prefixLen);
        int len = total;
        if (prefixLen >= InHeader)
        {
            uint opcode = WireReader.U32(span, FuseHeaders.InOpcode, headerSwapped);
            ulong unique = WireReader.U64(span, FuseHeaders.InUnique, headerSwapped);
            int slot = OpcodeRules.SlotOf(opcode);
            if (slot >= 0 && unique != 0)
            {
                ref OpcodeRule rule = ref s->Rules[slot];
                if (rule.Known != 0 && rule.HasReply != 0 && len - InHeader >= rule.MinRequest)
                {
                    held = s->InFlight->TryAdd(unique, RequestContext.Of(msg, opcode, headerSwapped));
                    if (held < 0)
                        return Rejected(s, Status.TooManyInFlight);
                }
            }
        }
        Status st = MessageTranslator.Request(s, encode, span, total);
        if (st != Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    /// <param name="encode">true: a server's reply (local -> wire); false: a client's (wire -> local).</param>
    /// <param name="prefix">At least the header and fixed body; the whole reply when it must be swapped.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status Reply(SessionState* s, bool encode, byte* prefix, int prefixLen, int total, bool headerSwapped) =>
        FastReply(s, encode, prefix, prefixLen, total) ? Status.Ok : GeneralReply(s, encode, prefix, prefixLen, total, headerSwapped);

    /// <summary>The common reply, translated with its held context and counted; false leaves everything as it was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FastReply(SessionState* s, bool encode, byte* prefix, int prefixLen, int total)
    {
        if (prefixLen != total || !MessageFastPath.HeldReply(s, encode, prefix, total))
            return false;
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Status GeneralReply(SessionState* s, bool encode, byte* prefix, int prefixLen, int total, bool headerSwapped)
    {
        if (prefixLen < OutHeader)
            return Rejected(s, Status.Truncated);
        var span = new Span<byte>(prefix, prefixLen);
        ulong unique = WireReader.U64(span, FuseHeaders.OutUnique, headerSwapped);
        int held = -1;
        uint context = 0; // a notification (unique 0): the translator reads its code from the header
        if (unique != OutHeaderRule.NotificationUnique)
        {
            held = s->InFlight->TryFind(unique, out context);
            if (held < 0)
            {
                if ((unique & OutHeaderRule.InterruptUniqueBit) == 0)
                    return Rejected(s, Status.UnknownUnique);
                context = RequestContext.InterruptReply;
            }
        }
        Status st = MessageTranslator.Reply(s, encode, context, span, total);
        if (st == Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    public static Status Rejected(SessionState* s, Status st)
    {
        SessionStats.Add(ref s->Stats.MessagesRejected);
        return st;
    }
}
