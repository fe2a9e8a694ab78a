using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>Applies a session's plans and unknown-value policy to one arch-specific value.</summary>
internal static unsafe class ValueTranslator
{
    public static Status Translate(SessionState* s, ref TranslationPlans p, ArchValueKind kind, uint value, out uint result)
    {
        var policy = (UnknownPolicy)s->Config.UnknownPolicy;
        Status st;
        switch (kind)
        {
            case ArchValueKind.OpenFlags:
                if (p.OpenFlagsIdentity != 0) break;
                st = p.OpenFlags.Translate(value, out result);
                return st == Status.Ok ? st : Flags(ref s->Stats.UnknownOpenFlags, policy, value, p.OpenFlags.KnownMask, ref result);
            case ArchValueKind.PollEvents:
                if (p.PollEventsIdentity != 0) break;
                st = p.PollEvents.Translate(value, out result);
                return st == Status.Ok ? st : Flags(ref s->Stats.UnknownPollEvents, policy, value, p.PollEvents.KnownMask, ref result);
            case ArchValueKind.LockType:
                if (p.LockTypesIdentity != 0) break;
                st = p.LockTypes.Translate(value, out result);
                return st == Status.Ok ? st : Scalar(ref s->Stats.UnknownLockTypes, policy, value, ref result);
            case ArchValueKind.IoctlCmd:
                if (p.IoctlIdentity != 0 || (s->Config.Flags & (uint)ConfigFlags.TranslateIoctl) == 0) break;
                st = p.Ioctl.Translate(value, out result);
                return st == Status.Ok ? st : Scalar(ref s->Stats.UnknownIoctlCmds, policy, value, ref result);
        }
        result = value;
        return Status.Ok;
    }

    private static Status Flags(ref ulong counter, UnknownPolicy policy, uint value, uint known, ref uint result)
    {
        SessionStats.Add(ref counter);
        switch (policy)
        {
            case UnknownPolicy.Pass:
                result |= value & ~known;
                return Status.Ok;
            case UnknownPolicy.Drop:
                return Status.Ok; // result already holds the known bits only
            default:
                return Status.UnknownValue;
        }
    }

    private static Status Scalar(ref ulong counter, UnknownPolicy policy, uint value, ref uint result)
    {
        SessionStats.Add(ref counter);
        if (policy == UnknownPolicy.Pass)
        {
            result = value;
            return Status.Ok;
        }
        return Status.UnknownValue;
    }

    /// <summary>
    /// A positive errno for the destination. Never fails: no equivalent, or a value the destination kernel
    /// cannot take in a reply (&gt;= 512), becomes the destination's EIO, and is counted.
    /// </summary>
    public static int Errno(SessionState* s, ref TranslationPlans p, int errno)
    {
        if (p.ErrnoIdentity != 0)
            return errno;
        if (p.Errno.Translate(errno, out int result) != Status.Ok)
        {
            SessionStats.Add(ref s->Stats.ErrnoFallbacks);
            return p.Errno.ToEio;
        }
        if (result >= FuseConstants.ReplyErrorLimit)
        {
            SessionStats.Add(ref s->Stats.ErrnoUnrepresentable);
            return p.Errno.ToEio;
        }
        return result;
    }
}
