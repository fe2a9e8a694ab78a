using System;
using System.Runtime.InteropServices;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>Per-message translation: the hot path.</summary>
internal static unsafe class MessageExports
{
    /// <summary>A message the fast path translated: counted as the general path counts it.</summary>
    private static int Translated(SessionState* s)
    {
        SessionStats.Add(ref s->Stats.MessagesTranslated);
        return (int)Status.Ok;
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_request_decode")]
    private static int RequestDecode(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            if (st == Status.Ok && MessageFastPath.Request(s, encode: false, msg, m.Length))
                return Translated(s);
            return (int)(st != Status.Ok ? st : MessageTranslator.Request(s, encode: false, m, m.Length));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_request_encode")]
    private static int RequestEncode(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            if (st == Status.Ok && MessageFastPath.Request(s, encode: true, msg, m.Length))
                return Translated(s);
            return (int)(st != Status.Ok ? st : MessageTranslator.Request(s, encode: true, m, m.Length));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_reply_encode")]
    private static int ReplyEncode(void* session, uint opcode, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            if (st == Status.Ok && MessageFastPath.Reply(s, encode: true, opcode, msg, m.Length))
                return Translated(s);
            return (int)(st != Status.Ok ? st : MessageTranslator.Reply(s, encode: true, opcode, m, m.Length));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_reply_decode")]
    private static int ReplyDecode(void* session, uint opcode, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            if (st == Status.Ok && MessageFastPath.Reply(s, encode: false, opcode, msg, m.Length))
                return Translated(s);
            return (int)(st != Status.Ok ? st : MessageTranslator.Reply(s, encode: false, opcode, m, m.Length));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_reply_encode_iov")]
    private static int ReplyEncodeIov(void* session, uint opcode, IoVec* iov, int iovcnt)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            if (s == null)
                return (int)Status.InvalidArgument;
            return (int)ScatteredMessage.Translate(s, opcode, iov, iovcnt);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_stats")]
    private static int Stats(void* session, uint* output)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            if (s == null || output == null)
                return (int)Status.InvalidArgument;
            return (int)StatsSnapshot.Write(s, output);
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
