using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FuseCanon.BindGen;
using Xunit;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// The functions exported by libfusecanon.so (its ELF .dynsym), the non-inline functions declared by
/// include/fusecanon.h (clang's AST) and the functions of the generated bindings are the same set.
/// </summary>
public class ExportConsistencyTests
{
    /// <summary>Every disagreement between the three sets, one line each; empty when they agree.</summary>
    internal static List<string> Compare(ISet<string> exported, ISet<string> declared, ISet<string> bound)
    {
        var problems = new List<string>();
        void Report(IEnumerable<string> names, string what) =>
            problems.AddRange(names.OrderBy(n => n, StringComparer.Ordinal).Select(n => $"{n}: {what}"));
        Report(declared.Except(exported), "declared in the header but not exported by the library");
        Report(exported.Except(declared), "exported by the library but not declared in the header");
        Report(declared.Except(bound), "declared in the header but missing from the generated bindings (regenerate them)");
        Report(bound.Except(declared), "in the generated bindings but no longer declared in the header (regenerate them)");
        Report(exported.Where(n => !n.StartsWith("fusecanon_", StringComparison.Ordinal)), "exported without the fusecanon_ prefix");
        return problems;
    }

    private static SortedSet<string> Declared(string header) =>
        new(GeneratedBindings.Model(GeneratedBindings.RealHeader(header)).Functions.Select(f => f.Name), StringComparer.Ordinal);

    private static SortedSet<string> Exported() => ElfSymbols.DefinedFunctions(RepoPaths.NativeLibrary);

    [Fact]
    public void ExportsHeaderAndBindingsAgree()
    {
        List<string> problems = Compare(Exported(), Declared(RepoPaths.Header), GeneratedBindings.BoundFunctions());
        Assert.True(problems.Count == 0,
            $"library {RepoPaths.NativeLibrary}, header {RepoPaths.Header}:\n  " + string.Join("\n  ", problems) +
            (problems.Any(p => p.Contains("regenerate", StringComparison.Ordinal))
                ? $"\nRegenerate the bindings with: {GeneratedBindings.RealHeader().RegenerateCommand}" : ""));
    }

    [Fact]
    public void TheElfReaderSeesTheBasicExports()
    {
        SortedSet<string> exported = Exported();
        Assert.Contains("fusecanon_version", exported);
        Assert.Contains("fusecanon_barrier_selftest", exported);
        Assert.DoesNotContain("DotNetRuntimeDebugHeader", exported);
    }

    // The comparison catches a header that loses a declaration or gains one the library does not implement:
    // both are run on an edited copy of the real header.

    [Fact]
    public void RemovingADeclarationFails()
    {
        string header = EditedHeader("removed", text =>
            Regex.Replace(text, @"^unsigned fusecanon_version\(void\);$", "", RegexOptions.Multiline));
        List<string> problems = CompareEdited(header);
        Assert.Contains("fusecanon_version: exported by the library but not declared in the header", problems);
        Assert.Contains("fusecanon_version: in the generated bindings but no longer declared in the header (regenerate them)", problems);
    }

    [Fact]
    public void DeclaringAnUnimplementedFunctionFails()
    {
        string header = EditedHeader("added", text =>
            text.Replace("#ifdef __cplusplus\n}", "int fusecanon_not_implemented(void *p, size_t n);\n\n#ifdef __cplusplus\n}", StringComparison.Ordinal));
        List<string> problems = CompareEdited(header);
        Assert.Contains("fusecanon_not_implemented: declared in the header but not exported by the library", problems);
        Assert.Contains("fusecanon_not_implemented: declared in the header but missing from the generated bindings (regenerate them)", problems);
    }

    private static List<string> CompareEdited(string header)
    {
        try
        {
            return Compare(Exported(), Declared(header), GeneratedBindings.BoundFunctions());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(header)!, recursive: true);
        }
    }

    private static string EditedHeader(string name, Func<string, string> edit)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"fusecanon-consistency-{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(dir);
        string original = File.ReadAllText(RepoPaths.Header);
        string edited = edit(original);
        Assert.NotEqual(original, edited); // the edit found its place in the header
        string path = Path.Combine(dir, "fusecanon.h");
        File.WriteAllText(path, edited);
        return path;
    }
}
