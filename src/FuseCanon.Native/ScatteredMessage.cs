using System;
using System.Runtime.InteropServices;
using FuseCanon.Connection;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>struct iovec of &lt;sys/uio.h&gt;; only ever read from the caller's memory.</summary>
internal unsafe struct IoVec
{
#pragma warning disable CS0649 // assigned by the C caller
    public byte* Base;
    public nuint Length;
#pragma warning restore CS0649
}

/// <summary>
/// A reply scattered over an iovec array (libfuse's writev path). Its header and fixed body (the whole
/// message when its byte order must be swapped) are gathered into a buffer, translated there with the same
/// code as contiguous messages, and only the bytes that changed are written back: an entry may point at a filesystem's read-only data (a reply straight from a
/// string literal), which must never be written.
/// </summary>
internal static unsafe class ScatteredMessage
{
    /// <summary>IOV_MAX of Linux.</summary>
    public const int MaxEntries = 1024;

    /// <summary>Enough for fuse_out_header and every reply field that carries an arch-specific value.</summary>
    private const int PrefixCapacity = 256;

    /// <summary>The advanced tier's fusecanon_reply_encode_iov: a Status.</summary>
    public static Status Translate(SessionState* s, uint opcode, IoVec* iov, int iovcnt) =>
        (Status)Run(s, opcode, iov, iovcnt, connection: false);

    /// <summary>The connection tier's fusecanon_server_send_iov: the number of bytes to send, or a Status.</summary>
    public static int Send(SessionState* s, IoVec* iov, int iovcnt) => Run(s, 0, iov, iovcnt, connection: true);

    private static int Run(SessionState* s, uint opcode, IoVec* iov, int iovcnt, bool connection)
    {
        if (iov == null || iovcnt < 1 || iovcnt > MaxEntries)
            return (int)Status.InvalidArgument;
        ulong total = 0;
        for (int i = 0; i < iovcnt; i++)
        {
            if (iov[i].Length != 0 && iov[i].Base == null)
                return (int)Status.InvalidArgument;
            total += iov[i].Length;
            if (total > int.MaxValue)
                return (int)Status.LengthMismatch;
        }
        if (connection && SessionPlans.IsPassthrough(s) && s->Config.Role == (uint)SessionRole.Server)
            return (int)total;

        // Constants sit in the header and fixed body; a byte swap (and the INIT exchange) needs the whole message.
        int length = s->WireSwapped != 0 || (connection && s->AwaitingReply != 0)
            ? (int)total : (int)Math.Min(total, (ulong)PrefixCapacity);
        if (length <= StackLimit)
        {
            Span<byte> original = stackalloc byte[length];
            Span<byte> work = stackalloc byte[length];
            return TranslateCopy(s, opcode, iov, iovcnt, original, work, (int)total, connection);
        }
        byte* heap = (byte*)NativeMemory.Alloc((nuint)length * 2);
        if (heap == null)
            return (int)Status.NoMemory;
        try
        {
            return TranslateCopy(s, opcode, iov, iovcnt, new Span<byte>(heap, length), new Span<byte>(heap + length, length), (int)total, connection);
        }
        finally
        {
            NativeMemory.Free(heap);
        }
    }

    /// <summary>Largest gathered copy kept on the stack (two of them); bigger swapped replies use the heap.</summary>
    private const int StackLimit = 8192;

    private static int TranslateCopy(SessionState* s, uint opcode, IoVec* iov, int iovcnt, Span<byte> original, Span<byte> work,
        int total, bool connection)
    {
        Gather(iov, iovcnt, original);
        original.CopyTo(work);
        int result;
        if (connection)
        {
            fixed (byte* w = work)
                result = ServerConnection.Send(s, w, work.Length, total);
        }
        else
        {
            result = (int)MessageTranslator.Reply(s, encode: true, opcode, work, total);
        }
        if (result >= 0)
            ScatterChanges(iov, iovcnt, original, work);
        return result;
    }

    private static void Gather(IoVec* iov, int iovcnt, Span<byte> dst)
    {
        int done = 0;
        for (int i = 0; i < iovcnt && done < dst.Length; i++)
        {
            int n = (int)Math.Min(iov[i].Length, (nuint)(dst.Length - done));
            new ReadOnlySpan<byte>(iov[i].Base, n).CopyTo(dst[done..]);
            done += n;
        }
    }

    private static void ScatterChanges(IoVec* iov, int iovcnt, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        int offset = 0;
        for (int i = 0; i < iovcnt && offset < after.Length; i++)
        {
            int n = (int)Math.Min(iov[i].Length, (nuint)(after.Length - offset));
            for (int k = 0; k < n; k++)
            {
                if (before[offset + k] != after[offset + k])
                    iov[i].Base[k] = after[offset + k];
            }
            offset += n;
        }
    }
}
