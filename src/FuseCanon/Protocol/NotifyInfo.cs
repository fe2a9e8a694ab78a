namespace FuseCanon.Protocol;

/// <summary>
/// One row of <see cref="NotifyTable"/>: the body of an unsolicited server-to-kernel message
/// (fuse_out_header.unique == 0, error == the notify code). No notification carries an arch-specific
/// value, and its error field is a code, never an errno.
/// </summary>
public readonly struct NotifyInfo
{
    internal NotifyInfo(FuseNotifyCode code, string name, int sinceMinor, StructId body, RequestTail tail, int tailLengthOffset, int tailElementSize)
    {
        Code = code;
        Name = name;
        SinceMinor = (byte)sinceMinor;
        Body = body;
        Tail = tail;
        TailLengthOffset = (byte)tailLengthOffset;
        TailElementSize = (byte)tailElementSize;
    }

    public FuseNotifyCode Code { get; }

    /// <summary>The C enumerator, e.g. <c>FUSE_NOTIFY_INVAL_ENTRY</c>.</summary>
    public string Name { get; }

    public byte SinceMinor { get; }

    /// <summary>Fixed struct at the start of the body, or None (RESEND, INC_EPOCH have no body).</summary>
    public StructId Body { get; }

    /// <summary>
    /// <see cref="RequestTail.Names"/>: one name of namelen bytes plus a NUL; <see cref="RequestTail.Data"/>:
    /// size bytes; <see cref="RequestTail.Array"/>: count elements of <see cref="TailElementSize"/> bytes.
    /// </summary>
    public RequestTail Tail { get; }

    /// <summary>Body offset of the u32 length/count of the tail, or <see cref="OpcodeInfo.NoLengthField"/>.</summary>
    public byte TailLengthOffset { get; }

    /// <summary>Bytes per element of an array tail (PRUNE: 8, a node id); 1 otherwise.</summary>
    public byte TailElementSize { get; }

    /// <summary>Smallest body: the fixed struct, plus the NUL of a name tail.</summary>
    public int MinSize => StructLayouts.SizeOf(Body) + (Tail == RequestTail.Names ? 1 : 0);

    public override string ToString() => Name;
}
