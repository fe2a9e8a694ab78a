using System;
using System.Runtime.InteropServices;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>Session lifetime, state queries and the four INIT calls.</summary>
internal static unsafe class SessionExports
{
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_create")]
    private static int Create(void* cfg, void** outSession)
    {
        try
        {
            if (outSession == null)
                return (int)Status.InvalidArgument;
            *outSession = null;
            Status st = SessionFactory.Create(cfg, out SessionState* s);
            *outSession = s;
            return (int)st;
        }
        catch (Exception)
        {
            return (int)Status.Internal;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_destroy")]
    private static void Destroy(void* session)
    {
        try { SessionFactory.Destroy(SessionFactory.FromHandle(session)); }
        catch (Exception) { }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_mode")]
    private static int Mode(void* session)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? (int)Status.InvalidArgument : (int)s->Mode;
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_peer_arch")]
    private static uint PeerArch(void* session)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? 0 : s->PeerArch;
        }
        catch (Exception) { return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_reason")]
    private static byte* Reason(void* session)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? StatusText.Pointer("\0"u8) : s->ReasonText;
        }
        catch (Exception) { return StatusText.Pointer("\0"u8); }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_client_init_request")]
    private static int ClientInitRequest(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return (int)(st != Status.Ok ? st : SessionInit.ClientRequest(s, m));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_client_init_reply")]
    private static int ClientInitReply(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return (int)(st != Status.Ok ? st : SessionInit.ClientReply(s, m));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_init_request")]
    private static int ServerInitRequest(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return (int)(st != Status.Ok ? st : SessionInit.ServerRequest(s, m));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_init_reply")]
    private static int ServerInitReply(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return (int)(st != Status.Ok ? st : SessionInit.ServerReply(s, m));
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
