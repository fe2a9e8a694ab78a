using System;
using System.Collections.Generic;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>
/// Whole FUSE messages built from the schema with random field values (seeded). The same seed gives the
/// same values in either byte order, so a message built big-endian must equal the little-endian one
/// swapped.
/// </summary>
internal static class FuseMessages
{
    public const int IoctlRetry = 1 << 2;

    /// <summary>A request for <paramref name="info"/> at <paramref name="minor"/>, optionally with an extension area.</summary>
    public static WireBuilder Request(OpcodeInfo info, uint minor, ulong initFlags, bool bigEndian, int seed, bool withExtensions)
    {
        var rng = new Random(seed);
        var b = new WireBuilder(bigEndian, rng);
        b.Struct(StructId.InHeader, new Dictionary<int, ulong> { [4] = (uint)info.Opcode, [36] = 0 });

        if (info.Opcode == FuseOpcode.Init)
        {
            b.Struct(StructId.InitIn, StructLayouts.Get(StructId.InitIn).SizeAtMinor(minor),
                new Dictionary<int, ulong> { [0] = FuseConstants.KernelVersion, [4] = minor });
        }
        else
        {
            StructId sid = info.RequestStruct;
            int size = sid == StructId.None ? 0 : StructLayouts.Get(sid).SizeAt(minor, initFlags);
            var set = new Dictionary<int, ulong>();
            int tailLength = 0;
            switch (info.RequestTail)
            {
                case RequestTail.Data:
                case RequestTail.NameThenValue:
                    tailLength = rng.Next(0, 48);
                    set[info.TailLengthOffset] = (ulong)tailLength;
                    break;
                case RequestTail.Array:
                    tailLength = rng.Next(0, 6);
                    set[info.TailLengthOffset] = (ulong)tailLength;
                    break;
            }
            if (size > 0)
                b.Struct(sid, size, set);
            switch (info.RequestTail)
            {
                case RequestTail.Names:
                    for (int i = 0; i < info.NameCount; i++)
                        b.Name();
                    break;
                case RequestTail.NameThenValue:
                    b.Name();
                    b.RandomBytes(tailLength);
                    break;
                case RequestTail.Data:
                    b.RandomBytes(tailLength);
                    break;
                case RequestTail.Array:
                    for (int i = 0; i < tailLength; i++)
                        b.Struct(info.TailElement);
                    break;
            }
        }

        if (withExtensions)
        {
            int extStart = b.Position;
            Extensions(b, rng);
            b.Patch(36, (ulong)((b.Position - extStart) / 8));
        }
        b.Patch(0, (ulong)b.Position);
        return b;
    }

    /// <summary>
    /// An extension area: an empty security-context header, one with a context, supplementary groups,
    /// and a record of an unknown type (header only swapped, payload opaque).
    /// </summary>
    public static void Extensions(WireBuilder b, Random rng)
    {
        // fuse_secctx_header with nr_secctx = 0.
        b.Struct(StructId.SecctxHeader, new Dictionary<int, ulong> { [0] = 8, [4] = 0 });

        // fuse_secctx_header, nr_secctx = 1: fuse_secctx + name + context, padded to 8.
        int start = b.Struct(StructId.SecctxHeader, new Dictionary<int, ulong> { [0] = 0, [4] = 1 });
        int ctxLen = rng.Next(1, 30);
        b.Struct(StructId.Secctx, new Dictionary<int, ulong> { [0] = (ulong)ctxLen });
        b.Name();
        b.RandomBytes(ctxLen);
        b.Align8(start);
        b.Patch(start, (ulong)(b.Position - start));

        // FUSE_EXT_GROUPS: fuse_ext_header + fuse_supp_groups + groups[], padded to 8.
        start = b.Struct(StructId.ExtHeader, new Dictionary<int, ulong> { [0] = 0, [4] = (uint)FuseExtensionType.Groups });
        int groups = rng.Next(0, 5);
        b.Struct(StructId.SuppGroups, new Dictionary<int, ulong> { [0] = (ulong)groups });
        for (int i = 0; i < groups; i++)
            b.Scalar(4, b.Random(4));
        b.Align8(start);
        b.Patch(start, (ulong)(b.Position - start));

        // An unknown type: only its header is known.
        start = b.Struct(StructId.ExtHeader, new Dictionary<int, ulong> { [0] = 24, [4] = 77 });
        b.RandomBytes(16);
    }

    /// <summary>fuse_out_header with the given error and unique; len is patched by <see cref="Finish"/>.</summary>
    public static WireBuilder ReplyHeader(bool bigEndian, int seed, int error, ulong unique, out Random rng)
    {
        rng = new Random(seed);
        var b = new WireBuilder(bigEndian, rng);
        b.Struct(StructId.OutHeader, new Dictionary<int, ulong> { [4] = (uint)error, [8] = unique });
        return b;
    }

