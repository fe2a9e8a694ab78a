using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace FuseCanon.Tests.Foundation;

/// <summary>
/// An exception that leaves an [UnmanagedCallersOnly] method kills the C caller's process. This test reads
/// every export of src/FuseCanon.Native and fails if one has no catch-all.
/// </summary>
public class ExceptionBarrierSourceTests
{
    [Fact]
    public void EveryExportCatchesEverything()
    {
        string dir = Path.Combine(RepoPaths.Root, "src", "FuseCanon.Native");
        int exports = 0;
        foreach (string file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            string text = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(text, @"\[UnmanagedCallersOnly\(EntryPoint\s*=\s*""(?<name>[^""]+)""\)\]"))
            {
                exports++;
                string name = m.Groups["name"].Value;
                Assert.StartsWith("fusecanon_", name);
                string body = MethodBody(text, m.Index + m.Length);
                Assert.True(Regex.IsMatch(body, @"\bcatch\b(\s*\(\s*(System\.)?Exception\b[^)]*\))?\s*\{"),
                    $"{Path.GetFileName(file)}: export {name} has no catch-all around its body");
                Assert.Matches(@"^\s*\{\s*try\s*\{", body);
            }
        }
        Assert.True(exports >= 6, $"found only {exports} exports");
    }

    /// <summary>The text of the braces-delimited body following a method's signature.</summary>
    private static string MethodBody(string text, int from)
    {
        int open = text.IndexOf('{', from);
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0)
                return text.Substring(open, i - open + 1);
        }
        return text.Substring(open);
    }
}
