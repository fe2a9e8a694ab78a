using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;
using FuseCanon.Tables;

namespace FuseCanon.Translation;

/// <summary>
/// A precomputed errno translation: a direct-index table from every from-arch errno (1..ErrnoLimit-1) to the to-arch
/// value (0 = none). Blittable; can live in unmanaged memory.
/// <para>A from-value that several names share (EAGAIN/EWOULDBLOCK, alpha EDEADLK/EDEADLOCK, parisc
/// ECANCELED/ECANCELLED) translates through the first of them that is not an alias on the from-arch (then the
/// aliases, in ordinal order), as <see cref="ConstantTables.TargetValue"/> says (powerpc's EDEADLOCK 58 becomes
/// mips's EDEADLOCK 56 and x86-64's EDEADLK 35), else to another name of its alias class.</para>
/// </summary>
/// <remarks>Layout is ABI: include/fusecanon.h mirrors it as a struct fusecanon_* (Fast path section); FastPathLayoutTests fails on drift.</remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ErrnoMap
{
    private fixed ushort _map[ArchTables.ErrnoLimit];
    private ushort _eio;
    private ushort _valid;

    public readonly bool IsValid => _valid != 0;

    /// <summary>EIO of the to-arch: the result for an errno with no translation.</summary>
    public readonly int ToEio => _eio;

    /// <summary>
    /// Translates a positive errno. 0 translates to 0 (Ok). A negative value is InvalidArgument, an errno with no
    /// meaning on the from-arch (or none on the to-arch) UnknownValue; both leave the to-arch's EIO in the result.
    /// </summary>
    public readonly Status Translate(int err, out int result)
    {
        if (err == 0)
        {
            result = 0;
            return Status.Ok;
        }
        if (err < 0)
        {
            result = _eio;
            return Status.InvalidArgument;
        }
        ushort v = 0;
        if (err < ArchTables.ErrnoLimit)
        {
            fixed (ushort* m = _map)
                v = m[err];
        }
        if (v == 0)
        {
            result = _eio;
            return Status.UnknownValue;
        }
        result = v;
        return Status.Ok;
    }

    public static void Build(ref ErrnoMap map, int fromFamily, int toFamily)
    {
        const ConstantGroup g = ConstantGroup.Errno;
        ReadOnlySpan<long> from = ConstantTables.Values(g, fromFamily);
        ReadOnlySpan<long> to = ConstantTables.Values(g, toFamily);
        int n = from.Length;
        fixed (ushort* m = map._map)
        {
            new Span<ushort>(m, ArchTables.ErrnoLimit).Clear();
            // Two passes: primaries first, so an alias only fills a value no primary name has.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < n; i++)
                {
                    long v = from[i];
                    if (v <= 0 || v >= ArchTables.ErrnoLimit || m[v] != 0 || ConstantTables.IsAliasIn(g, fromFamily, i) != (pass == 1))
                        continue;
                    long t = ToValue(g, fromFamily, toFamily, i);
                    if (t > 0)
                        m[v] = (ushort)t;
                }
            }
        }
        map._eio = (ushort)to[ConstantTables.IndexOf(g, "EIO")];
        map._valid = 1;
    }

    private static long ToValue(ConstantGroup g, int fromFamily, int toFamily, int name)
    {
        long v = ConstantTables.TargetValue(g, fromFamily, toFamily, name);
        if (v > 0)
            return v;
        ReadOnlySpan<long> to = ConstantTables.Values(g, toFamily);
        int primary = ConstantTables.Primary(g, name);
        for (int j = 0; j < to.Length; j++)
        {
            if (ConstantTables.Primary(g, j) == primary && to[j] > 0)
                return to[j];
        }
        return -1;
    }
}
