using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FuseCanon.Native;

/// <summary>
/// Library-wide exports: version and error texts. Every export in this assembly catches everything: a managed
/// exception that reached the C caller would terminate its process (a test scans the sources to enforce it).
/// </summary>
internal static unsafe class LibraryExports
{
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_version")]
    private static uint Version()
    {
        try { return LibraryVersion.Number; }
        catch { return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_version_string")]
    private static byte* VersionString()
    {
        try { return StatusText.Pointer(LibraryVersion.Text); }
        catch { return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_is_error")]
    private static int IsError(int code)
    {
        try { return code < 0 ? 1 : 0; }
        catch { return 1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_error_name")]
    private static byte* ErrorName(int code)
    {
        try { return StatusText.Pointer(StatusText.Name(code)); }
        catch { return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "fusecanon_strerror")]
    private static byte* StrError(int code)
    {
        try { return StatusText.Pointer(StatusText.Describe(code)); }
        catch { return null; }
    }

    /// <summary>
    /// Proves the exception barrier from C: throws inside the library and returns what the caller receives.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "fusecanon_barrier_selftest")]
    private static int BarrierSelfTest(int kind)
    {
        try
        {
            return FaultInjection.Raise(kind);
        }
        catch (Exception)
        {
            return (int)Status.Internal;
        }
    }
}
