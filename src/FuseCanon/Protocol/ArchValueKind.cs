namespace FuseCanon.Protocol;

/// <summary>
/// What an architecture-specific wire value means. Used as the semantic tag of a struct field and as
/// the kind of an <see cref="ArchField"/> of an opcode. Everything not listed is the same on every Linux
/// architecture (mode bits, FOPEN_*/FATTR_*, flock LOCK_*, SEEK_*, RENAME_*, XATTR_*, fallocate modes).
/// </summary>
public enum ArchValueKind : byte
{
    /// <summary>Not arch-specific (byte order aside).</summary>
    None = 0,

    /// <summary>open(2) flags (O_*): fuse_open_in/create_in/read_in/write_in/release_in.flags.</summary>
    OpenFlags = 1,

    /// <summary>POSIX lock type (F_RDLCK/F_WRLCK/F_UNLCK): fuse_file_lock.type.</summary>
    LockType = 2,

    /// <summary>poll(2) event bits (POLL*): fuse_poll_in.events, fuse_poll_out.revents.</summary>
    PollEvents = 3,

    /// <summary>ioctl(2) request number (_IOC encoding): fuse_ioctl_in.cmd.</summary>
    IoctlCmd = 4,

    /// <summary>Negated errno: fuse_out_header.error, only when unique != 0 (see <see cref="OutHeaderRule"/>).</summary>
    Errno = 5,
}
