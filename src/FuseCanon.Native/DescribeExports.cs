using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;
using FuseCanon.Translation;

namespace FuseCanon.Native;

/// <summary>Text for logs: values and message headers in one arch's terms.</summary>
internal static unsafe class DescribeExports
{
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_value")]
    private static int DescribeValue(uint arch, int group, long value, byte* buf, nuint len)
    {
        try
        {
            if (buf == null || len > int.MaxValue || group < 0 || group > (int)ConstantGroup.PollEvents)
                return (int)Status.InvalidArgument;
            return ValueDescriber.Describe(arch, (ConstantGroup)group, value, new Span<byte>(buf, (int)len));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_request")]
    private static int DescribeRequest(uint arch, byte* msg, nuint msgLen, byte* buf, nuint len)
    {
        try
        {
            if (msg == null || buf == null || len > int.MaxValue || msgLen > int.MaxValue)
                return (int)Status.InvalidArgument;
            return ValueDescriber.DescribeRequest(arch, new ReadOnlySpan<byte>(msg, (int)msgLen), new Span<byte>(buf, (int)len));
        }
        catch (Exception) { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_describe_reply")]
    private static int DescribeReply(uint arch, uint opcode, byte* msg, nuint msgLen, byte* buf, nuint len)
    {
        try
        {
            if (msg == null || buf == null || len > int.MaxValue || msgLen > int.MaxValue)
                return (int)Status.InvalidArgument;
            return ValueDescriber.DescribeReply(arch, opcode, new ReadOnlySpan<byte>(msg, (int)msgLen), new Span<byte>(buf, (int)len));
        }
        catch (Exception) { return (int)Status.Internal; }
    }
}
