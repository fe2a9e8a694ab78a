using System;
using System.IO;
using System.Runtime.InteropServices;

namespace FuseCanon.Tests.Native;

/// <summary>
/// Loads the real AOT-compiled libfusecanon.so once per test process with NativeLibrary.Load (the role
/// CppSharp would otherwise play) and hands out its exports.
/// </summary>
internal static class NativeLib
{
    private static readonly Lazy<IntPtr> Handle = new(() =>
    {
        string path = RepoPaths.NativeLibrary;
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"libfusecanon.so not found at {path}; build it (cmake --build build) or set FUSECANON_LIBRARY", path);
        return NativeLibrary.Load(path);
    });

    public static IntPtr Export(string name) => NativeLibrary.GetExport(Handle.Value, name);

    public static bool TryExport(string name, out IntPtr address) =>
        NativeLibrary.TryGetExport(Handle.Value, name, out address);

    public static string Path => RepoPaths.NativeLibrary;
}
