using System.Runtime.InteropServices;

namespace FuseCanon.Session;

/// <summary>
/// The session behind the C handle, in unmanaged memory: no GC handle, no managed references, so it can be
/// shared by any number of threads and read directly by the header's inline helpers. Only the INIT functions
/// write to it (documented as single-threaded, before translation starts); statistics use atomic adds.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SessionState
{
    /// <summary>Set while the session is alive; lets calls reject a destroyed or foreign pointer cheaply.</summary>
    public ulong Magic;
    public const ulong LiveMagic = 0x4655_5345_4341_4E31; // "FUSECAN1"

    public SessionConfig Config;

    // What INIT (or the fixed configuration) decided.
    public SessionMode Mode;
    public InitReason Reason;
    /// <summary>The peer's arch as far as known (client's arch_id, legacy_peer_arch, or fixed wire arch).</summary>
    public uint PeerArch;
    /// <summary>The arch whose constants travel on the wire: local (None), canonical pseudo arch, or peer.</summary>
    public uint WireArch;
    /// <summary>The arch of this side.</summary>
    public uint LocalArch;
    /// <summary>Protocol minor that governs body sizes: negotiated by INIT, else the newest known.</summary>
    public uint Minor;
    /// <summary>The INIT flags both sides agreed on (flags | flags2 &lt;&lt; 32 of the reply); message shapes depend on a few.</summary>
    public ulong InitFlags;
    /// <summary>The client's INIT minor, remembered between the server's two INIT calls.</summary>
    public uint ClientMinor;
    /// <summary>1 when wire messages are in the opposite byte order of this side's.</summary>
    public byte WireSwapped;
    /// <summary>1 when the INIT exchange itself travels swapped (a big-endian client's INIT).</summary>
    public byte InitSwapped;
    /// <summary>Server: the client offered the canonical flag with a usable arch_id.</summary>
    public byte ClientOfferedFlag;
    /// <summary>Server: INIT request seen, reply not yet stamped.</summary>
    public byte AwaitingReply;
    /// <summary>
    /// Set when the mode became final: the role whose messages the fast path may take (ready, same byte order on
    /// both sides, this side in host order), else 0. One load instead of five checks per message.
    /// </summary>
    public byte FastRole;
    /// <summary>Set when the mode became final: 1 if no message of either direction needs any change.</summary>
    public byte Passthrough;

    /// <summary>The connection tier: the unique of the INIT request awaiting its reply (this side's order).</summary>
    public ulong InitUnique;
    /// <summary>The connection tier: requests awaiting a reply that needs their context; null when not translating.</summary>
    internal Connection.InFlightTable* InFlight;

    public fixed byte ReasonText[ReasonCapacity];
    public const int ReasonCapacity = 192;

    public SessionStats Stats;

    /// <summary>Every opcode resolved for <see cref="Minor"/>.</summary>
    public OpcodeRules Rules;

    /// <summary>Translation plans for wire-to-local (decode) and local-to-wire (encode).</summary>
    public TranslationPlans Decode;
    public TranslationPlans Encode;

    public readonly bool IsLive => Magic == LiveMagic;
}
