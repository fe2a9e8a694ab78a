using System;
using System.Runtime.CompilerServices;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// The client's connection tier, the mirror of <see cref="ServerConnection"/>: one call for every request
/// sent (INIT stamped, everything else encoded and its context held until the reply), one for every reply or
/// notification received (the INIT reply decides the mode, everything else is decoded).
/// </summary>
internal static unsafe class ClientConnection
{
    /// <summary>A request about to be sent: its length (send it as it now is), or a negative <see cref="Status"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Send(SessionState* s, byte* msg, int len)
    {
        if (s->Config.Role != (uint)SessionRole.Client)
            return (int)Status.BadState;
        bool local = SessionPlans.LocalIsSwapped(s);
        if (s->Mode == SessionMode.Pending)
            return SendInit(s, new Span<byte>(msg, len), local);
        if (SessionPlans.IsPassthrough(s))
            return len;
        Status st = TrackedTranslation.Request(s, encode: true, msg, len, local);
        return st == Status.Ok ? len : (int)st;
    }

    private static int SendInit(SessionState* s, Span<byte> msg, bool local)
    {
        Status init = SessionInit.ClientRequest(s, msg);
        if (init != Status.Ok)
            return (int)init;
        s->InitUnique = WireReader.U64(msg, FuseHeaders.InUnique, local);
        return msg.Length;
    }

    /// <summary>A reply or notification received: 0 when it is now in this side's format, or a negative <see cref="Status"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Receive(SessionState* s, byte* msg, int len)
    {
        if (s->Config.Role != (uint)SessionRole.Client)
            return (int)Status.BadState;
        bool local = SessionPlans.LocalIsSwapped(s);
        if (s->Mode == SessionMode.Pending)
            return ReceiveInit(s, new Span<byte>(msg, len), local);
        if (SessionPlans.IsPassthrough(s))
            return 0;
        return (int)TrackedTranslation.Reply(s, encode: false, msg, len, len, headerSwapped: local ^ (s->WireSwapped != 0));
    }

    private static int ReceiveInit(SessionState* s, Span<byte> msg, bool local)
    {
        if (msg.Length < FuseHeaders.OutHeaderSize || WireReader.U64(msg, FuseHeaders.OutUnique, local) != s->InitUnique)
            return (int)Status.BadState; // only the INIT reply can arrive before it
        return (int)SessionInit.ClientReply(s, msg);
    }
}
