using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FuseCanon.Protocol;

namespace FuseCanon.ByteOrder;

/// <summary>
/// One step of a swap program: <see cref="Count"/> consecutive elements of <see cref="Width"/> bytes
/// starting at <see cref="Offset"/> of the struct, each reversed on its own.
/// </summary>
internal readonly struct SwapRun
{
    public SwapRun(int offset, int width, int count)
    {
        Offset = (ushort)offset;
        Width = (byte)width;
        Count = (ushort)count;
    }

    public readonly ushort Offset;
    public readonly byte Width;
    public readonly ushort Count;

    public int End => Offset + Width * Count;

    public override string ToString() => $"{Offset}:{Width}x{Count}";
}

/// <summary>
/// The byte-swap program of every struct of <see cref="StructLayouts"/>, compiled once at type
/// initialisation from the schema: each field that <see cref="FieldLayout.IsSwapped"/> (padding included,
/// at its declared width; char arrays and flexible members excluded) becomes part of a run, and adjacent
/// fields of the same width merge into one run. All programs live in one flat array indexed by
/// <see cref="StructId"/>; applying one touches no object but that array.
/// </summary>
internal static class SwapPrograms
{
    private static readonly SwapRun[] s_runs;
    private static readonly int[] s_start; // runs of struct id i are s_runs[s_start[i] .. s_start[i + 1]]

    static SwapPrograms()
    {
        int maxId = 0;
        foreach (StructLayout layout in StructLayouts.All)
            maxId = Math.Max(maxId, (int)layout.Id);
        var programs = new List<SwapRun>[maxId + 1];
        foreach (StructLayout layout in StructLayouts.All)
            programs[(int)layout.Id] = Compile(layout);

        var runs = new List<SwapRun>();
        var start = new int[maxId + 2];
        for (int id = 0; id <= maxId; id++)
        {
            start[id] = runs.Count;
            if (programs[id] is { } p)
                runs.AddRange(p);
        }
        start[maxId + 1] = runs.Count;
        s_runs = runs.ToArray();
        s_start = start;
    }

    private static List<SwapRun> Compile(StructLayout layout)
    {
        var runs = new List<SwapRun>();
        int lastOffset = -1;
        foreach (FieldLayout f in layout.Fields)
        {
            if (f.Offset < lastOffset)
                throw new InvalidOperationException($"{layout.CName}: fields out of offset order");
            lastOffset = f.Offset;
            if (!f.IsSwapped || f.Count == 0)
                continue;
            if (runs.Count > 0)
            {
                SwapRun last = runs[^1];
                if (last.Width == f.ElementSize && last.End == f.Offset)
                {
                    runs[^1] = new SwapRun(last.Offset, last.Width, last.Count + f.Count);
                    continue;
                }
            }
            runs.Add(new SwapRun(f.Offset, f.ElementSize, f.Count));
        }
        return runs;
    }

    /// <summary>The program of <paramref name="id"/> (empty for <see cref="StructId.None"/>).</summary>
    public static ReadOnlySpan<SwapRun> Of(StructId id)
    {
        int i = (int)id;
        if ((uint)(i + 1) >= (uint)s_start.Length)
            return default;
        return s_runs.AsSpan(s_start[i], s_start[i + 1] - s_start[i]);
    }

    /// <summary>
    /// Swaps the fields of struct <paramref name="id"/> that lie within its first <paramref name="size"/>
    /// bytes (a compat size always ends on a field boundary) at the start of <paramref name="s"/>.
    /// </summary>
    public static void Apply(Span<byte> s, StructId id, int size)
    {
        if ((uint)size > (uint)s.Length)
            throw new ArgumentOutOfRangeException(nameof(size));
        ref byte b = ref MemoryMarshal.GetReference(s);
        foreach (ref readonly SwapRun run in Of(id))
        {
            int off = run.Offset;
            if (off >= size)
                break;
            int n = Math.Min(run.Count, (size - off) / run.Width);
            SwapElements(ref Unsafe.Add(ref b, off), run.Width, n);
        }
    }

    /// <summary>Swaps <paramref name="count"/> structs <paramref name="id"/> laid out back to back.</summary>
    public static void ApplyArray(Span<byte> s, StructId id, int count)
    {
        int stride = StructLayouts.SizeOf(id);
        if ((long)stride * count > s.Length)
            throw new ArgumentOutOfRangeException(nameof(count));
        for (int i = 0; i < count; i++)
            Apply(s.Slice(i * stride, stride), id, stride);
    }

    /// <summary>Reverses each of <paramref name="count"/> elements of <paramref name="width"/> bytes.</summary>
    public static void ApplyScalars(Span<byte> s, int width, int count)
    {
        if ((long)width * count > s.Length)
            throw new ArgumentOutOfRangeException(nameof(count));
        SwapElements(ref MemoryMarshal.GetReference(s), width, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapElements(ref byte p, int width, int n)
    {
        switch (width)
        {
            case 8:
                for (int i = 0; i < n; i++)
                {
                    ref byte e = ref Unsafe.Add(ref p, i * 8);
                    Unsafe.WriteUnaligned(ref e, BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref e)));
                }
                break;
            case 4:
                for (int i = 0; i < n; i++)
                {
                    ref byte e = ref Unsafe.Add(ref p, i * 4);
                    Unsafe.WriteUnaligned(ref e, BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref e)));
                }
                break;
            case 2:
                for (int i = 0; i < n; i++)
                {
                    ref byte e = ref Unsafe.Add(ref p, i * 2);
                    Unsafe.WriteUnaligned(ref e, BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref e)));
                }
                break;
            default:
                throw new InvalidOperationException("width " + width);
        }
    }
}
