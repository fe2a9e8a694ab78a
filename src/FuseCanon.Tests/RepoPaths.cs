using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace FuseCanon.Tests;

/// <summary>Locations the build stamped into the test assembly (see FuseCanon.Tests.csproj).</summary>
internal static class RepoPaths
{
    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value ?? throw new InvalidOperationException(key);

    public static string Root => Metadata("RepoRoot");

    public static string Header => Path.Combine(Root, "include", "fusecanon.h");

    /// <summary>
    /// The libfusecanon.so under test: $FUSECANON_LIBRARY if set (scripts/test.sh sets it to the CMake
    /// build), else the copy this test project published into artifacts/native/.
    /// </summary>
    public static string NativeLibrary
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable("FUSECANON_LIBRARY");
            if (!string.IsNullOrEmpty(fromEnv))
                return fromEnv;
            return Path.Combine(Metadata("FuseCanonNativeDir"), "libfusecanon.so");
        }
    }
}
