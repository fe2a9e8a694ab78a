using FuseCanon.Arch;

namespace FuseCanon.Translation;

/// <summary>
/// One-value translations between two arch ids (known <c>uname -m</c> ids or <see cref="ArchId.Canonical"/>).
/// Every method returns <see cref="Status.Ok"/>; <see cref="Status.UnknownArch"/> when either id is unknown (the
/// result is then the input unchanged); or <see cref="Status.UnknownValue"/> when the value has no meaning on the
/// from-arch or no equivalent on the to-arch (the result is then as each method documents).
/// No allocation after the first call for a pair of families.
/// </summary>
public static class ScalarTranslator
{
    private static bool Families(uint from, uint to, ConstantGroup g, out int f, out int t)
    {
        if (ArchRegistry.TryGetInfo(from, out ArchInfo a) && ArchRegistry.TryGetInfo(to, out ArchInfo b))
        {
            f = a.Family(g);
            t = b.Family(g);
            return true;
        }
        f = t = 0;
        return false;
    }

    /// <summary>
    /// open(2) flags as in fuse_open_in/create_in/read_in/write_in/release_in. Composites (O_SYNC, O_TMPFILE) and the
    /// access mode translate as units; O_NDELAY is O_NONBLOCK. Unknown bits are dropped from the result
    /// (UnknownValue), every known bit still translated. See <see cref="FlagPlan"/>.
    /// </summary>
    public static Status OpenFlags(uint from, uint to, uint flags, out uint result)
    {
        if (!Families(from, to, ConstantGroup.OpenFlags, out int f, out int t))
        {
            result = flags;
            return Status.UnknownArch;
        }
        return PlanCache.OpenFlags(f, t).Translate(flags, out result);
    }

    /// <summary>poll(2) events (fuse_poll_in.events, fuse_poll_out.revents); as <see cref="OpenFlags"/>.</summary>
    public static Status PollEvents(uint from, uint to, uint events, out uint result)
    {
        if (!Families(from, to, ConstantGroup.PollEvents, out int f, out int t))
        {
            result = events;
            return Status.UnknownArch;
        }
        return PlanCache.PollEvents(f, t).Translate(events, out result);
    }

    /// <summary>
    /// A positive errno. 0 -> 0. Negative -> InvalidArgument; unknown on the from-arch or without equivalent on the
    /// to-arch -> UnknownValue; both with the to-arch's EIO as result. See <see cref="ErrnoMap"/> for aliases.
    /// </summary>
    public static Status Errno(uint from, uint to, int err, out int result)
    {
        if (!Families(from, to, ConstantGroup.Errno, out int f, out int t))
        {
            result = err;
            return Status.UnknownArch;
        }
        return PlanCache.Errno(f, t).Translate(err, out result);
    }

    /// <summary>A struct flock l_type (fuse_lk_in/out.lk.type). Unknown -> UnknownValue with result 0xFFFFFFFF.</summary>
    public static Status LockType(uint from, uint to, uint type, out uint result)
    {
        if (!Families(from, to, ConstantGroup.LockTypes, out int f, out int t))
        {
            result = type;
            return Status.UnknownArch;
        }
        return PlanCache.LockTypes(f, t).Translate(type, out result);
    }

    /// <summary>An _IOC-encoded ioctl command; see <see cref="IoctlCodec"/>. Unknown -> UnknownValue, result = cmd.</summary>
    public static Status IoctlCmd(uint from, uint to, uint cmd, out uint result)
    {
        if (!Families(from, to, ConstantGroup.IoctlEncoding, out int f, out int t))
        {
            result = cmd;
            return Status.UnknownArch;
        }
        return PlanCache.Ioctl(f, t).Translate(cmd, out result);
    }
}
