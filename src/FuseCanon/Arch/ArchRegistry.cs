using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using FuseCanon.Tables;

namespace FuseCanon.Arch;

/// <summary>
/// The known architectures: every <c>uname -m</c> spelling of a Linux architecture with a Debian port
/// (src/FuseCanon.TableGen/uname-names.json), plus the canonical pseudo arch (asm-generic values, little-endian).
/// </summary>
public static unsafe partial class ArchRegistry
{
    private static uint s_host;

    /// <summary>Index of a known uname name with this id, or -1.</summary>
    internal static int IndexOf(uint id)
    {
        if (id == ArchId.Unknown)
            return -1;
        uint[] ids = ArchTables.UnameIds;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] == id)
                return i;
        }
        return -1;
    }

    /// <summary>True for the id of a known name and for <see cref="ArchId.Canonical"/>.</summary>
    public static bool IsKnown(uint id) => id == ArchId.Canonical || IndexOf(id) >= 0;

    public static bool TryGetInfo(uint id, out ArchInfo info)
    {
        if (id == ArchId.Canonical)
        {
            info = new ArchInfo(id, ArchTables.CanonicalDebianArch, Endianness.Little, 0);
            return true;
        }
        int i = IndexOf(id);
        if (i < 0)
        {
            info = default;
            return false;
        }
        info = new ArchInfo(id, ArchTables.UnameDebianArch[i], (Endianness)ArchTables.UnameByteOrder[i], ArchTables.UnameWordBits[i]);
        return true;
    }

    /// <summary>
    /// The name an id is the hash of, as a static NUL-terminated UTF-8 string ("canonical" for the pseudo arch),
    /// or null for an unknown id. The pointer stays valid for the life of the process (it points into the image's
    /// read-only data) and may be handed to C.
    /// </summary>
    public static byte* PrimaryName(uint id)
    {
        if (id == ArchId.Canonical)
            return Pointer("canonical\0"u8);
        int i = IndexOf(id);
        return i < 0 ? null : Pointer(ArchTables.UnameNamesUtf8.Slice(ArchTables.UnameNameOffsets[i]));
    }

    /// <summary>The name of a known id as a managed string (null when unknown).</summary>
    public static string? Name(uint id)
    {
        byte* p = PrimaryName(id);
        return p == null ? null : Marshal.PtrToStringUTF8((IntPtr)p);
    }

    private static byte* Pointer(ReadOnlySpan<byte> staticData) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(staticData));

    /// <summary>The id of this machine's <c>uname -m</c> (may be a name the registry does not know; 0 if uname fails).</summary>
    public static uint Host
    {
        get
        {
            uint h = Volatile.Read(ref s_host);
            if (h == 0)
            {
                h = ReadHost();
                Volatile.Write(ref s_host, h);
            }
            return h;
        }
    }

    private static uint ReadHost()
    {
        // struct utsname on Linux: six 65-byte fields (sysname, nodename, release, version, machine, domainname).
        const int FieldLength = 65;
        byte* buf = stackalloc byte[FieldLength * 6 + 64];
        new Span<byte>(buf, FieldLength * 6 + 64).Clear();
        int rc;
        try
        {
            rc = Uname(buf);
        }
        catch (DllNotFoundException)
        {
            rc = UnameFallback(buf);
        }
        if (rc != 0)
            return ArchId.Unknown;
        var machine = new ReadOnlySpan<byte>(buf + FieldLength * 4, FieldLength);
        int end = machine.IndexOf((byte)0);
        return ArchId.FromName(end < 0 ? machine : machine.Slice(0, end));
    }

    [LibraryImport("libc.so.6", EntryPoint = "uname")]
    private static partial int Uname(byte* buf);

    [LibraryImport("libc", EntryPoint = "uname")]
    private static partial int UnameFallback(byte* buf);
}
