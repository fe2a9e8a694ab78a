using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;

namespace FuseCanon.Translation;

/// <summary>
/// A precomputed translation of a bit-flag word (open flags or poll events) from one arch to another:
/// four byte-indexed 256-entry tables, so a translation is four loads and three ORs of the ORIGINAL value
/// (never in place, so moved bits cannot collide). Blittable (4 KiB + 8 bytes): it can live in unmanaged memory.
/// <para>How a from-arch bit is mapped, decided once at build time from the extracted names:</para>
/// <list type="bullet">
/// <item>The names whose from-value contains the bit and have the fewest bits own it (so composites such as
/// O_SYNC = __O_SYNC|O_DSYNC and O_TMPFILE = __O_TMPFILE|O_DIRECTORY are rebuilt bit by bit from their parts, and a
/// composite translates to the target's composite).</item>
/// <item>An owning name translates as <see cref="ConstantTables.TargetValue"/> says: by itself where it is a value
/// of its own on both arches (sparc O_NDELAY), else by its primary name (O_NDELAY -> O_NONBLOCK). Names that share one from-value (mips POLLOUT == POLLWRNORM) all apply:
/// the bit becomes the OR of their to-values, as the kernel's demangle_poll does.</item>
/// <item>The access mode (O_ACCMODE bits: O_RDONLY, O_WRONLY, O_RDWR, and mode 3) is a unit, not bits.</item>
/// <item>A bit no name owns, or whose name the to-arch lacks, is unknown: it is dropped from the result and
/// reported as <see cref="Status.UnknownValue"/>.</item>
/// </list>
/// </summary>
/// <remarks>Layout is ABI: include/fusecanon.h mirrors it as a struct fusecanon_* (Fast path section); FastPathLayoutTests fails on drift.</remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FlagPlan
{
    private fixed uint _table[1024];
    private uint _known;
    private uint _valid;

    /// <summary>Bits of the from-arch that have a translation.</summary>
    public readonly uint KnownMask => _known;

    public readonly bool IsValid => _valid != 0;

    /// <summary>Translates <paramref name="value"/>; Ok, or UnknownValue with the known part translated.</summary>
    public readonly Status Translate(uint value, out uint result)
    {
        fixed (uint* t = _table)
        {
            result = t[value & 0xFF] | t[256 + ((value >> 8) & 0xFF)] | t[512 + ((value >> 16) & 0xFF)] | t[768 + (value >> 24)];
        }
        return (value & ~_known) == 0 ? Status.Ok : Status.UnknownValue;
    }

    /// <summary>Builds the plan for a flag group (OpenFlags or PollEvents) between two families.</summary>
    public static void Build(ref FlagPlan plan, ConstantGroup group, int fromFamily, int toFamily)
    {
        if (group != ConstantGroup.OpenFlags && group != ConstantGroup.PollEvents)
            throw new ArgumentOutOfRangeException(nameof(group));
        ReadOnlySpan<long> from = ConstantTables.Values(group, fromFamily);
        ReadOnlySpan<long> to = ConstantTables.Values(group, toFamily);
        string[] names = ConstantTables.Names(group);

        uint accFrom = 0, accTo = 0;
        int accName = group == ConstantGroup.OpenFlags ? Array.IndexOf(names, "O_ACCMODE") : -1;
        if (accName >= 0)
        {
            accFrom = (uint)from[accName];
            accTo = (uint)to[accName];
        }
        Span<uint> bitTo = stackalloc uint[32];
        uint known = 0;
        for (int b = 0; b < 32; b++)
        {
            uint bit = 1u << b;
            if ((accFrom & bit) != 0)
                continue;
            int best = int.MaxValue;
            for (int i = 0; i < names.Length; i++)
            {
                if (i != accName && from[i] > 0 && (from[i] & bit) != 0)
                    best = Math.Min(best, System.Numerics.BitOperations.PopCount((ulong)from[i]));
            }
            if (best == int.MaxValue)
                continue;
            uint mapped = 0;
            bool ok = true;
            for (int i = 0; i < names.Length && ok; i++)
            {
                if (i == accName || from[i] <= 0 || (from[i] & bit) == 0 || System.Numerics.BitOperations.PopCount((ulong)from[i]) != best)
                    continue;
                long v = ConstantTables.TargetValue(group, fromFamily, toFamily, i);
                if (v < 0)
                    ok = false;
                else
                    mapped |= (uint)v;
            }
            if (ok)
            {
                bitTo[b] = mapped;
                known |= bit;
            }
        }

        // The access mode as a unit: each from-mode value maps to the to-arch's value of the same name.
        Span<uint> accMap = stackalloc uint[256];
        if (accFrom != 0)
        {
            bool all = true;
            for (uint a = 0; a <= accFrom; a++)
            {
                if ((a & ~accFrom) != 0)
                    continue;
                long v = -1;
                for (int i = 0; i < names.Length; i++)
                {
                    if (i != accName && from[i] == a && (a & ~accFrom) == 0 && IsAccessModeName(names[i]))
                        v = to[i];
                }
                if (v < 0 && a == accFrom)
                    v = accTo; // mode 3 ("O_ACCMODE" used as a mode)
                if (v < 0 || ((uint)v & ~accTo) != 0)
                    all = false;
                else
                    accMap[(int)a] = (uint)v;
            }
            if (all)
                known |= accFrom;
        }

        fixed (uint* t = plan._table)
        {
            for (int k = 0; k < 4; k++)
            {
                for (uint x = 0; x < 256; x++)
                {
                    uint word = x << (8 * k);
                    uint r = 0;
                    for (int b = 0; b < 32; b++)
                    {
                        if ((word & (1u << b)) != 0 && (known & (1u << b)) != 0 && (accFrom & (1u << b)) == 0)
                            r |= bitTo[b];
                    }
                    if (k == 0 && (known & accFrom) != 0)
                        r |= accMap[(int)(word & accFrom)];
                    t[k * 256 + x] = r;
                }
            }
        }
        plan._known = known;
        plan._valid = 1;
    }

    private static bool IsAccessModeName(string name) => name is "O_RDONLY" or "O_WRONLY" or "O_RDWR";
}
