using FuseCanon.Arch;

namespace FuseCanon.Session;

/// <summary>Turns a final mode into the wire arch, byte order, opcode rules and translation plans.</summary>
internal static unsafe class SessionPlans
{
    /// <summary>Whether this side's own messages are big-endian while the host is little-endian (test setups).</summary>
    public static bool LocalIsSwapped(SessionState* s) =>
        (s->Config.Flags & (uint)ConfigFlags.LocalBigEndian) != 0;

    /// <summary>Whether the connection needs no translation at all: every tier's call would leave every byte as it is.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsPassthrough(SessionState* s) => s->Passthrough != 0;

    /// <summary>Whether this side's own messages are big-endian.</summary>
    public static bool LocalIsBig(in SessionConfig c) =>
        (c.Flags & (uint)ConfigFlags.LocalBigEndian) != 0 || !System.BitConverter.IsLittleEndian;

    /// <summary>
    /// The byte order of a fixed arch wire: as configured, else as the arch's name tells, else (a name such as
    /// mips64 that both byte orders report) this side's.
    /// </summary>
    public static bool FixedWireIsBig(in SessionConfig c) => (WireByteOrder)c.WireByteOrder switch
    {
        WireByteOrder.Big => true,
        WireByteOrder.Little => false,
        _ => ArchFacts.ByteOrderOf(c.Wire) switch { Endianness.Big => true, Endianness.Little => false, _ => LocalIsBig(in c) },
    };

    /// <summary>
    /// A configured wire byte order needs a fixed wire that can have it: an arch id whose name does not say the
    /// opposite, or the canonical arch, which is little-endian.
    /// </summary>
    public static bool ValidWireByteOrder(in SessionConfig c)
    {
        var order = (WireByteOrder)c.WireByteOrder;
        if (order == WireByteOrder.Auto)
            return true;
        if (order > WireByteOrder.Big || c.Wire == 0)
            return false;
        Endianness named = c.Wire == ArchFacts.Canonical ? Endianness.Little : ArchFacts.ByteOrderOf(c.Wire);
        return named == Endianness.Unknown || named == (order == WireByteOrder.Big ? Endianness.Big : Endianness.Little);
    }

    public static Status Complete(SessionState* s)
    {
        s->WireArch = s->Mode switch
        {
            SessionMode.Canonical => ArchFacts.Canonical,
            SessionMode.Peer => s->PeerArch,
            _ => s->LocalArch,
        };

        // Byte order: canonical is little-endian. Otherwise the wire carries the peer's own order, which
        // INIT detection (a swapped INIT) or, for a fixed wire, the arch's name tells.
        bool localBig = LocalIsBig(in s->Config);
        bool wireBig = s->Mode switch
        {
            SessionMode.Canonical => false,
            _ when s->InitSwapped != 0 => !localBig,
            _ when s->Config.Wire != 0 && s->Config.Wire != ArchFacts.Canonical => FixedWireIsBig(in s->Config),
            _ => localBig,
        };
        s->WireSwapped = wireBig != localBig ? (byte)1 : (byte)0;

        if (s->InFlight == null && !(s->Mode == SessionMode.None && s->WireSwapped == 0))
        {
            uint capacity = s->Config.MaxInFlight != 0 ? s->Config.MaxInFlight : Connection.InFlightTable.DefaultCapacity;
            s->InFlight = Connection.InFlightTable.Create(capacity);
            if (s->InFlight == null)
                return Status.NoMemory;
        }

        s->Rules.Build(s->Minor);
        TranslationPlans.Build(ref s->Decode, s->WireArch, s->LocalArch);
        TranslationPlans.Build(ref s->Encode, s->LocalArch, s->WireArch);

        // Last: what the per-message checks read, once everything they guard is in place.
        bool ready = s->Mode is SessionMode.None or SessionMode.Canonical or SessionMode.Peer && s->AwaitingReply == 0;
        s->FastRole = ready && s->WireSwapped == 0 && !LocalIsSwapped(s) ? (byte)s->Config.Role : (byte)0;
        s->Passthrough = ready && s->Mode == SessionMode.None && s->WireSwapped == 0 ? (byte)1 : (byte)0;
        return Status.Ok;
    }
}
