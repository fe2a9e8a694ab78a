using System.Runtime.InteropServices;

namespace FuseCanon.Session;

/// <summary>Creates and frees sessions in unmanaged memory.</summary>
public static unsafe class SessionFactory
{
    public static Status Create(void* cfg, out SessionState* session)
    {
        session = null;
        Status st = SessionConfig.Read(cfg, out SessionConfig c);
        if (st != Status.Ok)
            return st;
        if (c.Role is not ((uint)SessionRole.Server or (uint)SessionRole.Client) ||
            c.UnknownPolicy > (uint)UnknownPolicy.Drop ||
            (c.Flags & ~(uint)SessionConfig.KnownFlags) != 0 ||
            !InitProfiles.IsValid(c.Profile) ||
            (c.Role == (uint)SessionRole.Client && (c.LegacyPeerArch != 0 || (c.Flags & (uint)SessionConfig.ServerOnlyFlags) != 0)) ||
            c.MaxInFlight > Connection.InFlightTable.MaxCapacity)
            return Status.InvalidArgument;

        uint local = c.LocalArch == 0 ? ArchFacts.Host : c.LocalArch;
        if (!ArchFacts.IsRealArch(local) ||
            (c.Wire != 0 && !ArchFacts.IsKnown(c.Wire)) ||
            (c.LegacyPeerArch != 0 && !ArchFacts.IsRealArch(c.LegacyPeerArch)))
            return Status.UnknownArch;
        if (!SessionPlans.ValidWireByteOrder(in c))
            return Status.InvalidArgument;

        var s = (SessionState*)NativeMemory.AlignedAlloc((nuint)sizeof(SessionState), 64);
        if (s == null)
            return Status.NoMemory;
        NativeMemory.Clear(s, (nuint)sizeof(SessionState));
        s->Config = c;
        s->LocalArch = local;
        s->Minor = ProtocolVersion.NewestMinor;
        s->Mode = SessionMode.Pending;
        SessionText.SetReason(s, InitReason.NotNegotiated);
        if (c.Wire != 0)
        {
            s->PeerArch = c.Wire == ArchFacts.Canonical ? 0 : c.Wire;
            bool orderDiffers = c.WireByteOrder != (uint)WireByteOrder.Auto
                ? SessionPlans.FixedWireIsBig(in c) != SessionPlans.LocalIsBig(in c)
                : ArchFacts.ByteOrderDiffers(c.Wire, local);
            s->Mode = c.Wire == ArchFacts.Canonical ? SessionMode.Canonical
                : ArchFacts.SameFormat(c.Wire, local, orderDiffers) ? SessionMode.None
                : SessionMode.Peer;
            SessionText.SetReason(s, InitReason.FixedByConfiguration);
            st = SessionPlans.Complete(s);
            if (st != Status.Ok)
            {
                NativeMemory.AlignedFree(s);
                return st;
            }
        }
        s->Magic = SessionState.LiveMagic;
        session = s;
        return Status.Ok;
    }

    public static void Destroy(SessionState* s)
    {
        if (s == null || !s->IsLive)
            return;
        s->Magic = 0;
        Connection.InFlightTable.Free(s->InFlight);
        NativeMemory.AlignedFree(s);
    }

    /// <summary>The session behind a C handle, or null for NULL and for pointers that are not live sessions.</summary>
    public static SessionState* FromHandle(void* handle)
    {
        var s = (SessionState*)handle;
        return s != null && s->IsLive ? s : null;
    }
}
