using System;

namespace FuseCanon.TableGen;

/// <summary>FNV-1a 32-bit over the exact bytes of a name; 0 is reserved for "unknown", so a name hashing to 0 gets 1.</summary>
internal static class Fnv
{
    public static uint ArchId(ReadOnlySpan<byte> name)
    {
        uint h = 2166136261u;
        foreach (byte b in name)
        {
            h ^= b;
            h *= 16777619u;
        }
        return h == 0 ? 1u : h;
    }
}
