using System;
using FuseCanon.Tables;

namespace FuseCanon.Arch;

/// <summary>Typed access to the generated tables (src/FuseCanon/Tables/Generated/ArchTables.g.cs).</summary>
internal static class ConstantTables
{
    public static int NameCount(ConstantGroup g) => g switch
    {
        ConstantGroup.OpenFlags => ArchTables.OpenFlagsNameCount,
        ConstantGroup.Errno => ArchTables.ErrnoNameCount,
        ConstantGroup.LockTypes => ArchTables.LockTypesNameCount,
        ConstantGroup.PollEvents => ArchTables.PollEventsNameCount,
        _ => ArchTables.IoctlEncodingNameCount,
    };

    public static int FamilyCount(ConstantGroup g) => g switch
    {
        ConstantGroup.OpenFlags => ArchTables.OpenFlagsFamilyCount,
        ConstantGroup.Errno => ArchTables.ErrnoFamilyCount,
        ConstantGroup.LockTypes => ArchTables.LockTypesFamilyCount,
        ConstantGroup.PollEvents => ArchTables.PollEventsFamilyCount,
        _ => ArchTables.IoctlEncodingFamilyCount,
    };

    public static string[] Names(ConstantGroup g) => g switch
    {
        ConstantGroup.OpenFlags => ArchTables.OpenFlagsNames,
        ConstantGroup.Errno => ArchTables.ErrnoNames,
        ConstantGroup.LockTypes => ArchTables.LockTypesNames,
        ConstantGroup.PollEvents => ArchTables.PollEventsNames,
        _ => ArchTables.IoctlEncodingNames,
    };

    private static long[] AllValues(ConstantGroup g) => g switch
    {
        ConstantGroup.OpenFlags => ArchTables.OpenFlagsValues,
        ConstantGroup.Errno => ArchTables.ErrnoValues,
        ConstantGroup.LockTypes => ArchTables.LockTypesValues,
        ConstantGroup.PollEvents => ArchTables.PollEventsValues,
        _ => ArchTables.IoctlEncodingValues,
    };

    private static short[] AliasOf(ConstantGroup g) => g switch
    {
        ConstantGroup.OpenFlags => ArchTables.OpenFlagsAliasOf,
        ConstantGroup.Errno => ArchTables.ErrnoAliasOf,
        ConstantGroup.LockTypes => ArchTables.LockTypesAliasOf,
        ConstantGroup.PollEvents => ArchTables.PollEventsAliasOf,
        _ => ArchTables.IoctlEncodingAliasOf,
    };

    /// <summary>Values of one family, indexed like Names(g); -1 where the family does not define the name.</summary>
    public static ReadOnlySpan<long> Values(ConstantGroup g, int family)
    {
        int n = NameCount(g);
        return new ReadOnlySpan<long>(AllValues(g), family * n, n);
    }

    /// <summary>The name a name is an alias of (O_NDELAY -> O_NONBLOCK, EWOULDBLOCK -> EAGAIN), or itself.</summary>
    public static int Primary(ConstantGroup g, int name)
    {
        int a = AliasOf(g)[name];
        return a >= 0 ? a : name;
    }

    /// <summary>
    /// True when the name is an alias in this family: it has a primary and the same value there. EDEADLOCK is
    /// EDEADLK's alias on x86-64 but a value of its own on powerpc (58 beside 35); sparc's O_NDELAY is a bit of its
    /// own beside O_NONBLOCK.
    /// </summary>
    public static bool IsAliasIn(ConstantGroup g, int family, int name)
    {
        int p = AliasOf(g)[name];
        if (p < 0)
            return false;
        ReadOnlySpan<long> v = Values(g, family);
        return v[p] < 0 || v[p] == v[name];
    }

    /// <summary>
    /// The to-family's value of a from-family name: by the name itself where it is a value of its own in both
    /// families (powerpc EDEADLOCK 58 becomes mips EDEADLOCK 56, sparc O_NDELAY stays O_NDELAY), otherwise by its
    /// primary name (EDEADLOCK becomes EDEADLK where either side has it as an alias), else by the name itself;
    /// -1 when the to-family has neither. Translating within one family is therefore the identity.
    /// </summary>
    public static long TargetValue(ConstantGroup g, int fromFamily, int toFamily, int name)
    {
        ReadOnlySpan<long> to = Values(g, toFamily);
        if (to[name] >= 0 && !IsAliasIn(g, fromFamily, name) && !IsAliasIn(g, toFamily, name))
            return to[name];
        long v = to[Primary(g, name)];
        return v >= 0 ? v : to[name];
    }

    public static int IndexOf(ConstantGroup g, string name) => Array.IndexOf(Names(g), name);

    public static int Family(int debianArch, ConstantGroup g) =>
        ArchTables.DebianArchFamilies[debianArch * ArchTables.GroupCount + (int)g];
}
