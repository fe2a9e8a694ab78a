using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FuseCanon.TableGen;

/// <summary>
/// The Debian bookworm architectures and where their uapi headers come from.
/// Every architecture with a linux-libc-dev-&lt;arch&gt;-cross package uses that package's /usr/&lt;triplet&gt;/include
/// (the triplet is read from the package's file list, not assumed). bookworm has no such package for loong64
/// and ia64: their headers are installed from Debian's linux-source-6.1 with the kernel's own `make ARCH=... headers`.
/// </summary>
internal static class HeaderSources
{
    public const string KernelSourcePackage = "linux-source-6.1";

    /// <summary>Debian arch, kernel ARCH= name, evaluation mode. Names only: nothing here is a constant.</summary>
    public static List<DebianArch> All() =>
    [
        Cross("amd64", "x86"), Cross("i386", "x86"), Cross("x32", "x86"),
        Cross("arm64", "arm64"), Cross("armhf", "arm"), Cross("armel", "arm"),
        Cross("riscv64", "riscv"),
        Cross("ppc64el", "powerpc"), Cross("ppc64", "powerpc"), Cross("powerpc", "powerpc"),
        Cross("s390x", "s390"),
        Cross("mips", "mips"), Cross("mipsel", "mips"), Cross("mips64", "mips"), Cross("mips64el", "mips"),
        Cross("mipsr6", "mips"), Cross("mipsr6el", "mips"), Cross("mips64r6", "mips"), Cross("mips64r6el", "mips"),
        Cross("sparc64", "sparc"),
        Cross("alpha", "alpha", EvalMode.CrossCppMacros),
        Cross("hppa", "parisc", EvalMode.CrossCppMacros),
        Cross("m68k", "m68k"),
        Cross("sh4", "sh", EvalMode.CrossCppMacros),
        Cross("arc", "arc", EvalMode.CrossCppMacros),
        // The psABI macro names GCC defines for these targets (LoongArch ELF psABI, Itanium SysV psABI).
        FromSource("loong64", "loongarch", ["__loongarch__=1", "__loongarch64=1", "__loongarch_grlen=64", "__loongarch_lp64=1"]),
        FromSource("ia64", "ia64", ["__ia64__=1", "__ia64=1"]),
    ];

    private static DebianArch Cross(string name, string kernel, EvalMode mode = EvalMode.ClangTarget) =>
        new() { Name = name, KernelArch = kernel, Package = $"linux-libc-dev-{name}-cross", Mode = mode };

    private static DebianArch FromSource(string name, string kernel, string[] macros) =>
        new() { Name = name, KernelArch = kernel, Package = KernelSourcePackage, Mode = EvalMode.HostWithArchMacros, ArchMacros = macros };

    /// <summary>Fills Triplet, IncludeDir and PackageVersion of every arch.</summary>
    public static void Resolve(List<DebianArch> arches, string cacheDir, TextWriter log)
    {
        foreach (DebianArch a in arches.Where(a => a.Mode != EvalMode.HostWithArchMacros))
        {
            a.PackageVersion = Proc.PackageVersion(a.Package);
            string files = Proc.Check("dpkg", ["-L", a.Package]);
            string fcntl = files.Split('\n').Select(l => l.Trim())
                .FirstOrDefault(l => l.StartsWith("/usr/", StringComparison.Ordinal) && l.EndsWith("/include/asm/fcntl.h", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{a.Package} ships no include/asm/fcntl.h");
            a.IncludeDir = fcntl[..^"/asm/fcntl.h".Length];
            a.Triplet = a.IncludeDir["/usr/".Length..^"/include".Length];
        }
        var fromSource = arches.Where(a => a.Mode == EvalMode.HostWithArchMacros).ToList();
        if (fromSource.Count == 0)
            return;
        var (tarball, version, root) = KernelSource(cacheDir);
        foreach (DebianArch a in fromSource)
        {
            a.PackageVersion = version;
            a.Triplet = a.Name + " (kernel source)";
            a.IncludeDir = InstallFromSource(tarball, root, a.KernelArch, log);
        }
    }

    /// <summary>Debian's kernel source tarball, its package version and the cache directory for what comes out of it.</summary>
    public static (string Tarball, string Version, string Root) KernelSource(string cacheDir)
    {
        string version = Proc.PackageVersion(KernelSourcePackage);
        string files = Proc.Check("dpkg", ["-L", KernelSourcePackage]);
        string tarball = files.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith(".tar.xz", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{KernelSourcePackage} ships no .tar.xz");
        return (tarball, version, Path.Combine(cacheDir, "linux-source-" + version));
    }

    /// <summary>Extracts a few files of the kernel source (paths relative to its top directory) once; returns the tree.</summary>
    public static string KernelSourceFiles(string cacheDir, string[] paths, TextWriter log)
    {
        var (tarball, _, root) = KernelSource(cacheDir);
        string tree = Path.Combine(root, "files");
        string done = Path.Combine(root, "files.done");
        string want = string.Join('\n', paths);
        if (File.Exists(done) && File.ReadAllText(done) == want)
            return tree;
        log.WriteLine($"tablegen: extracting {string.Join(", ", paths)} from {tarball}");
        if (Directory.Exists(tree))
            Directory.Delete(tree, true);
        Directory.CreateDirectory(tree);
        Proc.Check("tar", ["-xJf", tarball, "-C", tree, "--strip-components=1", "--wildcards", .. paths.Select(p => "*/" + p)]);
        File.WriteAllText(done, want);
        return tree;
    }

    /// <summary>Extracts the kernel source once and runs `make ARCH=&lt;arch&gt; headers` (the kernel's uapi export).</summary>
    private static string InstallFromSource(string tarball, string root, string kernelArch, TextWriter log)
    {
        string dest = Path.Combine(root, "uapi-" + kernelArch, "include");
        string done = Path.Combine(root, "uapi-" + kernelArch, ".done");
        if (File.Exists(done))
            return dest;
        string tree = Path.Combine(root, "tree");
        string treeDone = Path.Combine(root, "tree.done");
        if (!File.Exists(treeDone))
        {
            log.WriteLine($"tablegen: extracting {tarball} into {tree}");
            if (Directory.Exists(tree))
                Directory.Delete(tree, true);
            Directory.CreateDirectory(tree);
            Proc.Check("tar", ["-xJf", tarball, "-C", tree, "--strip-components=1",
                "--exclude=*/drivers/*", "--exclude=*/Documentation/*", "--exclude=*/sound/*", "--exclude=*/tools/*",
                "--exclude=*/net/*", "--exclude=*/fs/*", "--exclude=*/samples/*"]);
            File.WriteAllText(treeDone, "");
        }
        log.WriteLine($"tablegen: make ARCH={kernelArch} headers");
        string usr = Path.Combine(tree, "usr", "include");
        if (Directory.Exists(usr))
            Directory.Delete(usr, true);
        Proc.Check("make", ["-s", "ARCH=" + kernelArch, "headers"], cwd: tree);
        string parent = Path.GetDirectoryName(dest)!;
        if (Directory.Exists(parent))
            Directory.Delete(parent, true);
        Directory.CreateDirectory(parent);
        Proc.Check("cp", ["-r", usr, dest]);
        File.WriteAllText(done, "");
        return dest;
    }
}
