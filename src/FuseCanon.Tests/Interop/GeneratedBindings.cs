using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using FuseCanon.BindGen;
using FuseCanon.Interop;

namespace FuseCanon.Tests.Interop;

/// <summary>Runs FuseCanon.BindGen (in process; it runs clang) on the headers the tests care about.</summary>
internal static class GeneratedBindings
{
    public static string CheckedInFile =>
        Path.Combine(RepoPaths.Root, "bindings", "csharp", "FuseCanon.Interop", "FuseCanonNative.g.cs");

    public static string FixtureHeader => Path.Combine(RepoPaths.Root, "bindings", "generator", "tests", "fixture.h");

    public static GeneratorOptions RealHeader(string? header = null) => new()
    {
        HeaderPath = header ?? RepoPaths.Header,
        OutputPath = CheckedInFile,
    };

    public static GeneratorOptions Fixture => new()
    {
        HeaderPath = FixtureHeader,
        OutputPath = Path.Combine(RepoPaths.Root, "bindings", "generator", "tests", "fixture.g.cs"),
        Namespace = "FuseCanon.BindGen.Fixture",
        ClassName = "FixtureNative",
        LibraryName = "fixture",
    };

    /// <summary>The Rust raw bindings of bindings/rust/fusecanon-sys.</summary>
    public static GeneratorOptions RustRealHeader => new()
    {
        HeaderPath = RepoPaths.Header,
        OutputPath = Path.Combine(RepoPaths.Root, "bindings", "rust", "fusecanon-sys", "src", "bindings.rs"),
        Language = OutputLanguage.Rust,
    };

    /// <summary>The Rust emitter's output for the fixture header (compiled and layout-tested by CTest rust.bindgen_fixture).</summary>
    public static GeneratorOptions RustFixture => new()
    {
        HeaderPath = FixtureHeader,
        OutputPath = Path.Combine(RepoPaths.Root, "bindings", "generator", "tests", "fixture.rs"),
        Language = OutputLanguage.Rust,
    };

    /// <summary>The kernel FUSE structs the Rust tests and example server use (from &lt;linux/fuse.h&gt;), and the
    /// example server's host facts (OFD locks, struct flock, struct pollfd, errno): generated like the bindings.</summary>
    public static GeneratorOptions[] RustSupportFiles => new[]
    {
        RustFrom(Path.Combine("bindings", "rust", "fusecanon", "tests", "support", "fuse_wire")),
        RustFrom(Path.Combine("bindings", "rust", "fusecanon", "examples", "e2e_server", "host")),
    };

    private static GeneratorOptions RustFrom(string stem) => new()
    {
        HeaderPath = Path.Combine(RepoPaths.Root, stem + ".h"),
        OutputPath = Path.Combine(RepoPaths.Root, stem + ".rs"),
        Language = OutputLanguage.Rust,
    };

    private static readonly ConcurrentDictionary<string, Lazy<HeaderModel>> Models = new();

    /// <summary>The parsed header, cached per path (each parse costs three clang runs).</summary>
    public static HeaderModel Model(GeneratorOptions options) =>
        Models.GetOrAdd(Path.GetFullPath(options.HeaderPath),
            _ => new Lazy<HeaderModel>(() => BindingGenerator.Read(options))).Value;

    /// <summary>The functions the compiled FuseCanon.Interop assembly binds, by entry point.</summary>
    public static SortedSet<string> BoundFunctions() =>
        new(typeof(FuseCanonNative).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Select(m => (Method: m, Import: m.GetCustomAttribute<LibraryImportAttribute>()))
                .Where(x => x.Import != null)
                .Select(x => x.Import!.EntryPoint ?? x.Method.Name),
            StringComparer.Ordinal);
}
