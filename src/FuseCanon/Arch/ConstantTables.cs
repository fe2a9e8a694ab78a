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

    public static bool IsAlias(ConstantGroup g, int name) => AliasOf(g)[name] >= 0;

    public static int IndexOf(ConstantGroup g, string name) => Array.IndexOf(Names(g), name);

    public static int Family(int debianArch, ConstantGroup g) =>
        ArchTables.DebianArchFamilies[debianArch * ArchTables.GroupCount + (int)g];
}
