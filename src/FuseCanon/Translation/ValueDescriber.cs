using System;
using System.Buffers.Binary;
using System.Text;
using FuseCanon.Arch;
using FuseCanon.Protocol;

namespace FuseCanon.Translation;

/// <summary>
/// Human-readable text for logs and debugging, like go-fuse's flag tables: a value in one arch's terms
/// ("O_RDONLY|O_DIRECT|O_LARGEFILE", "ENOTDIR", "F_RDLCK") and a message's header with its arch-specific field.
/// Names come from the generated tables; bits or values an arch does not name are printed as numbers.
/// Not a hot path: it writes into the caller's buffer and allocates nothing, but walks the name tables.
/// </summary>
public static partial class ValueDescriber
{
    /// <summary>
    /// Writes the description, NUL-terminated, into <paramref name="dst"/>; returns its length, or
    /// BufferTooSmall with the longest prefix that fits (still NUL-terminated) when dst is too short.
    /// </summary>
    public static int Describe(uint arch, ConstantGroup group, long value, Span<byte> dst)
    {
        if (group > ConstantGroup.PollEvents)
            return (int)Status.InvalidArgument;
        if (!ArchRegistry.TryGetInfo(arch, out ArchInfo info))
            return (int)Status.UnknownArch;
        var w = new TextWriter(dst);
        Write(ref w, info.Family(group), group, value);
        return w.Finish();
    }

