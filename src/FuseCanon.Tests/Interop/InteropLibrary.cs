using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FuseCanon.Interop;
using FuseCanon.Tests.Native;
using Xunit;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Points the generated bindings (FuseCanon.Interop, <c>[LibraryImport("fusecanon")]</c>) at the real
/// libfusecanon.so under test: <see cref="RepoPaths.NativeLibrary"/>, i.e. $FUSECANON_LIBRARY (the CMake
/// build under scripts/test.sh) or the copy this test project published.
/// </summary>
internal static unsafe class InteropLibrary
{
    /// <summary>The library NativeLib loaded (dlopen hands out the same handle for the same file).</summary>
    private static readonly Lazy<IntPtr> Handle = new(() =>
    {
        NativeLib.TryExport("fusecanon_version", out _); // loads it, or explains where it was looked for
        return NativeLibrary.Load(NativeLib.Path);
    });

#pragma warning disable CA2255 // a test assembly is exactly where a module initializer belongs
    [ModuleInitializer]
    internal static void InstallResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(FuseCanonNative).Assembly, Resolve);
#pragma warning restore CA2255

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == FuseCanonNative.LibraryName ? Handle.Value : IntPtr.Zero;

    /// <summary>Whether the library under test exports <paramref name="name"/>.</summary>
    public static bool Exports(string name) => NativeLib.TryExport(name, out _);

    /// <summary>A static or session-owned C string returned by the library.</summary>
    public static string Utf8(byte* text)
    {
        Assert.True(text != null, "the library returned NULL where the header promises a string");
        return Marshal.PtrToStringUTF8((nint)text)!;
    }
}

/// <summary>
/// A test of exports the header declares: skipped (not failed) while the library under test does not
/// export them yet. ExportConsistencyTests is what fails in that case, once, with the list of names.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExportFactAttribute : FactAttribute
{
    public ExportFactAttribute(params string[] exports)
    {
        foreach (string export in exports)
        {
            if (!InteropLibrary.Exports(export))
            {
                Skip = $"{export} is declared in include/fusecanon.h but not exported by {RepoPaths.NativeLibrary} yet";
                return;
            }
        }
    }
}
