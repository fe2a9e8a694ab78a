using System;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>Validation of the arguments every message call shares, before anything is read.</summary>
internal static unsafe class CallArgs
{
    /// <summary>
    /// A live session and a message buffer. NULL session or buffer is InvalidArgument; a length that no
    /// FUSE header's 32-bit len can equal is LengthMismatch (checked again against the header later).
    /// </summary>
    public static Status Message(void* session, byte* msg, nuint len, out SessionState* s, out Span<byte> span)
    {
        span = default;
        s = SessionFactory.FromHandle(session);
        if (s == null || msg == null)
            return Status.InvalidArgument;
        if (len > int.MaxValue)
            return Status.LengthMismatch;
        span = new Span<byte>(msg, (int)len);
        return Status.Ok;
    }
}
