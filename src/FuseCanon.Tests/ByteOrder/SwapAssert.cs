using System;
using System.Buffers.Binary;
using System.Linq;
using FuseCanon.ByteOrder;
using Xunit;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>Checks a swap against messages built field by field in both byte orders.</summary>
internal static class SwapAssert
{
    public delegate Status Swapper(Span<byte> msg, SwapDirection dir);

    /// <summary>This machine is big-endian (then "foreign" is little-endian).</summary>
    public static bool NativeBigEndian => !BitConverter.IsLittleEndian;

    /// <summary>
    /// <paramref name="build"/>(bigEndian) must give the same message in either order. Checks: swapping the
    /// native one ToForeign makes every field read back in the other order as written and gives exactly
    /// the foreign-built bytes; swapping back restores it; swapping the foreign one FromForeign gives the
    /// native one; opaque bytes never move.
    /// </summary>
    public static void RoundTrip(Func<bool, WireBuilder> build, Swapper swap, string what)
    {
        WireBuilder native = build(NativeBigEndian);
        WireBuilder foreign = build(!NativeBigEndian);
        AssertCovered(native, what);
        byte[] n = native.ToArray();
        byte[] f = foreign.ToArray();
        Assert.True(n.Length == f.Length, what + ": builders disagree on length");

        byte[] work = (byte[])n.Clone();
        AssertOk(swap(work, SwapDirection.ToForeign), what + " ToForeign");
        foreach ((int off, int width, ulong value) in native.Fields)
        {
            ulong got = Read(work, off, width, bigEndian: !NativeBigEndian);
            if (got != value)
                Assert.Fail($"{what}: field at {off} (u{width * 8}) reads 0x{got:X} in the foreign order, wrote 0x{value:X}");
        }
        foreach ((int off, int len) in native.Opaque)
            Assert.True(n.AsSpan(off, len).SequenceEqual(work.AsSpan(off, len)), $"{what}: opaque bytes at {off}+{len} changed");
        AssertSameBytes(f, work, what + ": swapped native != built foreign");

        AssertOk(swap(work, SwapDirection.FromForeign), what + " FromForeign (back)");
        AssertSameBytes(n, work, what + ": swapped twice != original");

        work = (byte[])f.Clone();
        AssertOk(swap(work, SwapDirection.FromForeign), what + " FromForeign");
        foreach ((int off, int width, ulong value) in native.Fields)
            Assert.Equal(value, Read(work, off, width, bigEndian: NativeBigEndian));
        AssertSameBytes(n, work, what + ": decoded foreign != built native");
    }

    /// <summary>The swap fails with <paramref name="expected"/> and leaves the buffer as it was.</summary>
    public static void FailsUnchanged(byte[] msg, Swapper swap, SwapDirection dir, Status expected, string what)
    {
        byte[] before = (byte[])msg.Clone();
        Status got = swap(msg, dir);
        Assert.True(got == expected, $"{what}: expected {expected}, got {got}");
        AssertSameBytes(before, msg, what + ": buffer changed on error");
    }

    public static void AssertOk(Status s, string what) => Assert.True(s == Status.Ok, $"{what}: {s}");

    public static void AssertSameBytes(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual))
            return;
        int i = 0;
        while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i])
            i++;
        Assert.Fail($"{what}: first difference at byte {i} of {expected.Length}/{actual.Length}");
    }

    /// <summary>Every byte of the built message is exactly one scalar or opaque byte (a builder self-check).</summary>
    public static void AssertCovered(WireBuilder b, string what)
    {
        var owner = new int[b.Position];
        foreach ((int off, int width, _) in b.Fields)
            for (int i = 0; i < width; i++) owner[off + i]++;
        foreach ((int off, int len) in b.Opaque)
            for (int i = 0; i < len; i++) owner[off + i]++;
        int bad = Array.FindIndex(owner, c => c != 1);
        Assert.True(bad < 0, $"{what}: builder covers byte {bad} {(bad >= 0 ? owner[bad] : 0)} times");
    }

    public static ulong Read(ReadOnlySpan<byte> s, int off, int width, bool bigEndian) => width switch
    {
        8 => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s[off..]) : BinaryPrimitives.ReadUInt64LittleEndian(s[off..]),
        4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[off..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[off..]),
        2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s[off..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[off..]),
        _ => throw new ArgumentOutOfRangeException(nameof(width)),
    };

    /// <summary>Writes a scalar in the given order (to corrupt messages in the malformed tests).</summary>
    public static void Write(Span<byte> s, int off, int width, ulong v, bool bigEndian)
    {
        switch (width)
        {
            case 8: if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(s[off..], v); else BinaryPrimitives.WriteUInt64LittleEndian(s[off..], v); break;
            case 4: if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s[off..], (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(s[off..], (uint)v); break;
            case 2: if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(s[off..], (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(s[off..], (ushort)v); break;
            default: throw new ArgumentOutOfRangeException(nameof(width));
        }
    }

    public static string Hex(byte[] b) => string.Concat(b.Select(x => x.ToString("x2")));
}
