using System;
using System.Collections.Generic;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;

namespace FuseCanon.Tests.ByteOrder;

public class InitDetectionTests
{
    private static byte[] Init(FuseOpcode op, bool bigEndian, int bodySize)
    {
        var b = new WireBuilder(bigEndian, new Random(1));
        b.Struct(StructId.InHeader, new Dictionary<int, ulong> { [4] = (uint)op, [36] = 0 });
        if (op == FuseOpcode.Init)
            b.Struct(StructId.InitIn, bodySize, new Dictionary<int, ulong> { [0] = 7, [4] = bodySize == 64 ? 45u : 35u });
        else if (op == FuseOpcode.CuseInit)
            b.Struct(StructId.CuseInitIn, bodySize);
        else
            b.RandomBytes(bodySize);
        b.Patch(0, (ulong)b.Position);
        return b.ToArray();
    }

    [Theory]
    [InlineData(FuseOpcode.Init, 64)]
    [InlineData(FuseOpcode.Init, 16)]
    [InlineData(FuseOpcode.CuseInit, 16)]
    public void Recognises_native_and_swapped_init(FuseOpcode op, int body)
    {
        bool native = SwapAssert.NativeBigEndian;
        byte[] same = Init(op, native, body);
        byte[] other = Init(op, !native, body);
        Assert.Equal(InitByteOrder.Native, InitDetection.Classify(same));
        Assert.Equal(InitByteOrder.Swapped, InitDetection.Classify(other));
        Assert.False(InitDetection.IsSwappedInit(same));
        Assert.True(InitDetection.IsSwappedInit(other));
        Assert.True(InitDetection.IsSwappedInitHeader(other.AsSpan(0, 8), out uint len));
        Assert.Equal((uint)other.Length, len);
        Assert.False(InitDetection.IsSwappedInitHeader(same, out _));

        // The marker is the reserved opcode the kernel header names.
        uint raw = BitConverter.ToUInt32(other, 4);
        Assert.Equal(op == FuseOpcode.Init ? FuseConstants.InitBswapReserved : FuseConstants.CuseInitBswapReserved, raw);

        // Once detected, the whole INIT decodes.
        Assert.Equal(Status.Ok, MessageSwapper.SwapRequest(other, 45, SwapDirection.FromForeign));
        Assert.Equal(InitByteOrder.Native, InitDetection.Classify(other));
    }

    [Fact]
    public void Other_messages_are_not_init()
    {
        bool native = SwapAssert.NativeBigEndian;
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(Init(FuseOpcode.Open, native, 8)));
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(Init(FuseOpcode.Open, !native, 8)));
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(new byte[39]));
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(ReadOnlySpan<byte>.Empty));
        Assert.False(InitDetection.IsSwappedInitHeader(new byte[7], out _));

        // The right opcode with a len that does not match the buffer is not taken for an INIT.
        byte[] swapped = Init(FuseOpcode.Init, !native, 64);
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(swapped.AsSpan(0, swapped.Length - 8)));
        byte[] same = Init(FuseOpcode.Init, native, 64);
        Assert.Equal(InitByteOrder.NotInit, InitDetection.Classify(same.AsSpan(0, 100)));
    }
}
