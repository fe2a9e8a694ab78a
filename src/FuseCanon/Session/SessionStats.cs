using System.Runtime.InteropServices;
using System.Threading;

namespace FuseCanon.Session;

/// <summary>
/// Counters of what translation met, per category (the C ABI's struct fusecanon_stats). Updated with
/// atomic adds from any thread; read as a snapshot.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct SessionStats
{
    public ulong MessagesTranslated;
    public ulong MessagesRejected;
    public ulong UnknownOpenFlags;
    public ulong UnknownLockTypes;
    public ulong UnknownPollEvents;
    public ulong UnknownIoctlCmds;
    /// <summary>Errno values with no equivalent on the destination, replaced by its EIO.</summary>
    public ulong ErrnoFallbacks;
    /// <summary>Errno values the destination kernel cannot accept (&gt;= 512, e.g. mips EDQUOT), replaced.</summary>
    public ulong ErrnoUnrepresentable;

    public static void Add(ref ulong counter) => Interlocked.Increment(ref counter);
}
