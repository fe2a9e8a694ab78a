namespace FuseCanon.Session;

/// <summary>What a server learned from a client's INIT request.</summary>
public readonly record struct ClientInitOffer(uint ArchId, bool CanonicalFlag, bool ByteSwapped);

/// <summary>The server's decision: how the rest of the connection is translated.</summary>
public readonly record struct ServerInitOutcome(SessionMode Mode, uint PeerArch, bool AnswerFlag, InitReason Reason);

/// <summary>
/// The server decision table of the upstream consensus (docs/init-negotiation.md), decided from flags and
/// arch_id only, never from the protocol minor. Pure: the same inputs always give the same outcome.
/// </summary>
public static class ServerInitDecision
{
    public static ServerInitOutcome Decide(uint localArch, ClientInitOffer offer, uint legacyPeerArch, ConfigFlags flags)
    {
        if (offer.ArchId == 0 && !offer.CanonicalFlag)
        {
            if (legacyPeerArch == 0)
                return new(SessionMode.None, 0, false, InitReason.LegacyClient);
            if (ArchFacts.SameFormat(legacyPeerArch, localArch, offer.ByteSwapped))
                return new(SessionMode.None, legacyPeerArch, false, InitReason.LegacyClientSameArch);
            return new(SessionMode.Peer, legacyPeerArch, false, InitReason.LegacyClientAssumedArch);
        }

        bool known = offer.ArchId != 0 && ArchFacts.IsKnown(offer.ArchId);
        if (known && ArchFacts.SameFormat(offer.ArchId, localArch, offer.ByteSwapped))
            return new(SessionMode.None, offer.ArchId, false, InitReason.SameFormat);

        if (offer.CanonicalFlag)
            return new(SessionMode.Canonical, offer.ArchId, true,
                known ? InitReason.ClientTranslatesToCanonical : InitReason.UnknownArchTranslatesToCanonical);

        if (known)
            return (flags & ConfigFlags.RefusePeer) != 0
                ? new(SessionMode.Rejected, offer.ArchId, false, InitReason.RefusedPeerArch)
                : new(SessionMode.Peer, offer.ArchId, false, InitReason.ServerTranslatesPeerArch);

        return (flags & ConfigFlags.RefuseUnknown) != 0
            ? new(SessionMode.Rejected, offer.ArchId, false, InitReason.RefusedUnknownArch)
            : new(SessionMode.None, offer.ArchId, false, InitReason.UnknownArchNoTranslation);
    }
}
