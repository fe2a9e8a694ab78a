namespace FuseCanon.Session;

/// <summary>
/// Where each INIT profile puts the canonical flag and the client's arch_id.
/// <para>
/// Default: flag bit 63 (bit 31 of flags2) and arch_id in the last reserved word, fuse_init_in.unused[10].
/// Upstream allocates INIT flags upward (bit 40 FUSE_ALLOW_IDMAP in 7.41, 41 FUSE_OVER_IO_URING, 42
/// FUSE_REQUEST_TIMEOUT, 43-45 proposed) and reserved words from unused[0]; the top bit and the last word
/// are the furthest from both frontiers, so no flag of protocol 7.45 or its proposals uses them.
/// </para>
/// <para>
/// Seed2024: the draft of June 2024 exactly (bit 40, unused[0]), for peers built from it. Bit 40 now also
/// means FUSE_ALLOW_IDMAP, so the flag only counts together with a nonzero arch_id (a modern kernel offers
/// bit 40 with arch_id 0), and the server answers it only when canonical mode was really negotiated.
/// </para>
/// </summary>
public static class InitProfiles
{
    /// <summary>Byte offset of fuse_init_in.flags2 within the INIT request body (protocol 7.36+).</summary>
    public const int InitInFlags2Offset = 16;
    /// <summary>Byte offset of fuse_init_out.flags2 within the INIT reply body (protocol 7.36+).</summary>
    public const int InitOutFlags2Offset = 32;
    /// <summary>fuse_init_in body size that carries flags2 and the reserved words (protocol 7.36+).</summary>
    public const int InitInFullSize = 64;

    /// <summary>The canonical flag's bit number in the 64-bit INIT flags (flags | flags2 &lt;&lt; 32).</summary>
    public static int FlagBit(InitProfile p) => p == InitProfile.Seed2024 ? 40 : 63;

    /// <summary>Byte offset of the client's arch_id within the fuse_init_in body.</summary>
    public static int ArchIdOffset(InitProfile p) => p == InitProfile.Seed2024 ? 20 : 60;

    /// <summary>The flag as a mask of flags2.</summary>
    public static uint Flags2Mask(InitProfile p) => 1u << (FlagBit(p) - 32);

    /// <summary>Whether the profile's flag bit has an upstream meaning of its own (so needs guarding).</summary>
    public static bool FlagCollidesUpstream(InitProfile p) => p == InitProfile.Seed2024;

    public static bool IsValid(uint p) => p <= (uint)InitProfile.Seed2024;
}
