using System;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>
/// The four INIT calls of the C ABI. They are the only code that changes a session after creation, and the
/// header documents them as single-threaded and done before any message is translated. Every check happens
/// before anything is written, so a failing call leaves both the buffer and the session as they were.
/// </summary>
public static unsafe class SessionInit
{
    private const uint InitOpcode = (uint)FuseOpcode.Init;
    private const uint InitOpcodeSwapped = (uint)FuseOpcode.FuseInitBswapReserved;
    private const uint InitExt = (uint)FuseInitFlags.InitExt;

    /// <summary>Validates a request header: INIT opcode (either byte order) and len equal to the buffer.</summary>
    /// <param name="localSwapped">This side's own messages are in the other byte order (client role).</param>
    private static Status ReadInitRequest(ReadOnlySpan<byte> msg, bool allowSwapped, bool localSwapped, out bool swapped)
    {
        swapped = localSwapped;
        if (msg.Length < FuseHeaders.InHeaderSize)
            return Status.Truncated;
        uint opcode = WireReader.U32(msg, FuseHeaders.InOpcode, localSwapped);
        if (opcode == InitOpcodeSwapped && allowSwapped)
            swapped = true;
        else if (opcode != InitOpcode)
            return Status.BadMessage;
        if (WireReader.U32(msg, FuseHeaders.InLen, swapped) != (uint)msg.Length)
            return Status.LengthMismatch;
        if (msg.Length - FuseHeaders.InHeaderSize < FuseHeaders.InitInMinBody)
            return Status.Truncated;
        uint major = WireReader.U32(msg, FuseHeaders.InHeaderSize + FuseHeaders.InitMajor, swapped);
        if (major < FuseHeaders.SupportedMajor)
            return Status.BadMessage;
        // The body must be fuse_init_in as the minor it announces has it (a kernel of 7.36 on sends 64 bytes): a
        // short body claiming a newer minor cannot be honoured. A higher major only asks for the server's version.
        uint minor = WireReader.U32(msg, FuseHeaders.InHeaderSize + FuseHeaders.InitMinor, swapped);
        if (major == FuseHeaders.SupportedMajor &&
            msg.Length - FuseHeaders.InHeaderSize < StructLayouts.Get(StructId.InitIn).SizeAtMinor(Math.Min(minor, ProtocolVersion.NewestMinor)))
            return Status.Truncated;
        return Status.Ok;
    }

    private static Status ReadReplyHeader(ReadOnlySpan<byte> msg, bool swapped, out int error)
    {
        error = 0;
        if (msg.Length < FuseHeaders.OutHeaderSize)
            return Status.Truncated;
        if (WireReader.U32(msg, FuseHeaders.OutLen, swapped) != (uint)msg.Length)
            return Status.LengthMismatch;
        // unique 0 is a notification, not a reply to INIT (the byte-order walker would read it as one).
        if (WireReader.U64(msg, FuseHeaders.OutUnique, swapped) == 0)
            return Status.BadMessage;
        error = (int)WireReader.U32(msg, FuseHeaders.OutError, swapped);
        if (error > 0)
            return Status.BadMessage;
        if (error == 0 && msg.Length - FuseHeaders.OutHeaderSize < FuseHeaders.InitOutMinBody)
            return Status.Truncated;
        return Status.Ok;
    }

    private static bool Negotiating(SessionState* s, SessionRole role) =>
        s->Config.Role == (uint)role && s->Config.Wire == 0 && s->Mode == SessionMode.Pending;

    // ------------------------------------------------------------------------------------------------ server

    public static Status ServerRequest(SessionState* s, Span<byte> msg)
    {
        if (!Negotiating(s, SessionRole.Server) || s->AwaitingReply != 0)
            return Status.BadState;
        Status st = ReadInitRequest(msg, allowSwapped: true, localSwapped: false, out bool swapped);
        if (st != Status.Ok)
            return st;

        ReadOnlySpan<byte> body = msg[FuseHeaders.InHeaderSize..];
        uint major = WireReader.U32(body, FuseHeaders.InitMajor, swapped);
        s->ClientMinor = WireReader.U32(body, FuseHeaders.InitMinor, swapped);
        s->InitSwapped = swapped ? (byte)1 : (byte)0;
        s->AwaitingReply = 1;
        if (major > FuseHeaders.SupportedMajor)
        {
            SessionText.SetReason(s, InitReason.SecondInitAwaited);
            return Status.Ok;
        }

        var profile = (InitProfile)s->Config.Profile;
        uint archId = 0;
        bool flag = false;
        if (body.Length >= InitProfiles.InitInFullSize)
        {
            archId = WireReader.U32(body, InitProfiles.ArchIdOffset(profile), swapped);
            uint flags = WireReader.U32(body, FuseHeaders.InitFlags, swapped);
            uint flags2 = WireReader.U32(body, InitProfiles.InitInFlags2Offset, swapped);
            flag = (flags & InitExt) != 0 && (flags2 & InitProfiles.Flags2Mask(profile)) != 0;
            // Bit 40 of the seed profile is also FUSE_ALLOW_IDMAP, which every modern kernel offers: only a
            // client that names its arch means "canonical" by it.
            if (InitProfiles.FlagCollidesUpstream(profile) && archId == 0)
                flag = false;
        }

        var outcome = ServerInitDecision.Decide(s->LocalArch, new ClientInitOffer(archId, flag, swapped),
            s->Config.LegacyPeerArch, (ConfigFlags)s->Config.Flags);
        if (swapped)
        {
            // The server's own INIT code reads the request next: give it this side's byte order.
            Status sw = MessageSwapper.SwapRequest(msg, s->ClientMinor, SwapDirection.FromForeign);
            if (sw != Status.Ok)
            {
                s->AwaitingReply = 0;
                s->InitSwapped = 0;
                return sw;
            }
        }
        s->ClientOfferedFlag = flag ? (byte)1 : (byte)0;
        s->Mode = outcome.Mode;
        s->PeerArch = outcome.PeerArch;
        SessionText.SetReason(s, outcome.Reason);
        return Status.Ok;
    }

