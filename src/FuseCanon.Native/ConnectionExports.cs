using System;
using System.Runtime.InteropServices;
using FuseCanon.Connection;
using FuseCanon.Session;

namespace FuseCanon.Native;

/// <summary>The connection tier: one call per message received or sent, the context kept by the library.</summary>
internal static unsafe class ConnectionExports
{
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_recv")]
    private static int ServerRecv(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return st != Status.Ok ? (int)st : ServerConnection.Receive(s, msg, m.Length);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_send")]
    private static int ServerSend(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return st != Status.Ok ? (int)st : ServerConnection.Send(s, msg, m.Length, m.Length);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_send_iov")]
    private static int ServerSendIov(void* session, IoVec* iov, int iovcnt)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? (int)Status.InvalidArgument : ScatteredMessage.Send(s, iov, iovcnt);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_server_recv_iov")]
    private static int ServerRecvIov(void* session, IoVec* iov, int iovcnt)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? (int)Status.InvalidArgument : ScatteredMessage.Receive(s, iov, iovcnt);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_client_send")]
    private static int ClientSend(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return st != Status.Ok ? (int)st : ClientConnection.Send(s, msg, m.Length);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_client_recv")]
    private static int ClientRecv(void* session, byte* msg, nuint len)
    {
        try
        {
            Status st = CallArgs.Message(session, msg, len, out SessionState* s, out Span<byte> m);
            return st != Status.Ok ? (int)st : ClientConnection.Receive(s, msg, m.Length);
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_session_passthrough")]
    private static int Passthrough(void* session)
    {
        try
        {
            SessionState* s = SessionFactory.FromHandle(session);
            return s == null ? (int)Status.InvalidArgument : SessionPlans.IsPassthrough(s) ? 1 : 0;
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