    private static void Write(ref TextWriter w, int family, ConstantGroup group, long value)
    {
        string[] names = ConstantTables.Names(group);
        ReadOnlySpan<long> values = ConstantTables.Values(group, family);
        if (group is ConstantGroup.Errno or ConstantGroup.LockTypes)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (values[i] == value && !ConstantTables.IsAliasIn(group, family, i))
                {
                    w.Append(names[i]);
                    return;
                }
            }
            w.AppendNumber(value, hex: false);
            return;
        }

        uint rest = (uint)value;
        bool any = false;
        if (group == ConstantGroup.OpenFlags)
        {
            // The access mode is a two-bit number, not flags.
            int acc = ConstantTables.IndexOf(group, "O_ACCMODE");
            uint mask = acc >= 0 && values[acc] > 0 ? (uint)values[acc] : 0;
            uint mode = rest & mask;
            string[] modes = ["O_RDONLY", "O_WRONLY", "O_RDWR"];
            foreach (string m in modes)
            {
                int i = ConstantTables.IndexOf(group, m);
                if (i >= 0 && values[i] == mode)
                {
                    w.Append(m);
                    any = true;
                    rest &= ~mask;
                    break;
                }
            }
        }
        // Greedy, widest first, so composites (O_SYNC, O_TMPFILE) print as themselves, not as their parts.
        while (rest != 0)
        {
            int best = -1, bestBits = 0;
            for (int i = 0; i < names.Length; i++)
            {
                long v = values[i];
                if (v <= 0 || ConstantTables.IsAliasIn(group, family, i) || names[i] is "O_ACCMODE" or "O_RDONLY" or "O_WRONLY" or "O_RDWR")
                    continue;
                if (((uint)v & rest) == (uint)v && System.Numerics.BitOperations.PopCount((ulong)v) > bestBits)
                {
                    best = i;
                    bestBits = System.Numerics.BitOperations.PopCount((ulong)v);
                }
            }
            if (best < 0)
                break;
            if (any) w.Append("|");
            w.Append(names[best]);
            any = true;
            rest &= ~(uint)values[best];
        }
        if (rest != 0 || !any)
        {
            if (any) w.Append("|");
            w.AppendNumber(rest, hex: true);
        }
    }

    /// <summary>"FUSE_OPEN unique=7 nodeid=1 flags=O_RDONLY|O_DIRECT" for a request in this host's byte order.</summary>
    public static int DescribeRequest(uint arch, ReadOnlySpan<byte> msg, Span<byte> dst)
    {
        if (!ArchRegistry.TryGetInfo(arch, out ArchInfo info))
            return (int)Status.UnknownArch;
        if (msg.Length < 40)
            return (int)Status.Truncated;
        uint opcode = BinaryPrimitives.ReadUInt32LittleEndian(msg[4..]);
        var w = new TextWriter(dst);
        bool known = OpcodeTable.TryGet(opcode, out OpcodeInfo op);
        if (OpcodeTable.TryGetShape(opcode, FuseConstants.KernelMinorVersion, out OpcodeShape shape) && known)
            w.Append(op.Name);
        else
        {
            w.Append("opcode ");
            w.AppendNumber(opcode, hex: false);
        }
        w.Append(" len=");
        w.AppendNumber(BinaryPrimitives.ReadUInt32LittleEndian(msg), hex: false);
        w.Append(" unique=");
        w.AppendNumber((long)BinaryPrimitives.ReadUInt64LittleEndian(msg[8..]), hex: false);
        w.Append(" nodeid=");
        w.AppendNumber((long)BinaryPrimitives.ReadUInt64LittleEndian(msg[16..]), hex: false);
        ArchField f = shape.RequestArch;
        if (f.IsPresent && msg.Length >= 40 + f.Offset + 4)
            Field(ref w, info, f.Kind, BinaryPrimitives.ReadUInt32LittleEndian(msg[(40 + f.Offset)..]), reply: false);
        if (opcode == (uint)FuseOpcode.Init)
            InitRequest(ref w, msg[40..]);
        else if (known && op.NameCount > 0)
            Names(ref w, in op, msg);
        return w.Finish();
    }

    /// <summary>"reply to FUSE_GETLK unique=7 error=0 lk.type=F_RDLCK" / "... error=-ENOTDIR" / "notification 2".</summary>
    public static int DescribeReply(uint arch, uint opcode, ReadOnlySpan<byte> msg, Span<byte> dst)
    {
        if (!ArchRegistry.TryGetInfo(arch, out ArchInfo info))
            return (int)Status.UnknownArch;
        if (msg.Length < 16)
            return (int)Status.Truncated;
        var w = new TextWriter(dst);
        ulong unique = BinaryPrimitives.ReadUInt64LittleEndian(msg[8..]);
        int error = BinaryPrimitives.ReadInt32LittleEndian(msg[4..]);
        if (unique == 0)
        {
            w.Append("notification ");
            if (NotifyTable.TryGet(error, out NotifyInfo notify))
                w.Append(notify.Name);
            else
                w.AppendNumber(error, hex: false);
            return w.Finish();
        }
        w.Append("reply to ");
        bool known = OpcodeTable.TryGet(opcode, out OpcodeInfo op);
        if (known) w.Append(op.Name);
        else w.AppendNumber(opcode, hex: false);
        w.Append(" unique=");
        w.AppendNumber((long)unique, hex: false);
        w.Append(" error=");
        if (error < 0)
        {
            w.Append("-");
            Write(ref w, info.Family(ConstantGroup.Errno), ConstantGroup.Errno, -(long)error);
        }
        else
        {
            w.AppendNumber(error, hex: false);
            if (known && op.At(FuseConstants.KernelMinorVersion).ReplyArch is { IsPresent: true } f && msg.Length >= 16 + f.Offset + 4)
                Field(ref w, info, f.Kind, BinaryPrimitives.ReadUInt32LittleEndian(msg[(16 + f.Offset)..]), reply: true);
            if (opcode == (uint)FuseOpcode.Init)
                InitReply(ref w, msg[16..]);
        }
        return w.Finish();
    }

    private static void Field(ref TextWriter w, ArchInfo info, ArchValueKind kind, uint value, bool reply)
    {
        (string label, ConstantGroup g) = kind switch
        {
            ArchValueKind.OpenFlags => (" flags=", ConstantGroup.OpenFlags),
            ArchValueKind.LockType => (" lk.type=", ConstantGroup.LockTypes),
            ArchValueKind.PollEvents => (reply ? " revents=" : " events=", ConstantGroup.PollEvents),
            _ => (" cmd=", ConstantGroup.IoctlEncoding),
        };
        w.Append(label);
        if (g == ConstantGroup.IoctlEncoding)
            w.AppendNumber(value, hex: true);
        else
            Write(ref w, info.Family(g), g, value);
    }

    /// <summary>Appends UTF-8 into a fixed buffer, keeping one byte for the NUL; remembers overflow.</summary>
    private ref struct TextWriter
    {
        private readonly Span<byte> _dst;
        private int _length;
        private bool _overflow;

        public TextWriter(Span<byte> dst)
        {
            _dst = dst;
            _length = 0;
            _overflow = dst.IsEmpty;
        }

        public void Append(string s)
        {
            foreach (char c in s)
                Put((byte)c);
        }

        /// <summary>A 64-bit value in hex ("0x8000000000000000").</summary>
        public void AppendHex64(ulong v)
        {
            Span<byte> tmp = stackalloc byte[24];
            bool ok = System.Buffers.Text.Utf8Formatter.TryFormat(v, tmp, out int n, new System.Buffers.StandardFormat('x'));
            Put((byte)'0');
            Put((byte)'x');
            for (int i = 0; ok && i < n; i++)
                Put(tmp[i]);
        }

        public void AppendByte(byte b) => Put(b);

        public void AppendNumber(long v, bool hex)
        {
            Span<byte> tmp = stackalloc byte[24];
            bool ok = hex ? System.Buffers.Text.Utf8Formatter.TryFormat((ulong)(uint)v, tmp, out int n, new System.Buffers.StandardFormat('x'))
                          : System.Buffers.Text.Utf8Formatter.TryFormat(v, tmp, out n);
            if (hex) { Put((byte)'0'); Put((byte)'x'); }
            for (int i = 0; ok && i < n; i++)
                Put(tmp[i]);
        }

        private void Put(byte b)
        {
            if (_length < _dst.Length - 1)
                _dst[_length++] = b;
            else
                _overflow = true;
        }

        public int Finish()
        {
            if (!_dst.IsEmpty)
                _dst[_length] = 0;
            return _overflow ? (int)Status.BufferTooSmall : _length;
        }
    }
}
