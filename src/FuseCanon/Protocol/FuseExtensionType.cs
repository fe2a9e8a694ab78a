namespace FuseCanon.Protocol;

/// <summary>
/// <c>enum fuse_ext_type</c>: the <c>type</c> of a fuse_ext_header in the request extension area
/// (<c>fuse_in_header.total_extlen</c> 8-byte units at the end of a request, 7.38).
/// Types 0..31 are a fuse_secctx_header (its nr_secctx sits where the type is).
/// </summary>
public enum FuseExtensionType : uint
{
    /// <summary>FUSE_MAX_NR_SECCTX (7.38): the largest type that is a security-context header.</summary>
    MaxNrSecctx = 31,

    /// <summary>
    /// FUSE_EXT_GROUPS: a fuse_supp_groups follows. Listed under 7.38 in the 7.45 changelog, but added
    /// in Linux 6.4 after 7.38 was released (Linux 6.1's 7.38 header lacks it).
    /// </summary>
    Groups = 32,
}
