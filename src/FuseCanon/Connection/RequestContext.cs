using System;
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
    /// <summary>
    /// Whether a request's reply needs its context at all: on a swapped wire every body is swapped by its
    /// opcode's layout; otherwise only bodies with an arch-specific field (GETLK, POLL) differ, and an error
    /// reply needs none (its errno is in the header). Requests without a reply never need it.
    /// </summary>
    public static bool Needed(SessionState* s, ref OpcodeRule rule) =>
        rule.HasReply != 0 && (s->WireSwapped != 0 || rule.ReplyArch != ArchValueKind.None);

    /// <summary>The context of a request read in the given byte order (the request must be validated).</summary>
    public static uint Of(ReadOnlySpan<byte> request, uint opcode, bool swapped)
    {
        if (opcode is not ((uint)FuseOpcode.GetXAttr or (uint)FuseOpcode.ListXAttr))
            return opcode;
        uint size = WireReader.U32(request, FuseHeaders.InHeaderSize + FuseHeaders.GetxattrInSize, swapped);
        return size == 0 ? opcode | MessageTranslator.ReplyXattrSizeHint : opcode;
    }

    /// <summary>
    /// The opcode argument for a reply whose unique the table does not hold, on a wire of this side's byte
    /// order: a reply to INTERRUPT, or one whose request needed no context. INTERRUPT's rule (an optional,
    /// header-only reply) translates an error's errno and leaves a success body as it is.
    /// </summary>
    public const uint Untracked = (uint)FuseOpcode.Interrupt;
}
