using System;
using System.Buffers.Binary;
using FuseCanon.Arch;
using FuseCanon.Protocol;
using FuseCanon.Session;

namespace FuseCanon.Translation;

/// <summary>
/// What the describe functions add after a message's header: the INIT handshake (major.minor, INIT flags by
/// name, FuseCanon's arch_id and canonical flag under either profile) and the names a request carries.
/// </summary>
public static partial class ValueDescriber
{
    /// <summary>Bytes of one name printed before "..." (a log line stays a line).</summary>
    public const int MaxNameBytes = 64;

    /// <summary>" major.minor=7.45 flags=FUSE_ASYNC_READ|... arch_id=aarch64 canonical" of a fuse_init_in body.</summary>
    private static void InitRequest(ref TextWriter w, ReadOnlySpan<byte> body)
    {
        if (!Version(ref w, body))
            return;
        if (body.Length < 16)
            return;
        ulong flags = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
        bool full = body.Length >= InitProfiles.InitInFullSize;
        if (full && (flags & FuseInitFlags.InitExt) != 0)
            flags |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(body[InitProfiles.InitInFlags2Offset..]) << 32;
        InitFlags(ref w, flags);
        if (!full)
            return;
        foreach (InitProfile p in (ReadOnlySpan<InitProfile>)[InitProfile.Default, InitProfile.Seed2024])
        {
            uint arch = BinaryPrimitives.ReadUInt32LittleEndian(body[InitProfiles.ArchIdOffset(p)..]);
            if (arch == 0)
                continue;
            w.Append(p == InitProfile.Default ? " arch_id=" : " seed_arch_id=");
            ArchName(ref w, arch);
            if ((flags & (1UL << InitProfiles.FlagBit(p))) != 0)
                w.Append(p == InitProfile.Default ? " canonical" : " seed_canonical");
        }
    }

    /// <summary>" major.minor=7.31 flags=..." of a fuse_init_out body (flags2 from the 64-byte layout).</summary>
    private static void InitReply(ref TextWriter w, ReadOnlySpan<byte> body)
    {
        if (!Version(ref w, body) || body.Length < 16)
            return;
        ulong flags = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
        if (body.Length >= InitProfiles.InitOutFlags2Offset + 4 && (flags & FuseInitFlags.InitExt) != 0)
            flags |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(body[InitProfiles.InitOutFlags2Offset..]) << 32;
        InitFlags(ref w, flags);
        if ((flags & (1UL << InitProfiles.FlagBit(InitProfile.Default))) != 0)
            w.Append(" canonical");
    }

    private static bool Version(ref TextWriter w, ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
            return false;
        w.Append(" major.minor=");
        w.AppendNumber(BinaryPrimitives.ReadUInt32LittleEndian(body), hex: false);
        w.Append(".");
        w.AppendNumber(BinaryPrimitives.ReadUInt32LittleEndian(body[4..]), hex: false);
        return true;
    }

    /// <summary>" flags=A|B|0x..." : named bits in bit order, FuseCanon's own bit 63 left to " canonical".</summary>
    private static void InitFlags(ref TextWriter w, ulong flags)
    {
        w.Append(" flags=");
        ulong canonical = 1UL << InitProfiles.FlagBit(InitProfile.Default);
        ulong rest = flags & ~canonical;
        bool any = false;
        string[] names = FuseInitFlags.Names;
        for (int b = 0; b < names.Length; b++)
        {
            if ((rest & (1UL << b)) == 0)
                continue;
            if (any) w.Append("|");
            w.Append(names[b]);
            any = true;
            rest &= ~(1UL << b);
        }
        if (rest != 0 || !any)
        {
            if (any) w.Append("|");
            w.AppendHex64(rest);
        }
    }

    private static unsafe void ArchName(ref TextWriter w, uint arch)
    {
        byte* p = ArchRegistry.PrimaryName(arch);
        if (p == null || arch == ArchId.Canonical)
        {
            w.AppendNumber(arch, hex: true);
            return;
        }
        for (; *p != 0; p++)
            w.AppendByte(*p);
    }

    /// <summary>
    /// The names after the opcode's fixed struct (7.45 size) and before the extension area: name="..." (a
    /// second one newname= for RENAME/RENAME2, target= for SYMLINK). Each is cut at <see cref="MaxNameBytes"/>
    /// ("..."), escaped (\", \\, \xHH outside printable ASCII), and marked unterminated without its NUL.
    /// </summary>
    private static void Names(ref TextWriter w, in OpcodeInfo op, ReadOnlySpan<byte> msg)
    {
        int start = FuseConstants.InHeaderSize + StructLayouts.SizeOf(op.RequestStruct);
        int len = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(msg), (uint)msg.Length);
        int end = len - BinaryPrimitives.ReadUInt16LittleEndian(msg[36..]) * 8;
        if (start >= end)
            return;
        ReadOnlySpan<byte> rest = msg[start..end];
        for (int k = 0; k < op.NameCount && !rest.IsEmpty; k++)
        {
            w.Append(k == 0 ? " name=\"" : op.Opcode == FuseOpcode.Symlink ? " target=\"" : " newname=\"");
            int nul = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> name = nul < 0 ? rest : rest[..nul];
            for (int i = 0; i < name.Length && i < MaxNameBytes; i++)
                Escaped(ref w, name[i]);
            w.Append("\"");
            if (name.Length > MaxNameBytes)
                w.Append("...");
            if (nul < 0)
            {
                w.Append(" (unterminated)");
                return;
            }
            rest = rest[(nul + 1)..];
        }
    }

    private static void Escaped(ref TextWriter w, byte b)
    {
        if (b == (byte)'"' || b == (byte)'\\')
        {
            w.AppendByte((byte)'\\');
            w.AppendByte(b);
        }
        else if (b >= 0x20 && b < 0x7F)
        {
            w.AppendByte(b);
        }
        else
        {
            w.Append("\\x");
            w.AppendByte((byte)"0123456789abcdef"[b >> 4]);
            w.AppendByte((byte)"0123456789abcdef"[b & 0xF]);
        }
    }
}
