namespace FuseCanon.Protocol;

/// <summary>
/// One row of <see cref="OpcodeTable"/>: how an opcode's request and reply bodies are built and where
/// their arch-specific values sit. Offsets are relative to the body (after the 40-byte fuse_in_header
/// or 16-byte fuse_out_header). A small readonly struct; every member is a field read or a loop over at
/// most two compat steps, with no allocation.
/// </summary>
public readonly struct OpcodeInfo
{
    /// <summary>Value of <see cref="TailLengthOffset"/> when the tail has no length field.</summary>
    public const byte NoLengthField = 0xFF;

    internal OpcodeInfo(FuseOpcode opcode, string name, int sinceMinor,
        StructId request, RequestTail tail, int nameCount, int tailLengthOffset, StructId tailElement, bool createExtensions,
        ReplyKind reply, StructId replyStruct, StructId replyStruct2,
        ArchField requestArch, ArchField replyArch)
    {
        Opcode = opcode;
        Name = name;
        SinceMinor = (byte)sinceMinor;
        RequestStruct = request;
        RequestTail = tail;
        NameCount = (byte)nameCount;
        TailLengthOffset = (byte)tailLengthOffset;
        TailElement = tailElement;
        CarriesCreateExtensions = createExtensions;
        ReplyKind = reply;
        ReplyStruct = replyStruct;
        ReplyStruct2 = replyStruct2;
        RequestArch = requestArch;
        ReplyArch = replyArch;
    }

    public FuseOpcode Opcode { get; }

    /// <summary>The C enumerator, e.g. <c>FUSE_LOOKUP</c>.</summary>
    public string Name { get; }

    /// <summary>The minor whose changelog added the opcode (0 = older than the changelog).</summary>
    public byte SinceMinor { get; }

    /// <summary>The fixed struct at the start of the request body, or <see cref="StructId.None"/>.</summary>
    public StructId RequestStruct { get; }

    public RequestTail RequestTail { get; }

    /// <summary>NUL-terminated names after the fixed struct (<see cref="RequestTail.Names"/>: 1 or 2; SETXATTR: 1).</summary>
    public byte NameCount { get; }

    /// <summary>Body offset of the u32 that gives the tail's byte length or element count, or <see cref="NoLengthField"/>.</summary>
    public byte TailLengthOffset { get; }

    /// <summary>Element struct of an <see cref="RequestTail.Array"/> tail.</summary>
    public StructId TailElement { get; }

    /// <summary>
    /// The kernel appends its create-time extensions here (security contexts with FUSE_SECURITY_CTX,
    /// supplementary groups with FUSE_CREATE_SUPP_GROUP). Any request may end with an extension area of
    /// fuse_in_header.total_extlen * 8 bytes; this flag only says which opcodes get one today.
    /// </summary>
    public bool CarriesCreateExtensions { get; }

    public ReplyKind ReplyKind { get; }

    /// <summary>The fixed struct at the start of a successful reply body, or None.</summary>
    public StructId ReplyStruct { get; }

    /// <summary>A second fixed struct right after <see cref="ReplyStruct"/> (fuse_open_out of CREATE/TMPFILE), or None.</summary>
    public StructId ReplyStruct2 { get; }

    /// <summary>The request's arch-specific field; no 7.45 opcode has more than one.</summary>
    public ArchField RequestArch { get; }

    /// <summary>The successful reply's arch-specific body field (errno is the header rule, <see cref="OutHeaderRule"/>).</summary>
    public ArchField ReplyArch { get; }

    /// <summary>False only for the opcodes the kernel never expects an answer to.</summary>
    public bool HasReply => ReplyKind != ReplyKind.None;

    /// <summary>False when a reply is optional (INTERRUPT) or absent.</summary>
    public bool ExpectsReply => ReplyKind != ReplyKind.None && ReplyKind != ReplyKind.OptionalHeaderOnly;

    /// <summary>
    /// Smallest well-formed request body at <paramref name="minor"/>: the fixed struct at its compat
    /// size (feature-dependent sizes at their smaller value) plus one NUL byte per name.
    /// </summary>
    public int MinRequestSize(uint minor)
    {
        int size = RequestStruct == StructId.None ? 0 : StructLayouts.Get(RequestStruct).MinSizeAtMinor(minor);
        return size + NameCount;
    }

    /// <summary>
    /// Smallest successful (error == 0) reply body at <paramref name="minor"/>: the fixed reply structs
    /// at their compat sizes; 0 for variable or header-only replies. Error replies have no body.
    /// </summary>
    public int MinReplySize(uint minor)
    {
        switch (ReplyKind)
        {
            case ReplyKind.Struct:
            case ReplyKind.IoctlOut:
            case ReplyKind.StructThenStrings:
                int size = StructLayouts.Get(ReplyStruct).SizeAtMinor(minor);
                if (ReplyStruct2 != StructId.None)
                    size += StructLayouts.Get(ReplyStruct2).SizeAtMinor(minor);
                return size;
            default:
                return 0;
        }
    }

    /// <summary>Everything a session engine needs for this opcode at <paramref name="minor"/>.</summary>
    public OpcodeShape At(uint minor) => new(
        Opcode, MinRequestSize(minor), MinReplySize(minor),
        RequestArch.AppliesAt(minor) ? RequestArch : default,
        ReplyArch.AppliesAt(minor) ? ReplyArch : default,
        ReplyKind);

    public override string ToString() => Name;
}
