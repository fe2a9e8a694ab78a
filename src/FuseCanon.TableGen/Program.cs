using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace FuseCanon.TableGen;

/// <summary>
/// Usage: dotnet run --project src/FuseCanon.TableGen -- [--check] [--repo /path/to/repo]
/// Regenerates src/FuseCanon/Tables/Generated/{ArchTables.g.cs,arch-tables.json} and
/// native-tests/generated/expected_values.h; with --check, compares instead of writing and exits 1 on drift.
/// </summary>
internal static class Program
{
    public static readonly string[] OutputPaths =
    [
        "src/FuseCanon/Tables/Generated/ArchTables.g.cs",
        "src/FuseCanon/Tables/Generated/arch-tables.json",
        "native-tests/generated/expected_values.h",
    ];

    private static int Main(string[] args)
    {
        bool check = false;
        string? repo = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--check": check = true; break;
                case "--repo" when i + 1 < args.Length: repo = args[++i]; break;
                default:
                    Console.Error.WriteLine("usage: FuseCanon.TableGen [--check] [--repo /path/to/repo]");
                    return 2;
            }
        }
        repo ??= FindRepo();
        try
        {
            Dictionary<string, string> files = Generate(repo, Console.Error);
            return check ? Check(repo, files) : Write(repo, files);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine("tablegen: " + e.Message);
            return 3;
        }
    }

    private static string FindRepo()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "src", "FuseCanon.TableGen", "uname-names.json")))
            dir = Path.GetDirectoryName(dir);
        return dir ?? Directory.GetCurrentDirectory();
    }

    /// <summary>Extracts every arch and renders every output file (repo-relative path -> text).</summary>
    public static Dictionary<string, string> Generate(string repo, TextWriter log)
    {
        const string clang = "/usr/bin/clang-14";
        string clangVersion = Proc.Check(clang, ["--version"]).Split('\n')[0].Trim();
        string work = Path.Combine(Path.GetTempPath(), "fusecanon-tablegen");
        Directory.CreateDirectory(work);
        List<DebianArch> arches = HeaderSources.All();
        HeaderSources.Resolve(arches, work, log);
        var extractor = new ConstantExtractor(clang, work);
        var constants = new List<ArchConstants>();
        foreach (DebianArch a in arches)
        {
            extractor.Configure(a);
            constants.Add(extractor.Extract(a));
        }
        string kernelTree = HeaderSources.KernelSourceFiles(work, KernelInternalFlags.SourceFiles, log);
        SortedDictionary<string, long> internalFlags = KernelInternalFlags.Extract(clang, kernelTree, work);
        KernelInternalFlags.AddTo(constants, internalFlags);
        var byName = constants.ToDictionary(c => c.Arch.Name, StringComparer.Ordinal);
        List<UnameName> uname = UnameNames.Load(Path.Combine(repo, "src", "FuseCanon.TableGen", "uname-names.json"), byName);
        TableModel model = TableModel.Build(constants, uname);
        model.KernelInternalOpenFlags.AddRange(internalFlags.Keys);
        model.Provenance.Add(clangVersion + " (Debian package clang-14 " + Proc.PackageVersion("clang-14") + ")");
        foreach (DebianArch a in arches)
            model.Provenance.Add($"{a.Name}: {a.Package} {a.PackageVersion}, " + (a.Mode == EvalMode.HostWithArchMacros ? $"`make ARCH={a.KernelArch} headers` of its tarball" : a.IncludeDir) + $"; {a.EvaluationNote}");
        model.Provenance.Add($"kernel-internal open flags ({string.Join(", ", internalFlags.Keys)}): {HeaderSources.KernelSourcePackage} {Proc.PackageVersion(HeaderSources.KernelSourcePackage)}, the __FMODE_* names of fcntl_init()'s HWEIGHT32 check in fs/fcntl.c, valued by include/linux/fs.h; added to every arch's open flags");
        Validation.Run(model, log);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OutputPaths[0]] = CSharpEmitter.Emit(model),
            [OutputPaths[1]] = JsonEmitter.Emit(model),
            [OutputPaths[2]] = ExpectedValuesEmitter.Emit(model),
        };
    }

    private static int Write(string repo, Dictionary<string, string> files)
    {
        foreach (var (rel, text) in files)
        {
            string path = Path.Combine(repo, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            Console.WriteLine("tablegen: wrote " + rel);
        }
        return 0;
    }

    private static int Check(string repo, Dictionary<string, string> files)
    {
        int drift = 0;
        foreach (var (rel, text) in files)
        {
            string path = Path.Combine(repo, rel);
            if (!File.Exists(path))
            {
                Console.WriteLine($"tablegen --check: {rel} is missing");
                drift++;
                continue;
            }
            string[] have = File.ReadAllText(path).Split('\n');
            string[] want = text.Split('\n');
            if (have.SequenceEqual(want, StringComparer.Ordinal))
                continue;
            // Package versions (security updates of linux-source, clang) are recorded but are not drift of the data.
            have = have.Where(l => !l.Contains(CSharpEmitter.ProvenanceTag, StringComparison.Ordinal)).ToArray();
            want = want.Where(l => !l.Contains(CSharpEmitter.ProvenanceTag, StringComparison.Ordinal)).ToArray();
            if (have.SequenceEqual(want, StringComparer.Ordinal))
            {
                Console.WriteLine($"tablegen --check: {rel}: only the recorded package versions differ (data unchanged)");
                continue;
            }
            drift++;
            int first = Enumerable.Range(0, Math.Min(have.Length, want.Length)).FirstOrDefault(i => have[i] != want[i], Math.Min(have.Length, want.Length));
            int changed = have.Except(want, StringComparer.Ordinal).Count() + want.Except(have, StringComparer.Ordinal).Count();
            Console.WriteLine($"tablegen --check: {rel} differs ({have.Length} lines checked in, {want.Length} regenerated, ~{changed} changed lines); first difference at line {first + 1}:");
            Console.WriteLine("  checked in:  " + (first < have.Length ? have[first] : "<end of file>"));
            Console.WriteLine("  regenerated: " + (first < want.Length ? want[first] : "<end of file>"));
        }
        if (drift == 0)
        {
            Console.WriteLine($"tablegen --check: {files.Count} files up to date");
            return 0;
        }
        Console.WriteLine("tablegen --check: run `dotnet run --project src/FuseCanon.TableGen` to regenerate");
        return 1;
    }
}
