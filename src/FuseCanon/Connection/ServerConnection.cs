using System;
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
    /// A received request: 0 to dispatch it (now in this side's format), a positive length when the buffer
    /// now holds the library's own reply to send back instead, or a negative <see cref="Status"/>.
    /// </summary>
    public static int Receive(SessionState* s, Span<byte> msg)
    {
        if (s->Config.Role != (uint)SessionRole.Server || s->AwaitingReply != 0)
            return (int)Status.BadState;
        if (s->Mode == SessionMode.Pending)
        {
            Status init = SessionInit.ServerRequest(s, msg);
            if (init == Status.Ok)
                s->InitUnique = WireReader.U64(msg, FuseHeaders.InUnique, false); // now in this side's order
            return (int)init;
        }
        if (s->Mode == SessionMode.Rejected)
            return (int)Status.Rejected;
        if (SessionPlans.IsPassthrough(s))
            return 0;
        bool swapped = s->WireSwapped != 0;
        Status st = TrackedTranslation.Request(s, encode: false, msg, swapped);
        return st is Status.Ok or Status.BadState ? (int)st : LibraryAnswer.Write(s, msg, st, swapped);
    }

    /// <summary>
    /// A reply or notification about to be sent, <paramref name="prefix"/> holding at least its header and fixed
    /// body (all of it when the wire is swapped or it is the INIT reply): the number of bytes to send, or a
    /// negative <see cref="Status"/> with the message unchanged.
    /// </summary>
    public static int Send(SessionState* s, Span<byte> prefix, int total)
    {
        if (s->Config.Role != (uint)SessionRole.Server)
            return (int)Status.BadState;
        if (s->AwaitingReply != 0)
            return SendInitReply(s, prefix, total);
        if (s->Mode == SessionMode.Pending)
            return (int)Status.BadState;
        if (s->Mode == SessionMode.Rejected)
            return (int)Status.Rejected;
        if (SessionPlans.IsPassthrough(s))
            return total;
        Status st = TrackedTranslation.Reply(s, encode: true, prefix, total, headerSwapped: false);
        return st == Status.Ok ? total : (int)st;
    }

    private static int SendInitReply(SessionState* s, Span<byte> msg, int total)
    {
        if (msg.Length != total || msg.Length < FuseHeaders.OutHeaderSize ||
            WireReader.U64(msg, FuseHeaders.OutUnique, false) != s->InitUnique)
            return (int)Status.BadState; // nothing but the INIT reply may go out before it
        return SessionInit.ServerReply(s, msg) switch
        {
            Status.Ok => total,
            Status.Rejected => FuseHeaders.OutHeaderSize, // rewritten into a failed INIT
            Status other => (int)other,
        };
    }
}
