using System.Threading;
using FuseCanon.Arch;
using FuseCanon.Tables;

namespace FuseCanon.Translation;

/// <summary>
/// Every plan between two families, built on first use and kept for the life of the process, so the scalar
/// translations allocate nothing after the first call for a pair.
/// </summary>
internal static class PlanCache
{
    private static readonly object s_gate = new();
    private static readonly FlagPlan[] s_open = new FlagPlan[ArchTables.OpenFlagsFamilyCount * ArchTables.OpenFlagsFamilyCount];
    private static readonly FlagPlan[] s_poll = new FlagPlan[ArchTables.PollEventsFamilyCount * ArchTables.PollEventsFamilyCount];
    private static readonly ErrnoMap[] s_errno = new ErrnoMap[ArchTables.ErrnoFamilyCount * ArchTables.ErrnoFamilyCount];
    private static readonly LockTypeMap[] s_lock = new LockTypeMap[ArchTables.LockTypesFamilyCount * ArchTables.LockTypesFamilyCount];
    private static readonly IoctlCodec[] s_ioctl = new IoctlCodec[ArchTables.IoctlEncodingFamilyCount * ArchTables.IoctlEncodingFamilyCount];
    private static readonly int[] s_ready = new int[s_open.Length + s_poll.Length + s_errno.Length + s_lock.Length + s_ioctl.Length];

    public static ref readonly FlagPlan OpenFlags(int from, int to)
    {
        int i = from * ArchTables.OpenFlagsFamilyCount + to;
        if (Volatile.Read(ref s_ready[i]) == 0)
            Fill(Kind.Open, i, i, from, to);
        return ref s_open[i];
    }

    public static ref readonly FlagPlan PollEvents(int from, int to)
    {
        int i = from * ArchTables.PollEventsFamilyCount + to;
        int r = s_open.Length + i;
        if (Volatile.Read(ref s_ready[r]) == 0)
            Fill(Kind.Poll, r, i, from, to);
        return ref s_poll[i];
    }

    public static ref readonly ErrnoMap Errno(int from, int to)
    {
        int i = from * ArchTables.ErrnoFamilyCount + to;
        int r = s_open.Length + s_poll.Length + i;
        if (Volatile.Read(ref s_ready[r]) == 0)
            Fill(Kind.Errno, r, i, from, to);
        return ref s_errno[i];
    }

    public static ref readonly LockTypeMap LockTypes(int from, int to)
    {
        int i = from * ArchTables.LockTypesFamilyCount + to;
        int r = s_open.Length + s_poll.Length + s_errno.Length + i;
        if (Volatile.Read(ref s_ready[r]) == 0)
            Fill(Kind.Lock, r, i, from, to);
        return ref s_lock[i];
    }

    public static ref readonly IoctlCodec Ioctl(int from, int to)
    {
        int i = from * ArchTables.IoctlEncodingFamilyCount + to;
        int r = s_open.Length + s_poll.Length + s_errno.Length + s_lock.Length + i;
        if (Volatile.Read(ref s_ready[r]) == 0)
            Fill(Kind.Ioctl, r, i, from, to);
        return ref s_ioctl[i];
    }

    /// <summary>Slow path, once per pair: builds under a lock, then publishes.</summary>
    private enum Kind { Open, Poll, Errno, Lock, Ioctl }

    private static void Fill(Kind kind, int ready, int i, int from, int to)
    {
        lock (s_gate)
        {
            if (s_ready[ready] != 0)
                return;
            switch (kind)
            {
                case Kind.Open: FlagPlan.Build(ref s_open[i], ConstantGroup.OpenFlags, from, to); break;
                case Kind.Poll: FlagPlan.Build(ref s_poll[i], ConstantGroup.PollEvents, from, to); break;
                case Kind.Errno: ErrnoMap.Build(ref s_errno[i], from, to); break;
                case Kind.Lock: LockTypeMap.Build(ref s_lock[i], from, to); break;
                default: IoctlCodec.Build(ref s_ioctl[i], from, to); break;
            }
            Volatile.Write(ref s_ready[ready], 1);
        }
    }
}
