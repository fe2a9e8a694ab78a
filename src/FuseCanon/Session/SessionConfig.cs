using System;
using System.Runtime.InteropServices;

namespace FuseCanon.Session;

/// <summary>
/// The C ABI's struct fusecanon_config, field for field. Callers pass their compiled <c>size</c>: older
/// (shorter) versions get defaults for the missing fields, newer (longer) ones are accepted only if every
/// byte this version does not know is zero, so a caller never silently loses a setting.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct SessionConfig
{
    public uint Size;
    public uint Role;
    public uint LocalArch;
    public uint Wire;
    public uint LegacyPeerArch;
    public uint UnknownPolicy;
    public uint Flags;
    public uint Profile;
    /// <summary>Since 1.1 (36 bytes): the byte order of a fixed arch wire, <see cref="Session.WireByteOrder"/>.</summary>
    public uint WireByteOrder;
    /// <summary>Since 1.1 (40 bytes): connection tier, how many requests may await their reply (0 = the default).</summary>
    public uint MaxInFlight;

    /// <summary>Size of the first published version of the struct.</summary>
    public const int FirstVersionSize = 32;

    /// <summary>A size field above this is garbage, not a future version: refused before reading it.</summary>
    public const int MaxAcceptedSize = 4096;

    public const ConfigFlags KnownFlags =
        ConfigFlags.TranslateIoctl | ConfigFlags.RefusePeer | ConfigFlags.RefuseUnknown | ConfigFlags.LocalBigEndian;

    /// <summary>Flags that only a server's INIT decision reads: a client session cannot honour them.</summary>
    public const ConfigFlags ServerOnlyFlags = ConfigFlags.RefusePeer | ConfigFlags.RefuseUnknown;

    /// <summary>Copies a caller's struct of any version into this version's layout.</summary>
    public static unsafe Status Read(void* cfg, out SessionConfig config)
    {
        config = default;
        if (cfg == null)
            return Status.InvalidArgument;
        uint size = *(uint*)cfg;
        if (size < FirstVersionSize || size > MaxAcceptedSize)
            return Status.StructSize;
        int mine = sizeof(SessionConfig);
        var callerBytes = new ReadOnlySpan<byte>(cfg, (int)size);
        if (size > mine && callerBytes[mine..].IndexOfAnyExcept((byte)0) >= 0)
            return Status.Unsupported;
        fixed (SessionConfig* dst = &config)
            callerBytes[..Math.Min(mine, callerBytes.Length)].CopyTo(new Span<byte>(dst, mine));
        config.Size = (uint)mine;
        return Status.Ok;
    }
}
