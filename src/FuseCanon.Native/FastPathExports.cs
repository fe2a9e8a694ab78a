using System;
using System.Runtime.InteropServices;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>One element of a batch: struct fusecanon_msg of include/fusecanon.h (fixed layout, 24 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BatchMessage
{
    public byte* Data;
    public nuint Len;
    public uint Opcode;
    public uint Reserved;
}

/// <summary>
/// The fast path of the header: batches (one runtime entry for many messages) and the plan getter that the
/// header's static inline translators read from.
/// </summary>
internal static unsafe class FastPathExports
{
    /// <summary>The largest batch accepted: a bound on the time one call may hold a thread, not a buffer size.</summary>
    private const nuint MaxBatch = 1u << 20;

    private enum BatchKind { RequestDecode, RequestEncode, ReplyEncode, ReplyDecode }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_request_decode_batch")]
    private static int RequestDecodeBatch(void* session, BatchMessage* msgs, nuint count, int* results)
    {
        try { return Batch(session, msgs, count, results, BatchKind.RequestDecode); }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_request_encode_batch")]
    private static int RequestEncodeBatch(void* session, BatchMessage* msgs, nuint count, int* results)
    {
        try { return Batch(session, msgs, count, results, BatchKind.RequestEncode); }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_reply_encode_batch")]
    private static int ReplyEncodeBatch(void* session, BatchMessage* msgs, nuint count, int* results)
    {
        try { return Batch(session, msgs, count, results, BatchKind.ReplyEncode); }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_reply_decode_batch")]
    private static int ReplyDecodeBatch(void* session, BatchMessage* msgs, nuint count, int* results)
    {
        try { return Batch(session, msgs, count, results, BatchKind.ReplyDecode); }
        catch (Exception) { return (int)Status.Internal; }
    }

    // Inlined into each export with a constant kind, so the per-message switch on it folds away.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Batch(void* session, BatchMessage* msgs, nuint count, int* results, BatchKind kind)
    {
        SessionState* s = SessionFactory.FromHandle(session);
        if (s == null || count > MaxBatch || (count != 0 && (msgs == null || results == null)))
            return (int)Status.InvalidArgument;
        int ok = 0, fast = 0;
        for (nuint i = 0; i < count; i++)
        {
            BatchMessage* m = msgs + i;
            Status st;
            if (m->Data == null)
                st = Status.InvalidArgument;
            else if (m->Len > int.MaxValue)
                st = Status.LengthMismatch;
            else if (kind switch
                     {
                         BatchKind.RequestDecode => MessageFastPath.Request(s, encode: false, m->Data, (int)m->Len),
                         BatchKind.RequestEncode => MessageFastPath.Request(s, encode: true, m->Data, (int)m->Len),
                         BatchKind.ReplyEncode => MessageFastPath.Reply(s, encode: true, m->Opcode, m->Data, (int)m->Len),
                         _ => MessageFastPath.Reply(s, encode: false, m->Opcode, m->Data, (int)m->Len),
                     })
            {
                st = Status.Ok;
                fast++;
            }
            else
            {
                var span = new Span<byte>(m->Data, (int)m->Len);
                st = kind switch
                {
                    BatchKind.RequestDecode => MessageTranslator.Request(s, encode: false, span, span.Length),
                    BatchKind.RequestEncode => MessageTranslator.Request(s, encode: true, span, span.Length),
                    BatchKind.ReplyEncode => MessageTranslator.Reply(s, encode: true, m->Opcode, span, span.Length),
                    _ => MessageTranslator.Reply(s, encode: false, m->Opcode, span, span.Length),
                };
            }
            results[i] = (int)st;
            if (st == Status.Ok)
                ok++;
        }
        if (fast != 0) // the general path counted its own messages; the fast path's once per batch
            System.Threading.Interlocked.Add(ref s->Stats.MessagesTranslated, (ulong)fast);
        return ok;
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_plan")]
    private static TranslationPlans* SessionPlan(void* session, int direction, nuint planSize)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            if (s == null || planSize != (nuint)sizeof(TranslationPlans) || direction is not (0 or 1))
                return null;
            if (s->Mode is not (SessionMode.None or SessionMode.Canonical or SessionMode.Peer) || s->AwaitingReply != 0)
                return null;
            return direction == 0 ? &s->Decode : &s->Encode;
        }
        catch (Exception) { return null; }
    }
}
