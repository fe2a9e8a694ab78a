using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;

namespace FuseCanon.Session;

/// <summary>What sessions need to know about arch ids, answered from the generated registry.</summary>
internal static unsafe class ArchFacts
{
    public const uint Canonical = ArchId.Canonical;

    private static readonly ConstantGroup[] Groups =
        [ConstantGroup.OpenFlags, ConstantGroup.Errno, ConstantGroup.LockTypes, ConstantGroup.PollEvents, ConstantGroup.IoctlEncoding];

    public static uint Host => ArchRegistry.Host;

    /// <summary>A known uname -m id or the canonical pseudo arch.</summary>
    public static bool IsKnown(uint id) => ArchRegistry.IsKnown(id);

    /// <summary>A known uname -m id (not the canonical pseudo arch).</summary>
    public static bool IsRealArch(uint id) => id != Canonical && ArchRegistry.IsKnown(id);

    /// <summary>
    /// Whether two arches put the same values on the wire for every constant group and, with
    /// <paramref name="byteOrderDiffers"/> false, in the same byte order.
    /// </summary>
    public static bool SameFormat(uint a, uint b, bool byteOrderDiffers)
    {
        if (byteOrderDiffers || !ArchRegistry.TryGetInfo(a, out ArchInfo ia) || !ArchRegistry.TryGetInfo(b, out ArchInfo ib))
            return false;
        foreach (ConstantGroup g in Groups)
        {
            if (ia.Family(g) != ib.Family(g))
                return false;
        }
        return true;
    }

    /// <summary>Whether both names tell their byte order and the orders differ (ppc64 vs x86_64).</summary>
    public static bool ByteOrderDiffers(uint a, uint b) =>
        ArchRegistry.TryGetInfo(a, out ArchInfo ia) && ArchRegistry.TryGetInfo(b, out ArchInfo ib) &&
        ia.ByteOrder != Endianness.Unknown && ib.ByteOrder != Endianness.Unknown && ia.ByteOrder != ib.ByteOrder;

    public static Endianness ByteOrderOf(uint id) =>
        ArchRegistry.TryGetInfo(id, out ArchInfo info) ? info.ByteOrder : Endianness.Unknown;

    public static int Family(uint id, ConstantGroup group) =>
        ArchRegistry.TryGetInfo(id, out ArchInfo info) ? info.Family(group) : -1;

    /// <summary>EPROTO as <paramref name="id"/> numbers it (the value a rejected INIT reply carries).</summary>
    public static uint Eproto(uint id) => ErrnoOf(id, "EPROTO");

    private static uint ErrnoOf(uint id, string name)
    {
        int family = Family(id, ConstantGroup.Errno);
        return (uint)ConstantTables.Values(ConstantGroup.Errno, family)[ConstantTables.IndexOf(ConstantGroup.Errno, name)];
    }

    /// <summary>
    /// A server's INIT error reply (negative) in the client's numbering when the client's arch is known, as every
    /// reply's error is translated: no equivalent, or one a reply cannot carry, becomes the client's EIO.
    /// </summary>
    public static int InitErrorForPeer(uint local, uint peer, int error)
    {
        if (peer == 0 || !IsKnown(peer) || !IsKnown(local))
            return error;
        Translation.ScalarTranslator.Errno(local, peer, -error, out int e); // EIO when it has no equivalent
        return e < Protocol.FuseConstants.ReplyErrorLimit ? -e : -(int)ErrnoOf(peer, "EIO");
    }

    /// <summary>The primary uname -m name, or empty for an unknown id.</summary>
    public static ReadOnlySpan<byte> Name(uint id)
    {
        byte* p = ArchRegistry.PrimaryName(id);
        return p == null ? default : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
    }
}
