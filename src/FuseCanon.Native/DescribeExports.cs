using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;
using FuseCanon.Translation;

namespace FuseCanon.Native;

/// <summary>Text for logs: values and message headers in one arch's terms.</summary>
internal static unsafe class DescribeExports
{
    /// <summary>
    /// A length beyond a span's reach is valid (a large buffer, or a large message of which only the header and
    /// one field are read): the text is never that long, so the first int.MaxValue bytes are all that is used.
    /// The header documents INVALID_ARGUMENT for NULL pointers and unknown groups only.
    /// </summary>
    private static int Clamp(nuint len) => len > int.MaxValue ? int.MaxValue : (int)len;

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_value")]
    private static int DescribeValue(uint arch, int group, long value, byte* buf, nuint len)
    {
        try
        {
            if (buf == null || group < 0 || group > (int)ConstantGroup.PollEvents)
                return (int)Status.InvalidArgument;
            return ValueDescriber.Describe(arch, (ConstantGroup)group, value, new Span<byte>(buf, Clamp(len)));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_request")]
    private static int DescribeRequest(uint arch, byte* msg, nuint msgLen, byte* buf, nuint len)
    {
        try
        {
            if (msg == null || buf == null)
                return (int)Status.InvalidArgument;
            return ValueDescriber.DescribeRequest(arch, new ReadOnlySpan<byte>(msg, Clamp(msgLen)), new Span<byte>(buf, Clamp(len)));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_reply")]
    private static int DescribeReply(uint arch, uint opcode, byte* msg, nuint msgLen, byte* buf, nuint len)
    {
        try
        {
            if (msg == null || buf == null)
                return (int)Status.InvalidArgument;
            return ValueDescriber.DescribeReply(arch, opcode, new ReadOnlySpan<byte>(msg, Clamp(msgLen)), new Span<byte>(buf, Clamp(len)));
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
