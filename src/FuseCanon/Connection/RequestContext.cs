using System.Runtime.CompilerServices;
using FuseCanon.Protocol;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// What the translation of a reply needs to know about its request, as one 32-bit value: the request's
/// opcode, with <see cref="MessageTranslator.ReplyXattrSizeHint"/> when a GETXATTR/LISTXATTR asked for the
/// size (its reply is then a struct with a byte order, not raw data). It is exactly the opcode argument of
/// the advanced tier's reply calls, so both tiers run the same translation.
/// </summary>
internal static unsafe class RequestContext
{
    /// <summary>The context of a validated request whose header and fixed body are in the given byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(byte* request, uint opcode, bool swapped)
    {
        if (opcode is not ((uint)FuseOpcode.GetXAttr or (uint)FuseOpcode.ListXAttr))
            return opcode;
        uint size = Unsafe.ReadUnaligned<uint>(request + FuseHeaders.InHeaderSize + FuseHeaders.GetxattrInSize);
        return size == 0 ? opcode | MessageTranslator.ReplyXattrSizeHint : opcode; // 0 reads 0 in either order
    }

    /// <summary>
    /// The opcode argument for a reply to INTERRUPT (bit 0 of unique set), which no request holds: INTERRUPT's
    /// rule (an optional, header-only reply) translates its errno.
    /// </summary>
    public const uint InterruptReply = (uint)FuseOpcode.Interrupt;
}
