using System.Runtime.CompilerServices;
using FuseCanon.Protocol;

namespace FuseCanon.Session;

/// <summary>
/// One opcode resolved for a session's negotiated minor, in the compact form the hot path reads: sizes to
/// check and at most one arch field per direction. Precomputed when the session's mode becomes final.
/// </summary>
public struct OpcodeRule
{
    public ushort MinRequest;
    public ushort MinReply;
    public ushort RequestArchOffset;
    public ushort ReplyArchOffset;
    public ArchValueKind RequestArch;
    public ArchValueKind ReplyArch;
    public byte Known;
    public byte HasReply;
}

/// <summary>The rules of every FUSE opcode (dense, by opcode number) plus CUSE_INIT, inline in the session.</summary>
[InlineArray(Count)]
public struct OpcodeRules
{
    /// <summary>FUSE opcodes 0..MaxFuseOpcode, then one slot for CUSE_INIT.</summary>
    public const int Count = (int)OpcodeTable.MaxFuseOpcode + 2;
    private const int CuseSlot = Count - 1;

    private OpcodeRule _first;

    public static int SlotOf(uint opcode) =>
        opcode <= OpcodeTable.MaxFuseOpcode ? (int)opcode
        : opcode == (uint)FuseOpcode.CuseInit ? CuseSlot : -1;

    public void Build(uint minor)
    {
        for (int slot = 0; slot < Count; slot++)
        {
            uint opcode = slot == CuseSlot ? (uint)FuseOpcode.CuseInit : (uint)slot;
            this[slot] = OpcodeTable.TryGetShape(opcode, minor, out OpcodeShape shape)
                ? new OpcodeRule
                {
                    Known = 1,
                    HasReply = shape.HasReply ? (byte)1 : (byte)0,
                    MinRequest = (ushort)shape.MinRequestSize,
                    MinReply = (ushort)shape.MinReplySize,
                    RequestArch = shape.RequestArch.Kind,
                    RequestArchOffset = shape.RequestArch.Offset,
                    ReplyArch = shape.ReplyArch.Kind,
                    ReplyArchOffset = shape.ReplyArch.Offset,
                }
                : default;
        }
    }
}
