using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// Every function the library exports is called through the generated bindings by at least one test in
/// src/FuseCanon.Tests/Interop/. When a new export lands, add its test there (a [Fact], or an
/// [ExportFact("name")] that stays skipped until the library exports it).
/// </summary>
public class InteropCoverageTests
{
    [Fact]
    public void EveryExportIsCalledByAnInteropTest()
    {
        string dir = Path.Combine(RepoPaths.Root, "src", "FuseCanon.Tests", "Interop");
        string tests = string.Join("\n", Directory.GetFiles(dir, "*.cs").Select(File.ReadAllText));
        string[] uncovered = ElfSymbols.DefinedFunctions(RepoPaths.NativeLibrary)
            .Where(name => GeneratedBindings.BoundFunctions().Contains(name))
            .Where(name => !Regex.IsMatch(tests, @"\b" + Regex.Escape(name) + @"\s*\("))
            .ToArray();
        Assert.True(uncovered.Length == 0,
            "exports no test in src/FuseCanon.Tests/Interop/ calls through the generated bindings:\n  " +
            string.Join("\n  ", uncovered));
    }
}