    public static Status ServerReply(SessionState* s, Span<byte> msg)
    {
        if (s->Config.Role != (uint)SessionRole.Server || s->Config.Wire != 0 || s->AwaitingReply == 0)
            return Status.BadState;
        Status st = ReadReplyHeader(msg, swapped: false, out int error);
        if (st != Status.Ok)
            return st;
        bool swapped = s->InitSwapped != 0;
        if (swapped)
        {
            // The reply goes back in the client's byte order. Check that it can be swapped before anything is
            // stamped, so a bad reply leaves everything unchanged.
            st = MessageSwapper.CheckReply(msg, InitOpcode, ProtocolVersion.NewestMinor, SwapDirection.ToForeign, ReplyHint.None);
            if (st != Status.Ok)
                return st;
        }
        st = StampServerReply(s, msg, error);
        if (swapped && (st == Status.Ok || st == Status.Rejected))
            MessageSwapper.SwapReply(msg[..(int)WireReader.U32(msg, FuseHeaders.OutLen, false)], InitOpcode,
                ProtocolVersion.NewestMinor, SwapDirection.ToForeign, ReplyHint.None);
        return st;
    }

    private static Status StampServerReply(SessionState* s, Span<byte> msg, int error)
    {
        if (s->Reason == InitReason.SecondInitAwaited)
        {
            // The server answers a major above 7 with its own version and waits for the next INIT.
            s->AwaitingReply = 0;
            return Status.Ok;
        }

        if (s->Mode == SessionMode.Rejected)
        {
            uint eproto = ArchFacts.Eproto(s->PeerArch != 0 && ArchFacts.IsKnown(s->PeerArch) ? s->PeerArch : s->LocalArch);
            WireReader.PutU32(msg, FuseHeaders.OutLen, FuseHeaders.OutHeaderSize, false);
            WireReader.PutU32(msg, FuseHeaders.OutError, unchecked((uint)-(int)eproto), false);
            s->AwaitingReply = 0;
            return Status.Rejected;
        }

        if (error != 0)
        {
            // The server itself failed INIT (libfuse's do_init answers -EPROTO, ...); the connection will not be
            // used, but the client's kernel reads the error in its own numbering, like every reply's.
            int wireError = ArchFacts.InitErrorForPeer(s->LocalArch, s->PeerArch, error);
            if (!OutHeaderRule.IsValidReplyError(wireError))
                return Status.BadMessage;
            WireReader.PutU32(msg, FuseHeaders.OutError, unchecked((uint)wireError), false);
            s->Mode = SessionMode.None;
            SessionText.SetReason(s, InitReason.InitFailed);
            s->AwaitingReply = 0;
            return SessionPlans.Complete(s);
        }

        Span<byte> body = msg[FuseHeaders.OutHeaderSize..];
        uint replyMinor = WireReader.U32(body, FuseHeaders.InitMinor, false);
        var profile = (InitProfile)s->Config.Profile;
        uint mask = InitProfiles.Flags2Mask(profile);

        if (body.Length >= FuseHeaders.InitInFlagsBody)
            s->InitFlags = WireReader.U32(body, FuseHeaders.InitFlags, false);
        if (body.Length < FuseHeaders.InitOutFlags2Body)
        {
            if (s->Mode == SessionMode.Canonical)
            {
                // No flags2 to answer with: the client will not translate, so the server must, if it can.
                bool known = s->PeerArch != 0 && ArchFacts.IsKnown(s->PeerArch);
                s->Mode = known ? SessionMode.Peer : SessionMode.None;
                SessionText.SetReason(s, InitReason.ReplyCannotCarryFlag);
            }
        }
        else
        {
            uint flags = WireReader.U32(body, FuseHeaders.InitFlags, false);
            uint flags2 = WireReader.U32(body, InitProfiles.InitOutFlags2Offset, false);
            s->InitFlags = flags | ((flags & InitExt) != 0 ? (ulong)flags2 << 32 : 0);
            if (s->Mode == SessionMode.Canonical)
            {
                WireReader.PutU32(body, FuseHeaders.InitFlags, flags | InitExt, false);
                WireReader.PutU32(body, InitProfiles.InitOutFlags2Offset, flags2 | mask, false);
                s->InitFlags = flags | InitExt | (ulong)(flags2 | mask) << 32;
            }
            else if ((flags & InitExt) != 0 && (flags2 & mask) != 0 &&
                     (!InitProfiles.FlagCollidesUpstream(profile) || s->ClientOfferedFlag != 0))
            {
                // Never let the reply say "canonical" when the session is not: a client that offered the
                // flag would read it as consent. A seed-profile bit 40 answered to a kernel that did not
                // name its arch is FUSE_ALLOW_IDMAP and stays as the server set it.
                WireReader.PutU32(body, InitProfiles.InitOutFlags2Offset, flags2 & ~mask, false);
                s->InitFlags &= ~((ulong)mask << 32);
            }
        }

        s->Minor = Math.Min(s->ClientMinor, replyMinor);
        s->AwaitingReply = 0;
        return SessionPlans.Complete(s);
    }

