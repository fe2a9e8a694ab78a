using System;
using System.Runtime.InteropServices;
using FuseCanon.Arch;
using FuseCanon.Translation;

namespace FuseCanon.Native;

/// <summary>
/// C ABI of the architecture registry and the one-value translations (docs/scalar-abi.md has the header text).
/// Every export catches everything and returns Status.Internal or a safe default.
/// </summary>
internal static unsafe class ArchExports
{
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_arch_id_from_name")]
    private static uint IdFromName(byte* name)
    {
        try
        {
            if (name == null)
                return ArchId.Unknown;
            return ArchId.FromName(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));
        }
        catch { return ArchId.Unknown; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_arch_known")]
    private static int Known(uint id)
    {
        try { return ArchRegistry.IsKnown(id) ? 1 : 0; }
        catch { return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_arch_host")]
    private static uint Host()
    {
        try { return ArchRegistry.Host; }
        catch { return ArchId.Unknown; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_arch_name")]
    private static byte* Name(uint id)
    {
        try { return ArchRegistry.PrimaryName(id); }
        catch { return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_xlate_open_flags")]
    private static int OpenFlags(uint from, uint to, uint flags, uint* output)
    {
        try
        {
            if (output == null)
                return (int)Status.InvalidArgument;
            Status s = ScalarTranslator.OpenFlags(from, to, flags, out uint r);
            *output = r;
            return (int)s;
        }
        catch { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_xlate_errno")]
    private static int Errno(uint from, uint to, int err, int* output)
    {
        try
        {
            if (output == null)
                return (int)Status.InvalidArgument;
            Status s = ScalarTranslator.Errno(from, to, err, out int r);
            *output = r;
            return (int)s;
        }
        catch { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_xlate_lock_type")]
    private static int LockType(uint from, uint to, uint type, uint* output)
    {
        try
        {
            if (output == null)
                return (int)Status.InvalidArgument;
            Status s = ScalarTranslator.LockType(from, to, type, out uint r);
            *output = r;
            return (int)s;
        }
        catch { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_xlate_poll_events")]
    private static int PollEvents(uint from, uint to, uint events, uint* output)
    {
        try
        {
            if (output == null)
                return (int)Status.InvalidArgument;
            Status s = ScalarTranslator.PollEvents(from, to, events, out uint r);
            *output = r;
            return (int)s;
        }
        catch { return (int)Status.Internal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_xlate_ioctl_cmd")]
    private static int IoctlCmd(uint from, uint to, uint cmd, uint* output)
    {
        try
        {
            if (output == null)
                return (int)Status.InvalidArgument;
            Status s = ScalarTranslator.IoctlCmd(from, to, cmd, out uint r);
            *output = r;
            return (int)s;
        }
        catch { return (int)Status.Internal; }
    }
}
