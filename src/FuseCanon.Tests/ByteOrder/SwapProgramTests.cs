using System;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>The compiled swap programs are exactly the schema's swapped fields.</summary>
public class SwapProgramTests
{
    [Fact]
    public void Every_struct_program_covers_exactly_its_swapped_fields()
    {
        foreach (StructLayout layout in StructLayouts.All)
        {
            var expected = new int[layout.Size]; // element width that owns the byte, 0 = not swapped
            foreach (FieldLayout f in layout.Fields)
            {
                if (!f.IsSwapped)
                    continue;
                for (int i = f.Offset; i < f.End; i++)
                    expected[i] = f.ElementSize;
            }
            var actual = new int[layout.Size];
            int lastEnd = 0;
            foreach (SwapRun run in SwapPrograms.Of(layout.Id))
            {
                Assert.True(run.Offset >= lastEnd, $"{layout.CName}: runs overlap or are out of order");
                Assert.True(run.Offset % run.Width == 0, $"{layout.CName}: run {run} misaligned");
                for (int i = run.Offset; i < run.End; i++)
                    actual[i] = run.Width;
                lastEnd = run.End;
            }
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Adjacent_fields_of_one_width_merge()
    {
        // fuse_attr: six u64, then ten u32.
        Assert.Equal(2, SwapPrograms.Of(StructId.Attr).Length);
        // fuse_entry_out: u64 x4, u32 x2, then attr: u64 x6, u32 x10.
        Assert.Equal(4, SwapPrograms.Of(StructId.EntryOut).Length);
        Assert.Empty(SwapPrograms.Of(StructId.None).ToArray());
    }

    [Fact]
    public void A_compat_size_swaps_only_the_fields_inside_it()
    {
        // fuse_attr_out before 7.9 is 96 bytes: blksize (at 16 + 80) is not on the wire.
        byte[] b = new byte[104];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)i;
        byte[] copy = (byte[])b.Clone();
        SwapPrograms.Apply(b, StructId.AttrOut, 96);
        Assert.Equal(copy[96..], b[96..]);
        Assert.Equal(copy[0], b[7]);
    }
}
