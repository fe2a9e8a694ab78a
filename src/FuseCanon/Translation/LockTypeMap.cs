using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;

namespace FuseCanon.Translation;

/// <summary>
/// A precomputed lock-type translation (F_RDLCK, F_WRLCK, F_UNLCK, F_EXLCK, F_SHLCK): up to eight from/to pairs,
/// searched linearly. Blittable.
/// </summary>
/// <remarks>Layout is ABI: include/fusecanon.h mirrors it as a struct fusecanon_* (Fast path section); FastPathLayoutTests fails on drift.</remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LockTypeMap
{
    /// <summary>The result for a lock type with no meaning on the from-arch: a value that is no lock type on any
    /// arch, so a kernel or filesystem that receives it rejects it (EINVAL) instead of acting on a wrong type.</summary>
    public const uint Invalid = 0xFFFFFFFFu;

    private fixed uint _from[8];
    private fixed uint _to[8];
    private int _count;

    public readonly bool IsValid => _count > 0;

    public readonly Status Translate(uint type, out uint result)
    {
        fixed (uint* f = _from)
        fixed (uint* t = _to)
        {
            for (int i = 0; i < _count; i++)
            {
                if (f[i] == type)
                {
                    result = t[i];
                    return Status.Ok;
                }
            }
        }
        result = Invalid;
        return Status.UnknownValue;
    }

    public static void Build(ref LockTypeMap map, int fromFamily, int toFamily)
    {
        const ConstantGroup g = ConstantGroup.LockTypes;
        ReadOnlySpan<long> from = ConstantTables.Values(g, fromFamily);
        int count = 0;
        fixed (uint* f = map._from)
        fixed (uint* t = map._to)
        {
            for (int i = 0; i < from.Length && count < 8; i++)
            {
                long tv = ConstantTables.TargetValue(g, fromFamily, toFamily, i);
                if (from[i] < 0 || tv < 0)
                    continue;
                f[count] = (uint)from[i];
                t[count] = (uint)tv;
                count++;
            }
        }
        map._count = count;
    }
}
