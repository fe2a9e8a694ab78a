using System;
using System.Threading;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>Copies a session's counters into the caller's struct fusecanon_stats of any version.</summary>
internal static unsafe class StatsSnapshot
{
    /// <summary>size + reserved + 8 counters: the first published layout.</summary>
    public const int FirstVersionSize = 8 + 8 * 8;

    public static Status Write(SessionState* s, uint* output)
    {
        uint size = output[0];
        if (size < FirstVersionSize)
            return Status.StructSize;
        ref SessionStats st = ref s->Stats;
        Span<ulong> counters =
        [
            Volatile.Read(ref st.MessagesTranslated), Volatile.Read(ref st.MessagesRejected),
            Volatile.Read(ref st.UnknownOpenFlags), Volatile.Read(ref st.UnknownLockTypes),
            Volatile.Read(ref st.UnknownPollEvents), Volatile.Read(ref st.UnknownIoctlCmds),
            Volatile.Read(ref st.ErrnoFallbacks), Volatile.Read(ref st.ErrnoUnrepresentable),
        ];
        ulong* dst = (ulong*)((byte*)output + 8);
        for (int i = 0; i < counters.Length; i++)
            dst[i] = counters[i];
        output[0] = FirstVersionSize;
        output[1] = 0;
        return Status.Ok;
    }
}
