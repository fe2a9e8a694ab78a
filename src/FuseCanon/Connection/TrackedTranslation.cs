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
    public static Status Request(SessionState* s, bool encode, byte* msg, int len, bool headerSwapped)
    {
        if (MessageFastPath.Request(s, encode, msg, len, hold: true))
            return Translated(s);
        return General(s, encode, msg, len, headerSwapped);
    }

    /// <summary>Everything the fast path leaves: swapped wires, unknown values, xattr hints, every error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Status General(SessionState* s, bool encode, byte* msg, int len, bool headerSwapped)
    {
        int held = -1;
        if (len >= InHeader)
        {
            uint opcode = Load32(msg + FuseHeaders.InOpcode, headerSwapped);
            ulong unique = Load64(msg + FuseHeaders.InUnique, headerSwapped);
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
        Status st = MessageTranslator.Request(s, encode, new Span<byte>(msg, len), len);
        if (st != Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    /// <param name="encode">true: a server's reply (local -> wire); false: a client's (wire -> local).</param>
    /// <param name="prefix">At least the header and fixed body; the whole reply when it must be swapped.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status Reply(SessionState* s, bool encode, byte* prefix, int prefixLen, int total, bool headerSwapped)
    {
        if (prefixLen == total && MessageFastPath.HeldReply(s, encode, prefix, total))
            return Translated(s);
        return General(s, encode, prefix, prefixLen, total, headerSwapped);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Status General(SessionState* s, bool encode, byte* prefix, int prefixLen, int total, bool headerSwapped)
    {
        if (prefixLen < OutHeader)
            return Rejected(s, Status.Truncated);
        ulong unique = Load64(prefix + FuseHeaders.OutUnique, headerSwapped);
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
        Status st = MessageTranslator.Reply(s, encode, context, new Span<byte>(prefix, prefixLen), total);
        if (st == Status.Ok && held >= 0)
            s->InFlight->Release(held);
        return st;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(byte* p, bool swapped)
    {
        uint v = Unsafe.ReadUnaligned<uint>(p);
        return swapped ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(byte* p, bool swapped)
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(p);
        return swapped ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
