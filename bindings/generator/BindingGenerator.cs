using System;
using System.IO;
using System.Text;

namespace FuseCanon.BindGen;

/// <summary>The language the generator writes.</summary>
public enum OutputLanguage
{
    /// <summary>C#: [LibraryImport] functions, blittable structs, a CheckLayout() method.</summary>
    CSharp,

    /// <summary>Rust: an extern "C" block, #[repr(C)] structs, compile-time size and #[test] layout checks.</summary>
    Rust,
}

/// <summary>What to read and how to name the output.</summary>
public sealed class GeneratorOptions
{
    public const string DefaultNamespace = "FuseCanon.Interop";
    public const string DefaultClassName = "FuseCanonNative";
    public const string DefaultLibraryName = "fusecanon";

    public required string HeaderPath { get; init; }

    /// <summary>Where the output goes; only used to print the regeneration command in its header comment.</summary>
    public required string OutputPath { get; init; }

    public string Namespace { get; init; } = DefaultNamespace;
    public string ClassName { get; init; } = DefaultClassName;
    public string LibraryName { get; init; } = DefaultLibraryName;
    public OutputLanguage Language { get; init; } = OutputLanguage.CSharp;

    /// <summary>The clang executable; null: $FUSECANON_CLANG, else clang-14 or clang on PATH.</summary>
    public string? ClangPath { get; init; }

    /// <summary>The directory paths in the output are relative to: the repository (the nearest directory
    /// above the header holding FuseCanonNative.sln), so that the output does not depend on the checkout.</summary>
    public string RepoRoot => FindRoot(Path.GetDirectoryName(Path.GetFullPath(HeaderPath))!);

    public string HeaderDisplayName => Relative(HeaderPath);

    public string RegenerateCommand
    {
        get
        {
            var sb = new StringBuilder("dotnet run --project bindings/generator -- ");
            if (Language == OutputLanguage.Rust) sb.Append("--lang rust ");
            sb.Append("--header ").Append(Relative(HeaderPath)).Append(" --out ").Append(Relative(OutputPath));
            if (Namespace != DefaultNamespace) sb.Append(" --namespace ").Append(Namespace);
            if (ClassName != DefaultClassName) sb.Append(" --class ").Append(ClassName);
            if (LibraryName != DefaultLibraryName) sb.Append(" --library ").Append(LibraryName);
            return sb.ToString();
        }
    }

    private string Relative(string path) =>
        Path.GetRelativePath(RepoRoot, Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot(string start)
    {
        for (string? dir = start; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "FuseCanonNative.sln")))
                return dir;
        }
        return start;
    }
}

/// <summary>
/// Generates C# interop from a C header.
///
/// Why the clang executable and not libclang: ClangSharp (the usual libclang binding) is not in the
/// NuGet mirror, and P/Invoking libclang-14 by hand would need Debian's libclang1-14 package plus a few
/// hundred lines of cursor-visiting code.  The clang-14 binary is already a build dependency (Native AOT
/// links with it) and its JSON AST dump has everything needed: declarations, types as clang spells them,
/// doc comments, and the values of constant expressions.  Macros are not in the AST, so they come from
/// <c>clang -E -dD</c>; their values, and the exact size and offsets of every struct, come from a probe
/// translation unit that clang itself evaluates — the generator never does C arithmetic or layout.
/// </summary>
public static class BindingGenerator
{
    public static HeaderModel Read(GeneratorOptions options) =>
        new HeaderReader(new ClangRunner(options.ClangPath), options.HeaderPath).Read();

    public static string Generate(GeneratorOptions options) => Emit(Read(options), options);

    /// <summary>The output for an already read header, in the options' language.</summary>
    public static string Emit(HeaderModel model, GeneratorOptions options) => options.Language switch
    {
        OutputLanguage.Rust => RustEmitter.Emit(model, options),
        _ => CSharpEmitter.Emit(model, options),
    };

    /// <summary>The bytes the output file holds: UTF-8 without a BOM, LF line endings.</summary>
    public static byte[] GenerateBytes(GeneratorOptions options) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Generate(options));
}
