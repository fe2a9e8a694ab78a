using System;
using FuseCanon.Arch;
using FuseCanon.Protocol;
using FuseCanon.Session;

namespace FuseCanon.Connection;

/// <summary>
/// The reply a server's connection tier writes itself, in place of a request it cannot hand to the
/// filesystem (an unknown opcode, a value the client's arch does not define, a malformed body, a full
/// in-flight table): a 16-byte fuse_out_header carrying an errno in the client's numbering and byte order,
/// so that the client's system call fails cleanly instead of waiting for an answer that never comes.
/// </summary>
internal static unsafe class LibraryAnswer
{
    private static readonly int EioName = ConstantTables.IndexOf(ConstantGroup.Errno, "EIO");
    private static readonly int EnosysName = ConstantTables.IndexOf(ConstantGroup.Errno, "ENOSYS");

    /// <summary>
    /// Rewrites <paramref name="msg"/>, a request refused with <paramref name="why"/> and still as received, into
    /// its error reply; returns the reply's length, or <paramref name="why"/> when the request cannot be answered
    /// (no readable header, unique 0, or an opcode the kernel expects no reply to).
    /// </summary>
    /// <param name="headerSwapped">The request's header is in the other byte order than this host's.</param>
    public static int Write(SessionState* s, Span<byte> msg, Status why, bool headerSwapped)
    {
        if (msg.Length < FuseHeaders.InHeaderSize || why is Status.InvalidArgument or Status.Internal)
            return (int)why;
        uint opcode = WireReader.U32(msg, FuseHeaders.InOpcode, headerSwapped);
        if (WireReader.U64(msg, FuseHeaders.InUnique, headerSwapped) == 0)
            return (int)why;
        int slot = OpcodeRules.SlotOf(opcode);
        bool known = slot >= 0 && s->Rules[slot].Known != 0;
        if (known && s->Rules[slot].HasReply == 0)
            return (int)why;
        int local = LocalErrno(s->LocalArch, known ? EioName : EnosysName);
        int wire = ValueTranslator.Errno(s, ref s->Encode, local);
        // unique sits at the same offset in both headers and stays as the client wrote it.
        WireReader.PutU32(msg, FuseHeaders.OutLen, FuseHeaders.OutHeaderSize, headerSwapped);
        WireReader.PutU32(msg, FuseHeaders.OutError, unchecked((uint)-wire), headerSwapped);
        return FuseHeaders.OutHeaderSize;
    }

    private static int LocalErrno(uint arch, int name) =>
        (int)ConstantTables.Values(ConstantGroup.Errno, ArchFacts.Family(arch, ConstantGroup.Errno))[name];
}
