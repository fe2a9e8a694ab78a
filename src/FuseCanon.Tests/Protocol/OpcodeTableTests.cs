using System;
using System.Linq;
using FuseCanon.Protocol;
using Xunit;

namespace FuseCanon.Tests.Protocol;

public class OpcodeTableTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(7u)]
    [InlineData(19u)]
    [InlineData(54u)]
    [InlineData(4095u)]
    [InlineData(4097u)]
    [InlineData((uint)FuseOpcode.CuseInitBswapReserved)]
    [InlineData((uint)FuseOpcode.FuseInitBswapReserved)]
    [InlineData(uint.MaxValue)]
    public void UnknownOpcodesAreRejected(uint opcode)
    {
        Assert.False(OpcodeTable.TryGet(opcode, out OpcodeInfo info));
        Assert.Null(info.Name);
        Assert.False(OpcodeTable.TryGetShape(opcode, 45, out _));
    }

    [Fact]
    public void EveryOpcodeEnumeratorHasItsRow()
    {
        foreach (FuseOpcode op in Enum.GetValues<FuseOpcode>())
        {
            bool reserved = op is FuseOpcode.CuseInitBswapReserved or FuseOpcode.FuseInitBswapReserved;
            Assert.Equal(!reserved, OpcodeTable.TryGet((uint)op, out OpcodeInfo info));
            if (!reserved)
                Assert.Equal(op, info.Opcode);
        }
        Assert.Equal(Enum.GetValues<FuseOpcode>().Length - 2, OpcodeTable.All.Length);
        Assert.Equal(FuseConstants.InitBswapReserved, (uint)FuseOpcode.Init << 24);
        Assert.Equal(FuseConstants.CuseInitBswapReserved, (uint)FuseOpcode.CuseInit << 8);
    }

    [Fact]
    public void ArchFieldsRepeatTheTaggedFieldsOfTheStructs()
    {
        foreach (OpcodeInfo row in OpcodeTable.All)
        {
            Assert.Equal(Tagged(row.RequestStruct), Describe(row.RequestArch));
            Assert.Equal(Tagged(row.ReplyStruct) ?? Tagged(row.ReplyStruct2), Describe(row.ReplyArch));
        }

        static string? Describe(ArchField f) => f.IsPresent ? $"{f.Kind}@{f.Offset}/{f.SinceMinor}" : null;

        static string? Tagged(StructId id)
        {
            if (id == StructId.None)
                return null;
            FieldLayout[] tagged = StructLayouts.Get(id).Fields.ToArray().Where(f => f.Kind != ArchValueKind.None).ToArray();
            Assert.True(tagged.Length <= 1);
            return tagged.Length == 0 ? null : $"{tagged[0].Kind}@{tagged[0].Offset}/{tagged[0].SinceMinor}";
        }
    }

    [Fact]
    public void ArchSpecificOpcodesAreThoseOfTheProtocolNotes()
    {
        string Req(FuseOpcode op) => Get(op).RequestArch.ToString();
        Assert.Equal("OpenFlags@0 (7.0+)", Req(FuseOpcode.Open));
        Assert.Equal("OpenFlags@0 (7.0+)", Req(FuseOpcode.OpenDir));
        Assert.Equal("OpenFlags@0 (7.0+)", Req(FuseOpcode.Create));
        Assert.Equal("OpenFlags@0 (7.0+)", Req(FuseOpcode.TmpFile));
        Assert.Equal("OpenFlags@32 (7.9+)", Req(FuseOpcode.Read));
        Assert.Equal("OpenFlags@32 (7.9+)", Req(FuseOpcode.ReadDir));
        Assert.Equal("OpenFlags@32 (7.9+)", Req(FuseOpcode.ReadDirPlus));
        Assert.Equal("OpenFlags@32 (7.9+)", Req(FuseOpcode.Write));
        Assert.Equal("OpenFlags@8 (7.0+)", Req(FuseOpcode.Release));
        Assert.Equal("OpenFlags@8 (7.0+)", Req(FuseOpcode.ReleaseDir));
        Assert.Equal("LockType@32 (7.0+)", Req(FuseOpcode.GetLk));
        Assert.Equal("LockType@32 (7.0+)", Req(FuseOpcode.SetLk));
        Assert.Equal("LockType@32 (7.0+)", Req(FuseOpcode.SetLkW));
        Assert.Equal("PollEvents@20 (7.21+)", Req(FuseOpcode.Poll));
        Assert.Equal("IoctlCmd@12 (7.0+)", Req(FuseOpcode.Ioctl));
        Assert.Equal("LockType@16 (7.0+)", Get(FuseOpcode.GetLk).ReplyArch.ToString());
        Assert.Equal("PollEvents@0 (7.0+)", Get(FuseOpcode.Poll).ReplyArch.ToString());

        Assert.Equal(15, OpcodeTable.All.ToArray().Count(r => r.RequestArch.IsPresent));
        Assert.Equal(2, OpcodeTable.All.ToArray().Count(r => r.ReplyArch.IsPresent));
    }

    [Fact]
    public void ShapeDropsArchFieldsNotYetOnTheWire()
    {
        Assert.False(Get(FuseOpcode.Read).At(8).RequestArch.IsPresent);
        Assert.Equal(32, Get(FuseOpcode.Read).At(9).RequestArch.Offset);
        OpcodeShape poll20 = Get(FuseOpcode.Poll).At(20);
        Assert.False(poll20.RequestArch.IsPresent);
        Assert.True(poll20.ReplyArch.IsPresent);
        Assert.True(Get(FuseOpcode.Poll).At(21).RequestArch.IsPresent);
    }

    [Theory]
    [InlineData(FuseOpcode.Write, 8u, 24)]
    [InlineData(FuseOpcode.Write, 9u, 40)]
    [InlineData(FuseOpcode.Read, 8u, 24)]
    [InlineData(FuseOpcode.Read, 45u, 40)]
    [InlineData(FuseOpcode.GetAttr, 8u, 0)]
    [InlineData(FuseOpcode.GetAttr, 9u, 16)]
    [InlineData(FuseOpcode.Create, 11u, 9)]
    [InlineData(FuseOpcode.Create, 12u, 17)]
    [InlineData(FuseOpcode.MkNod, 11u, 9)]
    [InlineData(FuseOpcode.MkNod, 12u, 17)]
    [InlineData(FuseOpcode.SetXAttr, 45u, 9)]
    [InlineData(FuseOpcode.Init, 5u, 8)]
    [InlineData(FuseOpcode.Init, 35u, 16)]
    [InlineData(FuseOpcode.Init, 36u, 64)]
    [InlineData(FuseOpcode.Lookup, 45u, 1)]
    [InlineData(FuseOpcode.Symlink, 45u, 2)]
    [InlineData(FuseOpcode.Rename, 45u, 10)]
    [InlineData(FuseOpcode.Release, 7u, 16)]
    [InlineData(FuseOpcode.Release, 8u, 24)]
    [InlineData(FuseOpcode.Flush, 6u, 16)]
    [InlineData(FuseOpcode.GetLk, 8u, 40)]
    [InlineData(FuseOpcode.GetLk, 9u, 48)]
    [InlineData(FuseOpcode.RemoveMapping, 45u, 4)]
    [InlineData(FuseOpcode.Destroy, 45u, 0)]
    [InlineData(FuseOpcode.Statx, 45u, 24)]
    public void MinRequestSize(FuseOpcode op, uint minor, int expected) =>
        Assert.Equal(expected, Get(op).MinRequestSize(minor));

    [Theory]
    [InlineData(FuseOpcode.Lookup, 8u, 120)]
    [InlineData(FuseOpcode.Lookup, 9u, 128)]
    [InlineData(FuseOpcode.GetAttr, 8u, 96)]
    [InlineData(FuseOpcode.GetAttr, 9u, 104)]
    [InlineData(FuseOpcode.Create, 8u, 136)]
    [InlineData(FuseOpcode.Create, 45u, 144)]
    [InlineData(FuseOpcode.Init, 4u, 8)]
    [InlineData(FuseOpcode.Init, 22u, 24)]
    [InlineData(FuseOpcode.Init, 23u, 64)]
    [InlineData(FuseOpcode.StatFs, 3u, 48)]
    [InlineData(FuseOpcode.StatFs, 4u, 80)]
    [InlineData(FuseOpcode.Statx, 45u, 288)]
    [InlineData(FuseOpcode.Ioctl, 45u, 16)]
    [InlineData(FuseOpcode.CuseInit, 45u, 72)]
    [InlineData(FuseOpcode.Read, 45u, 0)]
    [InlineData(FuseOpcode.GetXAttr, 45u, 0)]
    [InlineData(FuseOpcode.Release, 45u, 0)]
    [InlineData(FuseOpcode.CopyFileRange, 45u, 8)]
    [InlineData(FuseOpcode.CopyFileRange64, 45u, 8)]
    public void MinReplySize(FuseOpcode op, uint minor, int expected) =>
        Assert.Equal(expected, Get(op).MinReplySize(minor));

    [Fact]
    public void OnlyForgetsAndNotifyReplyGoUnanswered()
    {
        FuseOpcode[] noReply = OpcodeTable.All.ToArray().Where(r => !r.HasReply).Select(r => r.Opcode).ToArray();
        Assert.Equal(new[] { FuseOpcode.Forget, FuseOpcode.NotifyReply, FuseOpcode.BatchForget }, noReply);
        OpcodeInfo interrupt = Get(FuseOpcode.Interrupt);
        Assert.True(interrupt.HasReply);
        Assert.False(interrupt.ExpectsReply);
    }

    [Fact]
    public void TailsNameTheirLengthFields()
    {
        foreach (OpcodeInfo row in OpcodeTable.All)
        {
            bool needsLength = row.RequestTail is RequestTail.Data or RequestTail.Array or RequestTail.NameThenValue;
            Assert.Equal(needsLength, row.TailLengthOffset != OpcodeInfo.NoLengthField);
            Assert.Equal(row.RequestTail == RequestTail.Array, row.TailElement != StructId.None);
            Assert.Equal(row.RequestTail is RequestTail.Names or RequestTail.NameThenValue, row.NameCount > 0);
            if (needsLength)
            {
                StructLayout s = StructLayouts.Get(row.RequestStruct);
                Assert.Contains(s.Fields.ToArray(), f => f.Offset == row.TailLengthOffset && f.ElementSize == 4 && !f.IsPadding);
            }
        }
    }

    [Fact]
    public void ErrnoIsAHeaderRuleNotARow()
    {
        Assert.Equal(ArchValueKind.Errno, OutHeaderRule.ErrorFieldKind(1));
        Assert.Equal(ArchValueKind.None, OutHeaderRule.ErrorFieldKind(0));
        Assert.True(StructLayouts.Get(StructId.OutHeader).TryGetField("error", out FieldLayout error));
        Assert.Equal(OutHeaderRule.ErrorOffset, error.Offset);
        Assert.True(OutHeaderRule.IsValidReplyError(-511));
        Assert.False(OutHeaderRule.IsValidReplyError(-512));
        Assert.False(OutHeaderRule.IsValidReplyError(1));
    }

    [Fact]
    public void NotificationsHaveRowsAndNoArchFields()
    {
        foreach (FuseNotifyCode code in Enum.GetValues<FuseNotifyCode>())
        {
            Assert.True(NotifyTable.TryGet((int)code, out NotifyInfo info));
            Assert.Equal(code, info.Code);
            if (info.Body != StructId.None)
                Assert.DoesNotContain(StructLayouts.Get(info.Body).Fields.ToArray(), f => f.Kind != ArchValueKind.None);
        }
        Assert.False(NotifyTable.TryGet(0, out _));
        Assert.False(NotifyTable.TryGet(10, out _));
        Assert.False(NotifyTable.TryGet(-1, out _));
        Assert.Equal(17, NotifyTable.All[2].MinSize); // INVAL_ENTRY: struct + NUL
    }

    [Fact]
    public void LookupsDoNotAllocate()
    {
        int sum = 0;
        for (uint op = 0; op < 60; op++)
            Touch(op, ref sum); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 1000; round++)
        {
            for (uint op = 0; op < 60; op++)
                Touch(op, ref sum);
            Touch(4096, ref sum);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);

        static void Touch(uint op, ref int sum)
        {
            if (OpcodeTable.TryGetShape(op, 45, out OpcodeShape shape))
                sum += shape.MinRequestSize + shape.MinReplySize + shape.RequestArch.Offset;
        }
    }

    private static OpcodeInfo Get(FuseOpcode op)
    {
        Assert.True(OpcodeTable.TryGet((uint)op, out OpcodeInfo info));
        return info;
    }
}
