using System;

namespace FuseCanon;

/// <summary>
/// Deliberate failures, reachable from C through <c>fusecanon_barrier_selftest</c>, so tests can prove that a
/// failing managed path comes back to C as <see cref="Status.Internal"/> instead of killing the process.
/// Kept out of every translation path.
/// </summary>
public static class FaultInjection
{
    public static int Raise(int kind)
    {
        switch (kind)
        {
            case 0:
                return (int)Status.Ok;
            case 1:
                throw new InvalidOperationException("fault injected by fusecanon_barrier_selftest");
            case 2:
                int[] empty = Array.Empty<int>();
                return empty[kind]; // IndexOutOfRangeException from the runtime itself
            case 3:
                object? nothing = kind == 3 ? null : new object();
                return nothing!.GetHashCode(); // NullReferenceException from a hardware fault
            default:
                return (int)Status.InvalidArgument;
        }
    }
}
