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
/// A cross package whose /usr/&lt;triplet&gt;/include is the host's own triplet (linux-libc-dev-amd64-cross on an
/// amd64 host) would come first in the system compiler's search path and shadow the system's uapi headers, so
/// scripts/setup.sh does not install it: it extracts the same .deb (`apt-get download`, `dpkg-deb -x`) into
/// build/private-sysroot/&lt;package&gt;/, with the package's version in a file beside it.  A package found there is
/// read from there (even if it is also installed), any other from its installed files.
/// </summary>
internal static class HeaderSources
{
    public const string KernelSourcePackage = "linux-source-6.1";
    /// <summary>Repo-relative directory of the privately extracted packages (scripts/setup.sh writes it).</summary>
    public const string PrivateSysroot = "build/private-sysroot";

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
    public static void Resolve(List<DebianArch> arches, string cacheDir, string privateSysroot, TextWriter log)
    {
        foreach (DebianArch a in arches.Where(a => a.Mode != EvalMode.HostWithArchMacros))
        {
            string prefix = "";
            IEnumerable<string> files;
            string extracted = Path.Combine(privateSysroot, a.Package);
            // The private copy first: it is what scripts/setup.sh provides, whether or not the package is also installed.
            if (File.Exists(Path.Combine(extracted, "version")))
            {
                prefix = extracted;
                a.PackageVersion = File.ReadAllText(Path.Combine(extracted, "version")).Trim();
                files = Directory.EnumerateFiles(Path.Combine(extracted, "usr"), "*", SearchOption.AllDirectories)
                    .Select(f => "/" + Path.GetRelativePath(extracted, f));
            }
            else
            {
                a.PackageVersion = Proc.PackageVersion(a.Package);
                files = Proc.Check("dpkg", ["-L", a.Package]).Split('\n').Select(l => l.Trim());
            }
            string fcntl = files
                .FirstOrDefault(l => l.StartsWith("/usr/", StringComparison.Ordinal) && l.EndsWith("/include/asm/fcntl.h", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{a.Package} ships no include/asm/fcntl.h");
            string packageDir = fcntl[..^"/asm/fcntl.h".Length];
            a.Triplet = packageDir["/usr/".Length..^"/include".Length];
            a.IncludeDir = prefix + packageDir;
            a.Origin = prefix.Length == 0 ? packageDir : $"{packageDir} of the .deb, extracted into {PrivateSysroot} (not installed: it would shadow the system's headers)";
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
