namespace FuseCanon.ByteOrder;

/// <summary>
/// What the caller knows about a reply that the reply itself does not say. Only GETXATTR and LISTXATTR
/// need it: their successful reply is a <c>fuse_getxattr_out</c> (a u32 size to swap) when the request's
/// <c>fuse_getxattr_in.size</c> was 0, and the raw value or name list (bytes, never swapped) otherwise.
/// The caller remembers the request's size by <c>unique</c> and passes <see cref="XattrSize"/> or
/// <see cref="XattrData"/>. Every other reply ignores the hint.
/// </summary>
public enum ReplyHint : byte
{
    /// <summary>Nothing known. A successful GETXATTR/LISTXATTR reply with this hint is <see cref="Status.InvalidArgument"/>.</summary>
    None = 0,

    /// <summary>The request asked for the size (fuse_getxattr_in.size == 0): the body is a fuse_getxattr_out.</summary>
    XattrSize = 1,

    /// <summary>The request gave a buffer size (fuse_getxattr_in.size &gt; 0): the body is raw bytes.</summary>
    XattrData = 2,
}