    // ------------------------------------------------------------------------------------------------ client

    public static Status ClientRequest(SessionState* s, Span<byte> msg)
    {
        if (!Negotiating(s, SessionRole.Client))
            return Status.BadState;
        bool sw = SessionPlans.LocalIsSwapped(s);
        Status st = ReadInitRequest(msg, allowSwapped: false, localSwapped: sw, out _);
        if (st != Status.Ok)
            return st;

        Span<byte> body = msg[FuseHeaders.InHeaderSize..];
        s->ClientMinor = WireReader.U32(body, FuseHeaders.InitMinor, sw);
        if (body.Length < InitProfiles.InitInFullSize)
        {
            SessionText.SetReason(s, InitReason.CannotNegotiateShortInit);
            s->ClientOfferedFlag = 0;
            return Status.Ok;
        }
        var profile = (InitProfile)s->Config.Profile;
        uint flags = WireReader.U32(body, FuseHeaders.InitFlags, sw);
        uint flags2 = WireReader.U32(body, InitProfiles.InitInFlags2Offset, sw);
        WireReader.PutU32(body, FuseHeaders.InitFlags, flags | InitExt, sw);
        WireReader.PutU32(body, InitProfiles.InitInFlags2Offset, flags2 | InitProfiles.Flags2Mask(profile), sw);
        WireReader.PutU32(body, InitProfiles.ArchIdOffset(profile), s->LocalArch, sw);
        s->ClientOfferedFlag = 1;
        return Status.Ok;
    }

    public static Status ClientReply(SessionState* s, ReadOnlySpan<byte> msg)
    {
        if (!Negotiating(s, SessionRole.Client))
            return Status.BadState;
        bool sw = SessionPlans.LocalIsSwapped(s);
        Status st = ReadReplyHeader(msg, swapped: sw, out int error);
        if (st != Status.Ok)
            return st;
        if (error != 0)
        {
            s->Mode = SessionMode.None;
            SessionText.SetReason(s, InitReason.InitFailed);
            return SessionPlans.Complete(s);
        }
        ReadOnlySpan<byte> body = msg[FuseHeaders.OutHeaderSize..];
        if (WireReader.U32(body, FuseHeaders.InitMajor, sw) > FuseHeaders.SupportedMajor)
            return Status.Ok; // the server asks for a second INIT; stay pending
        uint replyMinor = WireReader.U32(body, FuseHeaders.InitMinor, sw);
        bool accepted = false;
        if (body.Length >= FuseHeaders.InitInFlagsBody)
            s->InitFlags = WireReader.U32(body, FuseHeaders.InitFlags, sw);
        if (body.Length >= FuseHeaders.InitOutFlags2Body)
        {
            uint flags = WireReader.U32(body, FuseHeaders.InitFlags, sw);
            uint flags2 = WireReader.U32(body, InitProfiles.InitOutFlags2Offset, sw);
            if ((flags & InitExt) != 0)
                s->InitFlags |= (ulong)flags2 << 32;
            accepted = s->ClientOfferedFlag != 0 && (flags & InitExt) != 0 &&
                       (flags2 & InitProfiles.Flags2Mask((InitProfile)s->Config.Profile)) != 0;
        }
        if (accepted)
        {
            s->Mode = SessionMode.Canonical;
            SessionText.SetReason(s, InitReason.ServerAcceptedCanonical);
        }
        else
        {
            s->Mode = SessionMode.None;
            if (s->Reason != InitReason.CannotNegotiateShortInit)
                SessionText.SetReason(s, InitReason.ServerDeclinedCanonical);
        }
        s->Minor = Math.Min(s->ClientMinor, replyMinor);
        return SessionPlans.Complete(s);
    }
}
