using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using FuseCanon.Protocol;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>
/// Builds a FUSE message field by field from the schema (<see cref="StructLayouts"/>), in a chosen byte
/// order, and remembers every scalar it wrote (offset, width, value) and every opaque byte range, so a
/// test can check each field after a swap. Independent of the engine: it walks FieldLayout objects.
/// </summary>
internal sealed class WireBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly Random _rng;

    public WireBuilder(bool bigEndian, Random rng)
    {
        BigEndian = bigEndian;
        _rng = rng;
    }

    public bool BigEndian { get; }

    /// <summary>Every scalar written: absolute offset, width, value.</summary>
    public List<(int Offset, int Width, ulong Value)> Fields { get; } = [];

    /// <summary>Every opaque range (names, data, char arrays, record padding).</summary>
    public List<(int Offset, int Length)> Opaque { get; } = [];

    public int Position => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    public ulong Random(int width) => width switch
    {
        8 => (ulong)_rng.NextInt64() ^ ((ulong)_rng.Next() << 40),
        4 => (uint)_rng.NextInt64(0, 1L << 32),
        2 => (ushort)_rng.Next(0, 1 << 16),
        _ => (byte)_rng.Next(0, 256),
    };

    public void Scalar(int width, ulong value)
    {
        int at = _bytes.Count;
        Span<byte> b = stackalloc byte[8];
        switch (width)
        {
            case 8:
                if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, value); else BinaryPrimitives.WriteUInt64LittleEndian(b, value);
                break;
            case 4:
                if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value); else BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)value);
                break;
            case 2:
                if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(width));
        }
        for (int i = 0; i < width; i++)
            _bytes.Add(b[i]);
        Fields.Add((at, width, width == 8 ? value : value & ((1UL << (8 * width)) - 1)));
    }

    public void Raw(ReadOnlySpan<byte> data)
    {
        Opaque.Add((_bytes.Count, data.Length));
        foreach (byte x in data)
            _bytes.Add(x);
    }

    public void RandomBytes(int n, bool noZero = false)
    {
        var data = new byte[n];
        _rng.NextBytes(data);
        if (noZero)
            for (int i = 0; i < n; i++)
                data[i] = (byte)(data[i] % 255 + 1);
        Raw(data);
    }

    /// <summary>A NUL-terminated name of 1..maxLen non-NUL bytes.</summary>
    public int Name(int maxLen = 24)
    {
        int n = _rng.Next(1, maxLen + 1);
        RandomBytes(n, noZero: true);
        Raw([0]);
        return n;
    }

    public void Zeros(int n) => Raw(new byte[n]);

    /// <summary>
    /// Writes the first <paramref name="size"/> bytes of struct <paramref name="id"/>: every field
    /// that fits, a random value each unless <paramref name="set"/> gives one for its offset (of the
    /// element). Returns the struct's start offset.
    /// </summary>
    public int Struct(StructId id, int size, IReadOnlyDictionary<int, ulong>? set = null)
    {
        int start = Position;
        foreach (FieldLayout f in StructLayouts.Get(id).Fields)
        {
            if (f.Count == 0 || f.End > size)
                continue;
            if (!f.IsSwapped)
            {
                RandomBytes(f.Size);
                continue;
            }
            for (int i = 0; i < f.Count; i++)
            {
                int off = f.Offset + i * f.ElementSize;
                ulong v = set is not null && set.TryGetValue(off, out ulong given) ? given : Random(f.ElementSize);
                Scalar(f.ElementSize, v);
            }
        }
        if (Position - start != size)
            throw new InvalidOperationException($"{id}: {size} is not on a field boundary");
        return start;
    }

    public int Struct(StructId id, IReadOnlyDictionary<int, ulong>? set = null) => Struct(id, StructLayouts.SizeOf(id), set);

    /// <summary>Overwrites the scalar recorded at <paramref name="offset"/> (e.g. a len known only at the end).</summary>
    public void Patch(int offset, ulong value)
    {
        int i = Fields.FindIndex(f => f.Offset == offset);
        if (i < 0)
            throw new ArgumentException("no scalar at " + offset);
        int width = Fields[i].Width;
        Fields[i] = (offset, width, value);
        Span<byte> b = stackalloc byte[8];
        if (width == 4)
        {
            if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value); else BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)value);
        }
        else if (width == 2)
        {
            if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        }
        else
        {
            if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, value); else BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        }
        for (int k = 0; k < width; k++)
            _bytes[offset + k] = b[k];
    }

    /// <summary>Pads with zero bytes up to a multiple of 8 from <paramref name="origin"/> (dirent, extension records).</summary>
    public void Align8(int origin)
    {
        int pad = (8 - (Position - origin) % 8) % 8;
        if (pad > 0)
            Zeros(pad);
    }
}