    public static WireBuilder Finish(WireBuilder b)
    {
        b.Patch(0, (ulong)b.Position);
        return b;
    }

    /// <summary>What a successful reply body looks like, one variant per ambiguous shape.</summary>
    public enum ReplyVariant { Plain, XattrSize, XattrData, IoctlData, IoctlRetry }

    /// <summary>A successful reply (error 0) to <paramref name="info"/> at <paramref name="minor"/>.</summary>
    public static WireBuilder Reply(OpcodeInfo info, uint minor, bool bigEndian, int seed, ReplyVariant variant)
    {
        WireBuilder b = ReplyHeader(bigEndian, seed, 0, 0x1234_5678_9ABC_DEF0UL + (ulong)seed, out Random rng);
        switch (info.ReplyKind)
        {
            case ReplyKind.HeaderOnly:
            case ReplyKind.OptionalHeaderOnly:
                break;
            case ReplyKind.Struct:
                if (info.Opcode == FuseOpcode.Init)
                {
                    b.Struct(info.ReplyStruct, StructLayouts.Get(info.ReplyStruct).SizeAtMinor(minor));
                    break;
                }
                b.Struct(info.ReplyStruct, StructLayouts.Get(info.ReplyStruct).SizeAtMinor(minor));
                if (info.ReplyStruct2 != StructId.None)
                    b.Struct(info.ReplyStruct2, StructLayouts.Get(info.ReplyStruct2).SizeAtMinor(minor));
                break;
            case ReplyKind.Data:
                b.RandomBytes(rng.Next(0, 64));
                break;
            case ReplyKind.XattrSizeOrData:
                if (variant == ReplyVariant.XattrSize)
                    b.Struct(info.ReplyStruct);
                else
                    b.RandomBytes(rng.Next(0, 64));
                break;
            case ReplyKind.IoctlOut:
                if (variant == ReplyVariant.IoctlRetry)
                {
                    int inIovs = rng.Next(0, 4), outIovs = rng.Next(1, 4);
                    b.Struct(info.ReplyStruct, new Dictionary<int, ulong>
                        { [4] = (ulong)(IoctlRetry | (rng.Next() & ~0x1C)), [8] = (ulong)inIovs, [12] = (ulong)outIovs });
                    for (int i = 0; i < inIovs + outIovs; i++)
                        b.Struct(StructId.IoctlIovec);
                }
                else
                {
                    b.Struct(info.ReplyStruct, new Dictionary<int, ulong> { [4] = (ulong)(rng.Next() & ~IoctlRetry) });
                    b.RandomBytes(rng.Next(0, 40));
                }
                break;
            case ReplyKind.Dirents:
                Dirents(b, rng, StructId.Dirent, 16, rng.Next(1, 6));
                break;
            case ReplyKind.DirentsPlus:
                Dirents(b, rng, StructId.Direntplus, 144, rng.Next(1, 6));
                break;
            case ReplyKind.StructThenStrings:
                b.Struct(info.ReplyStruct);
                b.Name(60);
                b.Name(60);
                break;
            default:
                throw new InvalidOperationException(info.ReplyKind.ToString());
        }
        return Finish(b);
    }

    /// <summary><paramref name="count"/> records with names of 1..40 bytes, each padded to 8 with zeros.</summary>
    public static void Dirents(WireBuilder b, Random rng, StructId record, int namelenOffset, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int namelen = rng.Next(1, 41);
            int start = b.Struct(record, new Dictionary<int, ulong> { [namelenOffset] = (ulong)namelen });
            b.RandomBytes(namelen);
            b.Align8(start);
        }
    }

    /// <summary>A notification (unique 0, error = code) with a body that fits its row.</summary>
    public static WireBuilder Notification(NotifyInfo n, bool bigEndian, int seed)
    {
        WireBuilder b = ReplyHeader(bigEndian, seed, (int)n.Code, 0, out Random rng);
        var set = new Dictionary<int, ulong>();
        int tail = 0;
        if (n.Tail != RequestTail.None)
        {
            tail = rng.Next(n.Tail == RequestTail.Names ? 1 : 0, 30);
            set[n.TailLengthOffset] = (ulong)tail;
        }
        if (n.Body != StructId.None)
            b.Struct(n.Body, set);
        switch (n.Tail)
        {
            case RequestTail.Names:
                b.RandomBytes(tail, noZero: true);
                b.Raw([0]);
                break;
            case RequestTail.Data:
                b.RandomBytes(tail);
                break;
            case RequestTail.Array:
                for (int i = 0; i < tail; i++)
                    b.Scalar(n.TailElementSize, b.Random(n.TailElementSize));
                break;
        }
        return Finish(b);
    }

    public static ReplyHint HintFor(ReplyVariant v) => v switch
    {
        ReplyVariant.XattrSize => ReplyHint.XattrSize,
        ReplyVariant.XattrData => ReplyHint.XattrData,
        _ => ReplyHint.None,
    };
}
