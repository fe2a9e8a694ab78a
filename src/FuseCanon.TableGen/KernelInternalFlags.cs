using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FuseCanon.TableGen;

/// <summary>
/// The kernel-internal bits of <c>file->f_flags</c> that share the word with the open flags and so reach the FUSE
/// wire: fuse copies f_flags into fuse_open_in/create_in.flags and again into the read/write/release/... flags, and
/// execve opens with <c>O_RDONLY|__FMODE_EXEC|O_LARGEFILE</c>. They are not uapi, so no arch header has them.
/// <para>Which bits: the <c>__FMODE_*</c> names of the kernel's own uniqueness check, the HWEIGHT32 expression of
/// fcntl_init()'s BUILD_BUG_ON in fs/fcntl.c, which is what guarantees they collide with no open flag of any arch.
/// Their values: the <c>#define</c>s of include/linux/fs.h (and fmode_t of include/linux/types.h), evaluated by
/// clang like every other constant. Both files come from Debian's linux-source-6.1 tarball.</para>
/// </summary>
internal static partial class KernelInternalFlags
{
    [GeneratedRegex(@"HWEIGHT32\s*\(")] private static partial Regex HweightRegex();
    [GeneratedRegex(@"\b__FMODE_[A-Z0-9_]+\b")] private static partial Regex InternalNameRegex();
    [GeneratedRegex(@"^#define\s+((?:__)?FMODE_[A-Z0-9_]+)\s+(.+)$")] private static partial Regex FmodeDefineRegex();
    [GeneratedRegex(@"^typedef\s+unsigned\s+int\s+(__bitwise\s+)?fmode_t\s*;", RegexOptions.Multiline)] private static partial Regex FmodeTypedefRegex();

    public static readonly string[] SourceFiles = ["fs/fcntl.c", "include/linux/fs.h", "include/linux/types.h"];

    /// <summary>Name -> value, from the kernel source tree at <paramref name="tree"/>.</summary>
    public static SortedDictionary<string, long> Extract(string clang, string tree, string workDir)
    {
        string fcntl = File.ReadAllText(Path.Combine(tree, "fs", "fcntl.c"));
        List<string> names = UniquenessCheckNames(fcntl);
        if (names.Count == 0)
            throw new InvalidOperationException("fs/fcntl.c: fcntl_init()'s HWEIGHT32 check names no __FMODE_* bit");

        string fsH = File.ReadAllText(Path.Combine(tree, "include", "linux", "fs.h"));
        var defines = new List<string>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in fsH.Split('\n'))
        {
            Match m = FmodeDefineRegex().Match(line.TrimEnd());
            if (m.Success && !m.Groups[2].Value.EndsWith('\\'))
            {
                defines.Add(line.TrimEnd());
                defined.Add(m.Groups[1].Value);
            }
        }
        foreach (string n in names.Where(n => !defined.Contains(n)))
            throw new InvalidOperationException($"include/linux/fs.h does not define {n}, which fs/fcntl.c checks");
        // Every __FMODE_* of fs.h must be one the kernel checks against the open flags, or it could collide.
        foreach (string n in defined.Where(n => n.StartsWith("__FMODE_", StringComparison.Ordinal) && !names.Contains(n)))
            throw new InvalidOperationException($"include/linux/fs.h defines {n}, which fcntl_init() does not check; review it");

        Match td = FmodeTypedefRegex().Match(File.ReadAllText(Path.Combine(tree, "include", "linux", "types.h")));
        if (!td.Success)
            throw new InvalidOperationException("include/linux/types.h: no fmode_t typedef");

        var sb = new StringBuilder();
        sb.Append("#define __force\n#define __bitwise\n").Append(td.Value).Append('\n');
        foreach (string d in defines)
            sb.Append(d).Append('\n');
        foreach (string n in names)
            sb.Append("const long long v_").Append(n).Append(" = (").Append(n).Append(");\n");
        string file = Path.Combine(workDir, "fmode-probe.c");
        File.WriteAllText(file, sb.ToString());
        string ir = Proc.Check(clang, ["-x", "c", "-std=gnu11", "-w", "-nostdinc", "--target=x86_64-linux-gnu", "-S", "-emit-llvm", "-O0", "-o", "-", file], cwd: workDir);
        Dictionary<string, long> ir2 = ConstantExtractor.ParseIr(ir);
        var values = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (string n in names)
        {
            if (!ir2.TryGetValue(n, out long v))
                throw new InvalidOperationException($"{n} missing from the IR");
            values[n] = v;
            if (v <= 0 || v > uint.MaxValue || (v & (v - 1)) != 0)
                throw new InvalidOperationException($"{n} = {v} is not a single bit");
        }
        return values;
    }

    /// <summary>The __FMODE_* names inside the HWEIGHT32( ... ) of fs/fcntl.c, in order of appearance.</summary>
    private static List<string> UniquenessCheckNames(string fcntl)
    {
        var names = new List<string>();
        foreach (Match start in HweightRegex().Matches(fcntl))
        {
            int depth = 1, i = start.Index + start.Length;
            while (i < fcntl.Length && depth > 0)
            {
                if (fcntl[i] == '(') depth++;
                else if (fcntl[i] == ')') depth--;
                i++;
            }
            string expr = fcntl[(start.Index + start.Length)..(i - 1)];
            foreach (Match n in InternalNameRegex().Matches(expr))
                if (!names.Contains(n.Value))
                    names.Add(n.Value);
        }
        return names;
    }

    /// <summary>
    /// Adds the bits to every arch's open flags, after checking, arch by arch, the kernel's guarantee that they share
    /// no bit with any open flag there (the same value everywhere: fmode_t is not arch-specific).
    /// </summary>
    public static void AddTo(List<ArchConstants> arches, SortedDictionary<string, long> bits)
    {
        foreach (ArchConstants a in arches)
        {
            var open = a.Groups[(int)Group.OpenFlags];
            long used = open.Values.Aggregate(0L, (acc, v) => acc | v);
            foreach (var (name, v) in bits)
            {
                if ((used & v) != 0)
                    throw new InvalidOperationException($"{a.Arch.Name}: {name} (0x{v:x}) overlaps an open flag");
                if (open.ContainsKey(name))
                    throw new InvalidOperationException($"{a.Arch.Name}: uapi defines {name}");
                open[name] = v;
            }
        }
    }
}
