using System;
using System.Collections.Generic;
using System.Linq;
using FuseCanon.Protocol;
using Xunit;

namespace FuseCanon.Tests.Protocol;

/// <summary>The struct table agrees with itself: full coverage, alignment, compat sizes on field boundaries.</summary>
public class StructLayoutConsistencyTests
{
    public static TheoryData<StructId> Structs()
    {
        var data = new TheoryData<StructId>();
        foreach (StructLayout s in StructLayouts.All)
            data.Add(s.Id);
        return data;
    }

    [Fact]
    public void HeaderSizeConstantsMatchTheHeaderLayouts()
    {
        Assert.Equal(FuseConstants.InHeaderSize, StructLayouts.SizeOf(StructId.InHeader));
        Assert.Equal(FuseConstants.OutHeaderSize, StructLayouts.SizeOf(StructId.OutHeader));
        Assert.True(StructLayouts.Get(StructId.OutHeader).TryGetField("error", out FieldLayout error));
        Assert.Equal(OutHeaderRule.ErrorOffset, error.Offset);
        Assert.True(StructLayouts.Get(StructId.OutHeader).TryGetField("unique", out FieldLayout unique));
        Assert.Equal(OutHeaderRule.UniqueOffset, unique.Offset);
    }

    [Fact]
    public void EveryStructIdHasExactlyOneLayout()
    {
        StructId[] ids = Enum.GetValues<StructId>().Where(id => id != StructId.None).ToArray();
        Assert.Equal(ids.OrderBy(i => i), StructLayouts.All.ToArray().Select(s => s.Id).OrderBy(i => i));
        foreach (StructId id in ids)
            Assert.Equal(id, StructLayouts.Get(id).Id);
        Assert.Equal(StructLayouts.All.Length, StructLayouts.All.ToArray().Select(s => s.CName).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => StructLayouts.Get(StructId.None));
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void FieldsCoverTheStructExactlyWithoutOverlap(StructId id)
    {
        StructLayout s = StructLayouts.Get(id);
        int cursor = 0;
        foreach (FieldLayout f in s.Fields)
        {
            if (f.IsFlexible)
            {
                Assert.Equal(0, f.Count);
                Assert.Equal(cursor, f.Offset);
                continue;
            }
            Assert.True(f.Count >= 1, $"{s.CName}.{f.Name}: count");
            Assert.True(f.Offset == cursor, $"{s.CName}.{f.Name}: offset {f.Offset}, expected {cursor} (gap or overlap)");
            cursor = f.End;
        }
        Assert.Equal(s.Size, cursor);
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void FieldsAreNaturallyAligned(StructId id)
    {
        StructLayout s = StructLayouts.Get(id);
        int maxAlign = 1;
        foreach (FieldLayout f in s.Fields)
        {
            Assert.Contains((int)f.ElementSize, new[] { 1, 2, 4, 8 });
            Assert.True(f.Offset % f.ElementSize == 0, $"{s.CName}.{f.Name} misaligned");
            maxAlign = Math.Max(maxAlign, f.ElementSize);
        }
        Assert.True(s.Size % maxAlign == 0, $"{s.CName}: size {s.Size} not a multiple of its alignment {maxAlign}");
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void FlexibleMembersComeLast(StructId id)
    {
        FieldLayout[] fields = StructLayouts.Get(id).Fields.ToArray();
        for (int i = 0; i < fields.Length - 1; i++)
            Assert.False(fields[i].IsFlexible, $"{fields[i].Name} is flexible but not last");
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void CompatSizesAscendOnFieldBoundariesAndOnlyLaterFieldsLieBeyond(StructId id)
    {
        StructLayout s = StructLayouts.Get(id);
        int lastMinor = -1, lastSize = -1;
        foreach (CompatSize c in s.CompatSizes)
        {
            Assert.True(c.BelowMinor > lastMinor, $"{s.CName}: compat minors not ascending");
            Assert.True(c.Size > lastSize && c.Size < s.Size, $"{s.CName}: compat size {c.Size}");
            Assert.True(c.Size == 0 || s.Fields.ToArray().Any(f => f.End == c.Size), $"{s.CName}: {c.Size} is not a field boundary");
            foreach (FieldLayout f in s.Fields)
            {
                if (f.End > c.Size && !f.IsFlexible)
                    Assert.True(f.SinceMinor >= c.BelowMinor, $"{s.CName}.{f.Name} lies beyond the 7.{c.BelowMinor} size {c.Size} but claims 7.{f.SinceMinor}");
            }
            lastMinor = c.BelowMinor;
            lastSize = c.Size;
        }
    }

    [Fact]
    public void SizeAtMinorFollowsTheKernelsCompatMacros()
    {
        Assert.Equal(FuseConstants.CompatEntryOutSize, StructLayouts.Get(StructId.EntryOut).SizeAtMinor(8));
        Assert.Equal(128, StructLayouts.Get(StructId.EntryOut).SizeAtMinor(9));
        Assert.Equal(FuseConstants.CompatAttrOutSize, StructLayouts.Get(StructId.AttrOut).SizeAtMinor(8));
        Assert.Equal(FuseConstants.CompatMknodInSize, StructLayouts.Get(StructId.MknodIn).SizeAtMinor(11));
        Assert.Equal(16, StructLayouts.Get(StructId.MknodIn).SizeAtMinor(12));
        Assert.Equal(FuseConstants.CompatWriteInSize, StructLayouts.Get(StructId.WriteIn).SizeAtMinor(8));
        Assert.Equal(FuseConstants.CompatStatfsSize, StructLayouts.Get(StructId.StatfsOut).SizeAtMinor(3));
        Assert.Equal(80, StructLayouts.Get(StructId.StatfsOut).SizeAtMinor(4));
        Assert.Equal(FuseConstants.CompatInitOutSize, StructLayouts.Get(StructId.InitOut).SizeAtMinor(4));
        Assert.Equal(FuseConstants.Compat22InitOutSize, StructLayouts.Get(StructId.InitOut).SizeAtMinor(5));
        Assert.Equal(FuseConstants.Compat22InitOutSize, StructLayouts.Get(StructId.InitOut).SizeAtMinor(22));
        Assert.Equal(64, StructLayouts.Get(StructId.InitOut).SizeAtMinor(23));
        Assert.Equal(FuseConstants.CompatInitInSize, StructLayouts.Get(StructId.InitIn).SizeAtMinor(35));
        Assert.Equal(64, StructLayouts.Get(StructId.InitIn).SizeAtMinor(36));

        StructLayout setxattr = StructLayouts.Get(StructId.SetxattrIn);
        Assert.Equal(FuseConstants.CompatSetxattrInSize, setxattr.SizeAt(45, 0));
        Assert.Equal(16, setxattr.SizeAt(45, FuseInitFlags.SetxattrExt));
        Assert.Equal(FuseConstants.CompatSetxattrInSize, setxattr.MinSizeAtMinor(45));
    }

    [Fact]
    public void TaggedFieldsAreExactlyTheArchSpecificOnes()
    {
        var tagged = new List<string>();
        foreach (StructLayout s in StructLayouts.All)
        {
            foreach (FieldLayout f in s.Fields)
            {
                if (f.Kind != ArchValueKind.None)
                    tagged.Add($"{s.CName}.{f.Name}={f.Kind}@{f.Offset}");
            }
        }
        string[] expected =
        [
            "fuse_out_header.error=Errno@4",
            "fuse_file_lock.type=LockType@16",
            "fuse_open_in.flags=OpenFlags@0",
            "fuse_create_in.flags=OpenFlags@0",
            "fuse_release_in.flags=OpenFlags@8",
            "fuse_read_in.flags=OpenFlags@32",
            "fuse_write_in.flags=OpenFlags@32",
            "fuse_lk_in.lk.type=LockType@32",
            "fuse_lk_out.lk.type=LockType@16",
            "fuse_ioctl_in.cmd=IoctlCmd@12",
            "fuse_poll_in.events=PollEvents@20",
            "fuse_poll_out.revents=PollEvents@0",
        ];
        Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), tagged.OrderBy(x => x, StringComparer.Ordinal));
        foreach (StructLayout s in StructLayouts.All)
        {
            foreach (FieldLayout f in s.Fields)
            {
                if (f.Kind != ArchValueKind.None)
                    Assert.Equal(4, f.Size);
            }
        }
    }

    [Fact]
    public void SwapFlagFollowsWidthAndBytes()
    {
        StructLayout req = StructLayouts.Get(StructId.UringReqHeader);
        Assert.True(req.TryGetField("in_out", out FieldLayout inOut));
        Assert.False(inOut.IsSwapped);
        Assert.True(req.TryGetField("ring_ent_in_out.commit_id", out FieldLayout commit));
        Assert.True(commit.IsSwapped);
        Assert.Equal(264, commit.Offset);
        Assert.False(req.TryGetField("nope", out _));
    }
}
