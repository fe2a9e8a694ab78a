using System;
using System.Text.Unicode;

namespace FuseCanon.Session;

/// <summary>Formats the session's reason line into its fixed NUL-terminated buffer (no allocation).</summary>
internal static unsafe class SessionText
{
    public static void SetReason(SessionState* s, InitReason reason)
    {
        s->Reason = reason;
        var dst = new Span<byte>(s->ReasonText, SessionState.ReasonCapacity - 1);
        ReadOnlySpan<byte> text = InitReasonText.Of(reason);
        int n = Math.Min(text.Length, dst.Length);
        text[..n].CopyTo(dst);

        bool server = s->Config.Role == (uint)SessionRole.Server;
        ReadOnlySpan<byte> local = ArchFacts.Name(s->LocalArch);
        ReadOnlySpan<byte> peer = s->PeerArch == 0 ? "unknown"u8 : ArchFacts.Name(s->PeerArch);
        if (s->PeerArch != 0 && peer.IsEmpty)
            peer = "unrecognised"u8;
        Utf8.TryWrite(dst[n..], $" ({(server ? "client" : "server")} ", out int w1);
        n += w1;
        n += CopyClamped(peer, dst[n..]);
        if (s->PeerArch != 0 && !ArchFacts.IsKnown(s->PeerArch) &&
            Utf8.TryWrite(dst[n..], $" 0x{s->PeerArch:x8}", out int w2))
            n += w2;
        n += CopyClamped(server ? ", server "u8 : ", client "u8, dst[n..]);
        n += CopyClamped(local, dst[n..]);
        n += CopyClamped(")"u8, dst[n..]);
        s->ReasonText[n] = 0;
    }

    private static int CopyClamped(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int n = Math.Min(src.Length, dst.Length);
        src[..n].CopyTo(dst);
        return n;
    }
}
