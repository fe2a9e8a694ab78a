using System;
using System.Runtime.CompilerServices;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// The server's connection tier: one call for every message received, one for every message sent. It
/// routes INIT (of either byte order) to the INIT negotiation, answers requests it cannot pass on
/// (<see cref="LibraryAnswer"/>), and translates everything else with <see cref="TrackedTranslation"/>.
/// </summary>
internal static unsafe class ServerConnection
{
    /// <summary>
    /// A received request of <paramref name="len"/> bytes at <paramref name="msg"/>: 0 to dispatch it (now in this
    /// side's format), a positive length when the buffer now holds the library's own reply to send back instead,
    /// or a negative <see cref="Status"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Receive(SessionState* s, byte* msg, int len)
    {
        if (SessionPlans.IsPassthrough(s) && s->Config.Role == (uint)SessionRole.Server)
            return 0;
        return TrackedTranslation.FastRequest(s, encode: false, msg, len) ? 0 : ReceiveSlow(s, msg, len, len);
    }

    /// <summary>
    /// As <see cref="Receive(SessionState*, byte*, int)"/> for a request scattered over buffers, gathered into
    /// <paramref name="prefix"/>: at least its header and fixed body, all of it when the wire is swapped or the INIT
    /// is awaited (<see cref="ReceivePrefixLength"/>); the rest, the opaque tail, is never read.
    /// </summary>
    public static int Receive(SessionState* s, byte* prefix, int prefixLen, int total)
    {
        if (prefixLen == total)
            return Receive(s, prefix, total);
        if (SessionPlans.IsPassthrough(s) && s->Config.Role == (uint)SessionRole.Server)
            return 0;
        return ReceiveSlow(s, prefix, prefixLen, total);
    }

    /// <summary>How much of a <paramref name="total"/>-byte request <see cref="Receive(SessionState*, byte*, int, int)"/>
    /// must see: everything when it has to be swapped, may be the INIT or meets a session that takes no requests; else at most <paramref name="cap"/> bytes,
    /// which must hold the header and the largest fixed request body.</summary>
    public static int ReceivePrefixLength(SessionState* s, int total, int cap) =>
        s->WireSwapped != 0 || s->AwaitingReply != 0 || s->Mode is not (SessionMode.None or SessionMode.Canonical or SessionMode.Peer)
            ? total : Math.Min(total, cap);

    /// <summary>Everything but a plain request: INIT, refusals, swapped wires, unknown values, errors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReceiveSlow(SessionState* s, byte* msg, int prefixLen, int total)
    {
        if (s->Config.Role != (uint)SessionRole.Server || s->AwaitingReply != 0 ||
            s->Mode is not (SessionMode.None or SessionMode.Canonical or SessionMode.Peer))
            return prefixLen == total ? ReceiveOther(s, msg, total) : (int)Status.BadState;
        bool swapped = s->WireSwapped != 0;
        Status st = TrackedTranslation.GeneralRequest(s, encode: false, msg, prefixLen, total, swapped);
        return st == Status.Ok ? 0 : Refused(s, msg, prefixLen, st, swapped);
    }

    /// <summary>INIT, and the states in which nothing is dispatched.</summary>
    private static int ReceiveOther(SessionState* s, byte* msg, int len)
    {
        if (s->Config.Role != (uint)SessionRole.Server || s->AwaitingReply != 0)
            return (int)Status.BadState;
        if (s->Mode == SessionMode.Rejected)
            return (int)Status.Rejected;
        var span = new Span<byte>(msg, len);
        Status init = SessionInit.ServerRequest(s, span);
        if (init == Status.Ok)
            s->InitUnique = WireReader.U64(span, FuseHeaders.InUnique, false); // now in this side's order
        return (int)init;
    }

    private static int Refused(SessionState* s, byte* msg, int len, Status st, bool swapped) =>
        st == Status.BadState ? (int)st : LibraryAnswer.Write(s, new Span<byte>(msg, len), st, swapped);

    /// <summary>
    /// A reply or notification about to be sent, <paramref name="prefix"/> holding at least its header and fixed
    /// body (all of it when the wire is swapped or it is the INIT reply): the number of bytes to send, or a
    /// negative <see cref="Status"/> with the message unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Send(SessionState* s, byte* prefix, int prefixLen, int total)
    {
        if (SessionPlans.IsPassthrough(s) && s->Config.Role == (uint)SessionRole.Server)
            return total;
        return TrackedTranslation.FastReply(s, encode: true, prefix, prefixLen, total)
            ? total : SendSlow(s, prefix, prefixLen, total);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SendSlow(SessionState* s, byte* prefix, int prefixLen, int total)
    {
        if (s->Config.Role != (uint)SessionRole.Server || s->AwaitingReply != 0 ||
            s->Mode is not (SessionMode.None or SessionMode.Canonical or SessionMode.Peer))
            return SendOther(s, prefix, prefixLen, total);
        Status st = TrackedTranslation.GeneralReply(s, encode: true, prefix, prefixLen, total, headerSwapped: false);
        return st == Status.Ok ? total : (int)st;
    }

    /// <summary>The INIT reply, and the states in which nothing goes out.</summary>
    private static int SendOther(SessionState* s, byte* msg, int len, int total)
    {
        if (s->Config.Role != (uint)SessionRole.Server)
            return (int)Status.BadState;
        if (s->AwaitingReply == 0)
            return (int)(s->Mode == SessionMode.Rejected ? Status.Rejected : Status.BadState);
        var span = new Span<byte>(msg, len);
        if (len != total || len < FuseHeaders.OutHeaderSize || WireReader.U64(span, FuseHeaders.OutUnique, false) != s->InitUnique)
            return (int)Status.BadState; // nothing but the INIT reply may go out before it
        return SessionInit.ServerReply(s, span) switch
        {
            Status.Ok => total,
            Status.Rejected => FuseHeaders.OutHeaderSize, // rewritten into a failed INIT
            Status other => (int)other,
        };
    }
}
