namespace FuseCanon.Session;

// Values of these enums are C ABI constants (FUSECANON_ROLE_*, FUSECANON_MODE_*, ...): append only.

/// <summary>Which end of the FUSE connection the session's owner is.</summary>
public enum SessionRole : uint
{
    /// <summary>Not set: rejected by session creation (a zeroed config must still name its role).</summary>
    Unset = 0,
    /// <summary>Receives requests (libfuse, virtiofsd, a DPU): decodes requests, encodes replies.</summary>
    Server = 1,
    /// <summary>Sends requests (a kernel, a guest driver, a proxy's upstream side): encodes requests, decodes replies.</summary>
    Client = 2,
}

/// <summary>How messages are translated, as decided by configuration or by INIT.</summary>
public enum SessionMode : int
{
    /// <summary>Waiting for INIT; translation calls fail with BadState.</summary>
    Pending = 0,
    /// <summary>No translation: the peer speaks this side's format (same arch, or legacy peer).</summary>
    None = 1,
    /// <summary>The wire carries the canonical format (asm-generic values, little-endian).</summary>
    Canonical = 2,
    /// <summary>The wire carries the peer's own format and this side translates it (server only).</summary>
    Peer = 3,
    /// <summary>The server refused the peer during INIT; see the reason.</summary>
    Rejected = 4,
}

/// <summary>What translation does with a value that has no meaning in the source arch.</summary>
public enum UnknownPolicy : uint
{
    /// <summary>Fail the message with UnknownValue and leave it unchanged (default).</summary>
    Reject = 0,
    /// <summary>Translate what is known and keep unknown flag bits (or an unknown scalar) as they are.</summary>
    Pass = 1,
    /// <summary>Translate what is known and clear unknown flag bits; scalars (lock type, ioctl) reject.</summary>
    Drop = 2,
}

/// <summary>Bits of fusecanon_config.flags.</summary>
[System.Flags]
public enum ConfigFlags : uint
{
    None = 0,
    /// <summary>Re-encode ioctl command numbers too (off by default: ioctl payloads are the server's job).</summary>
    TranslateIoctl = 1u << 0,
    /// <summary>Server: refuse a known foreign arch that offers no canonical flag instead of translating it.</summary>
    RefusePeer = 1u << 1,
    /// <summary>Server: refuse a client whose nonzero arch_id is unknown and that offers no canonical flag.</summary>
    RefuseUnknown = 1u << 2,
    /// <summary>Client: this side's messages are big-endian (to test big-endian clients on a little-endian host).</summary>
    LocalBigEndian = 1u << 3,
}

/// <summary>Where the INIT handshake puts arch_id and the canonical flag.</summary>
public enum InitProfile : uint
{
    /// <summary>FuseCanon's own bit and word, unused by every upstream flag as of protocol 7.45.</summary>
    Default = 0,
    /// <summary>Exactly the June 2024 draft: bit 40 and fuse_init_in.unused[0]. Bit 40 is FUSE_ALLOW_IDMAP upstream.</summary>
    Seed2024 = 1,
}

/// <summary>fusecanon_config.wire_byte_order: the byte order of a fixed arch wire.</summary>
public enum WireByteOrder : uint
{
    /// <summary>As the arch's uname -m name tells (this side's order when the name covers both, e.g. mips64).</summary>
    Auto = 0,
    Little = 1,
    Big = 2,
}
