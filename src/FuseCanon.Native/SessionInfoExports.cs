using System;
using System.Runtime.InteropServices;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>fusecanon_session_info: everything a server logs about the negotiated connection.</summary>
internal static unsafe class SessionInfoExports
{
    /// <summary>struct fusecanon_session_info, first version.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Info
    {
        public uint Size;
        public int Mode;
        public uint Role;
        public uint LocalArch;
        public uint PeerArch;
        public uint WireArch;
        public uint Minor;
        public uint WireBigEndian;
        public uint WireSwapped;
        public uint Profile;
        public ulong InitFlags;
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_info")]
    private static int SessionInfo(void* session, Info* output)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            if (s == null || output == null)
                return (int)Status.InvalidArgument;
            if (output->Size < (uint)sizeof(Info))
                return (int)Status.StructSize;
            bool localBig = SessionPlans.LocalIsSwapped(s) != !BitConverter.IsLittleEndian;
            bool swapped = s->WireSwapped != 0;
            *output = new Info
            {
                Size = (uint)sizeof(Info),
                Mode = (int)s->Mode,
                Role = s->Config.Role,
                LocalArch = s->LocalArch,
                PeerArch = s->PeerArch,
                WireArch = s->Mode is SessionMode.Pending or SessionMode.Rejected ? 0 : s->WireArch,
                Minor = s->Minor,
                WireBigEndian = (localBig != swapped) ? 1u : 0u,
                WireSwapped = swapped ? 1u : 0u,
                Profile = s->Config.Profile,
                InitFlags = s->InitFlags,
            };
            return (int)Status.Ok;
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
