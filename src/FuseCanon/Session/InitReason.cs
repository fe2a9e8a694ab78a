using System;

namespace FuseCanon.Session;

/// <summary>Why INIT ended in the session's mode; the text goes to the server's or client's log.</summary>
public enum InitReason : int
{
    NotNegotiated = 0,
    FixedByConfiguration,
    LegacyClient,
    LegacyClientAssumedArch,
    LegacyClientSameArch,
    SameFormat,
    ClientTranslatesToCanonical,
    UnknownArchTranslatesToCanonical,
    ServerTranslatesPeerArch,
    RefusedPeerArch,
    UnknownArchNoTranslation,
    RefusedUnknownArch,
    SecondInitAwaited,
    ServerAcceptedCanonical,
    ServerDeclinedCanonical,
    CannotNegotiateShortInit,
    InitFailed,
    ReplyCannotCarryFlag,
}

public static class InitReasonText
{
    /// <summary>A sentence without arch names; the session appends them ("client aarch64, server x86_64").</summary>
    public static ReadOnlySpan<byte> Of(InitReason r) => r switch
    {
        InitReason.NotNegotiated => "INIT not negotiated yet"u8,
        InitReason.FixedByConfiguration => "wire format fixed by configuration"u8,
        InitReason.LegacyClient => "legacy client (arch_id 0, no canonical flag): no translation"u8,
        InitReason.LegacyClientAssumedArch => "legacy client (arch_id 0): translating the configured legacy_peer_arch"u8,
        InitReason.LegacyClientSameArch => "legacy client (arch_id 0): configured legacy_peer_arch has this side's format"u8,
        InitReason.SameFormat => "peer arch has this side's constants and byte order: no translation, flag cleared"u8,
        InitReason.ClientTranslatesToCanonical => "client offered the canonical flag: canonical mode"u8,
        InitReason.UnknownArchTranslatesToCanonical => "unknown client arch offered the canonical flag: canonical mode (ioctl arch unknown)"u8,
        InitReason.ServerTranslatesPeerArch => "client arch known but no canonical flag: server translates the client's arch"u8,
        InitReason.RefusedPeerArch => "client arch differs and offers no canonical flag; configured to refuse"u8,
        InitReason.UnknownArchNoTranslation => "unknown client arch without canonical flag: no translation"u8,
        InitReason.RefusedUnknownArch => "unknown client arch without canonical flag; configured to refuse"u8,
        InitReason.SecondInitAwaited => "client major version above 7: waiting for its second INIT"u8,
        InitReason.ServerAcceptedCanonical => "server answered the canonical flag: canonical mode"u8,
        InitReason.ServerDeclinedCanonical => "server did not answer the canonical flag: no translation"u8,
        InitReason.CannotNegotiateShortInit => "INIT too short to carry flags2 (protocol before 7.36): no translation"u8,
        InitReason.InitFailed => "INIT reply carried an error: no translation"u8,
        InitReason.ReplyCannotCarryFlag => "INIT reply too short to carry flags2: falling back"u8,
        _ => "unknown reason"u8,
    };
}
