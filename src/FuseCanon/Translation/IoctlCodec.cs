using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;

namespace FuseCanon.Translation;

/// <summary>
/// Re-encodes _IOC-encoded ioctl commands from one arch's encoding to another's: the direction and size fields are
/// re-encoded, type and number kept. Blittable.
/// <para>A direction value that is not NONE, READ, WRITE or READ|WRITE of the from-arch (e.g. 0 or 3 on powerpc,
/// where NONE is 1), a size larger than the to-arch's size field holds, or a type/number the to-arch cannot hold is
/// unknown: UnknownValue, and the result is the command unchanged.</para>
/// </summary>
/// <remarks>Layout is ABI: include/fusecanon.h mirrors it as a struct fusecanon_* (Fast path section); FastPathLayoutTests fails on drift.</remarks>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct IoctlCodec
{
    private const byte NoDir = 0xFF;
    private fixed byte _dirMap[8];
    private int _fromNrShift, _fromTypeShift, _fromSizeShift, _fromDirShift;
    private uint _fromNrMask, _fromTypeMask, _fromSizeMask, _fromDirMask;
    private int _toNrShift, _toTypeShift, _toSizeShift, _toDirShift;
    private uint _toNrMask, _toTypeMask, _toSizeMask;
    private int _valid;

    public readonly bool IsValid => _valid != 0;

    public readonly Status Translate(uint cmd, out uint result)
    {
        uint dir = (cmd >> _fromDirShift) & _fromDirMask;
        uint size = (cmd >> _fromSizeShift) & _fromSizeMask;
        uint type = (cmd >> _fromTypeShift) & _fromTypeMask;
        uint nr = (cmd >> _fromNrShift) & _fromNrMask;
        byte toDir;
        fixed (byte* d = _dirMap)
            toDir = dir < 8 ? d[dir] : NoDir;
        if (toDir == NoDir || size > _toSizeMask || type > _toTypeMask || nr > _toNrMask)
        {
            result = cmd;
            return Status.UnknownValue;
        }
        result = ((uint)toDir << _toDirShift) | (size << _toSizeShift) | (type << _toTypeShift) | (nr << _toNrShift);
        return Status.Ok;
    }

    public static void Build(ref IoctlCodec codec, int fromFamily, int toFamily)
    {
        const ConstantGroup g = ConstantGroup.IoctlEncoding;
        ReadOnlySpan<long> f = ConstantTables.Values(g, fromFamily);
        ReadOnlySpan<long> t = ConstantTables.Values(g, toFamily);
        codec._fromNrShift = (int)Get(f, "_IOC_NRSHIFT");
        codec._fromTypeShift = (int)Get(f, "_IOC_TYPESHIFT");
        codec._fromSizeShift = (int)Get(f, "_IOC_SIZESHIFT");
        codec._fromDirShift = (int)Get(f, "_IOC_DIRSHIFT");
        codec._fromNrMask = Mask(Get(f, "_IOC_NRBITS"));
        codec._fromTypeMask = Mask(Get(f, "_IOC_TYPEBITS"));
        codec._fromSizeMask = Mask(Get(f, "_IOC_SIZEBITS"));
        codec._fromDirMask = Mask(Get(f, "_IOC_DIRBITS"));
        codec._toNrShift = (int)Get(t, "_IOC_NRSHIFT");
        codec._toTypeShift = (int)Get(t, "_IOC_TYPESHIFT");
        codec._toSizeShift = (int)Get(t, "_IOC_SIZESHIFT");
        codec._toDirShift = (int)Get(t, "_IOC_DIRSHIFT");
        codec._toNrMask = Mask(Get(t, "_IOC_NRBITS"));
        codec._toTypeMask = Mask(Get(t, "_IOC_TYPEBITS"));
        codec._toSizeMask = Mask(Get(t, "_IOC_SIZEBITS"));
        long fn = Get(f, "_IOC_NONE"), fr = Get(f, "_IOC_READ"), fw = Get(f, "_IOC_WRITE");
        long tn = Get(t, "_IOC_NONE"), tr = Get(t, "_IOC_READ"), tw = Get(t, "_IOC_WRITE");
        fixed (byte* d = codec._dirMap)
        {
            for (int i = 0; i < 8; i++)
                d[i] = NoDir;
            Span<long> fromDirs = [fn, fr, fw, fr | fw];
            Span<long> toDirs = [tn, tr, tw, tr | tw];
            for (int i = 0; i < 4; i++)
            {
                if (fromDirs[i] < 8 && toDirs[i] <= Mask(Get(t, "_IOC_DIRBITS")))
                    d[(int)fromDirs[i]] = (byte)toDirs[i];
            }
        }
        codec._valid = 1;
    }

    private static uint Mask(long bits) => bits >= 32 ? uint.MaxValue : (1u << (int)bits) - 1;

    private static long Get(ReadOnlySpan<long> values, string name)
    {
        long v = values[ConstantTables.IndexOf(ConstantGroup.IoctlEncoding, name)];
        if (v < 0)
            throw new InvalidOperationException(name + " missing from the ioctl tables");
        return v;
    }
}
