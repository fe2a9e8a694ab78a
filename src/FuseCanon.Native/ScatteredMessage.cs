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
/// A message scattered over an iovec array: a reply on libfuse's writev path, a request whose header and
/// body arrive apart (FUSE-over-io_uring's ring entries, virtiofsd's zero-copy WRITE). Its header and fixed
/// body (the whole message when its byte order must be swapped) are gathered into a buffer, translated there
/// with the same code as contiguous messages, and only the bytes that changed are written back: an entry may
/// point at read-only data (a reply straight from a string literal, a mapped guest page), which must never be
/// written.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit] // the gathered copies are written before they are read
internal static unsafe class ScatteredMessage
{
    /// <summary>IOV_MAX of Linux.</summary>
    public const int MaxEntries = 1024;

    /// <summary>Enough for a header and every fixed body that carries an arch-specific value (fuse_in_header +
    /// fuse_init_in, the largest, is 40 + 104 bytes).</summary>
    private const int PrefixCapacity = 256;

    /// <summary>What a call does with the gathered message.</summary>
    private enum Purpose
    {
        ReplyEncode,   // fusecanon_reply_encode_iov
        ServerSend,    // fusecanon_server_send_iov
        ServerReceive, // fusecanon_server_recv_iov
    }

    /// <summary>The advanced tier's fusecanon_reply_encode_iov: a Status.</summary>
    public static Status Translate(SessionState* s, uint opcode, IoVec* iov, int iovcnt) =>
        (Status)Run(s, opcode, iov, iovcnt, Purpose.ReplyEncode);

    /// <summary>The connection tier's fusecanon_server_send_iov: the number of bytes to send, or a Status.</summary>
    public static int Send(SessionState* s, IoVec* iov, int iovcnt) => Run(s, 0, iov, iovcnt, Purpose.ServerSend);

    /// <summary>The connection tier's fusecanon_server_recv_iov: as fusecanon_server_recv.</summary>
    public static int Receive(SessionState* s, IoVec* iov, int iovcnt) => Run(s, 0, iov, iovcnt, Purpose.ServerReceive);

    private static int Run(SessionState* s, uint opcode, IoVec* iov, int iovcnt, Purpose purpose)
    {
        int total = Total(iov, iovcnt);
        if (total < 0)
            return total;
        if (purpose != Purpose.ReplyEncode && SessionPlans.IsPassthrough(s) && s->Config.Role == (uint)SessionRole.Server)
            return purpose == Purpose.ServerSend ? total : 0;

        // Constants sit in the header and fixed body; a byte swap (and the INIT exchange) needs the whole message.
        int length = purpose switch
        {
            Purpose.ServerReceive => ServerConnection.ReceivePrefixLength(s, total, PrefixCapacity),
            Purpose.ServerSend when s->AwaitingReply != 0 => total,
            _ => s->WireSwapped != 0 ? total : Math.Min(total, PrefixCapacity),
        };
        if (length <= StackLimit)
        {
            Span<byte> original = stackalloc byte[length];
            Span<byte> work = stackalloc byte[length];
            return TranslateCopy(s, opcode, iov, iovcnt, original, work, total, purpose);
        }
        byte* heap = (byte*)NativeMemory.Alloc((nuint)length * 2);
        if (heap == null)
            return (int)Status.NoMemory;
        try
        {
            return TranslateCopy(s, opcode, iov, iovcnt, new Span<byte>(heap, length), new Span<byte>(heap + length, length), total, purpose);
        }
        finally
        {
            NativeMemory.Free(heap);
        }
    }

    /// <summary>The message's length, or a negative <see cref="Status"/> for a bad array.</summary>
    private static int Total(IoVec* iov, int iovcnt)
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
        return (int)total;
    }

    /// <summary>Largest gathered copy kept on the stack (two of them); bigger swapped messages use the heap.</summary>
    private const int StackLimit = 8192;

    private static int TranslateCopy(SessionState* s, uint opcode, IoVec* iov, int iovcnt, Span<byte> original, Span<byte> work,
        int total, Purpose purpose)
    {
        Gather(iov, iovcnt, original);
        original.CopyTo(work);
        int result;
        fixed (byte* w = work)
        {
            result = purpose switch
            {
                Purpose.ServerSend => ServerConnection.Send(s, w, work.Length, total),
                Purpose.ServerReceive => ServerConnection.Receive(s, w, work.Length, total),
                _ => (int)MessageTranslator.Reply(s, encode: true, opcode, work, total),
            };
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

    /// <summary>Writes the bytes of <paramref name="after"/> that differ from <paramref name="before"/> back to the
    /// entries; equal runs are skipped a vector at a time (translation changes a few fields, if any).</summary>
    private static void ScatterChanges(IoVec* iov, int iovcnt, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        if (before.SequenceEqual(after))
            return; // the common case: every value already meant the same on both sides
        int offset = 0;
        for (int i = 0; i < iovcnt && offset < after.Length; i++)
        {
            int n = (int)Math.Min(iov[i].Length, (nuint)(after.Length - offset));
            ReadOnlySpan<byte> was = before.Slice(offset, n), now = after.Slice(offset, n);
            int k = 0;
            while ((k += was[k..].CommonPrefixLength(now[k..])) < n)
            {
                iov[i].Base[k] = now[k];
                k++;
            }
            offset += n;
        }
    }
}
