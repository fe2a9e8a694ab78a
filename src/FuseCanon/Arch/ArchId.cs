using System;

namespace FuseCanon.Arch;

/// <summary>
/// Arch ids: FNV-1a 32-bit (offset basis 2166136261, prime 16777619) over the exact bytes of a <c>uname -m</c> name.
/// 0 means unknown; a name that hashes to 0 gets 1. 0xFFFFFFFF is the canonical pseudo arch.
/// </summary>
public static class ArchId
{
    public const uint Unknown = 0;
    public const uint Canonical = 0xFFFFFFFFu;

    public static uint FromName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
            return Unknown;
        uint h = 2166136261u;
        for (int i = 0; i < name.Length; i++)
        {
            h ^= name[i];
            h *= 16777619u;
        }
        return h == 0 ? 1u : h;
    }
}
