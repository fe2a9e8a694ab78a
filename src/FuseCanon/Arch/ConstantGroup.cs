namespace FuseCanon.Arch;

/// <summary>The architecture-specific constant groups; the order is the generated tables' order.</summary>
public enum ConstantGroup
{
    OpenFlags = 0,
    Errno = 1,
    LockTypes = 2,
    PollEvents = 3,
    IoctlEncoding = 4,
}
