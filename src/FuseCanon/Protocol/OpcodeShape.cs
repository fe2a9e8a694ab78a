namespace FuseCanon.Protocol;

/// <summary>
/// An opcode resolved for one negotiated minor (<see cref="OpcodeInfo.At"/>): minimum body sizes and
/// the arch fields that are on the wire at that minor (absent ones are <c>default</c>).
/// </summary>
public readonly struct OpcodeShape
{
    internal OpcodeShape(FuseOpcode opcode, int minRequest, int minReply, ArchField requestArch, ArchField replyArch, ReplyKind replyKind)
    {
        Opcode = opcode;
        MinRequestSize = minRequest;
        MinReplySize = minReply;
        RequestArch = requestArch;
        ReplyArch = replyArch;
        ReplyKind = replyKind;
    }

    public FuseOpcode Opcode { get; }

    /// <summary>Minimum request body bytes (after fuse_in_header).</summary>
    public int MinRequestSize { get; }

    /// <summary>Minimum successful reply body bytes (after fuse_out_header); error replies have none.</summary>
    public int MinReplySize { get; }

    public ArchField RequestArch { get; }

    public ArchField ReplyArch { get; }

    public ReplyKind ReplyKind { get; }

    public bool HasReply => ReplyKind != ReplyKind.None;
}
