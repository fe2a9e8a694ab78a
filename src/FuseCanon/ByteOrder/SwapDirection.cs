namespace FuseCanon.ByteOrder;

/// <summary>
/// Which byte order a message is in when it is handed to <see cref="MessageSwapper"/>. A swap reverses the
/// same bytes either way; the direction only says in which order the swapper must read the lengths,
/// counts and codes that tell it where the fields are. <c>default</c> (0) is not a direction and is
/// rejected with <see cref="Status.InvalidArgument"/>.
/// </summary>
public enum SwapDirection : byte
{
    /// <summary>The message is in the peer's (other) byte order: lengths are read after reversing them. Decode.</summary>
    FromForeign = 1,

    /// <summary>The message is in this machine's byte order: lengths are read as they are. Encode.</summary>
    ToForeign = 2,
}
