using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FuseCanon.TableGen;

/// <summary>
/// Reads the constants of one architecture with clang-14:
/// 1. `clang -E -dM` of each group's header, minus the same run on an empty file (the predefined macros), gives the
///    object-like macro names the header defines;
/// 2. a generated probe of `const long long v_NAME = (NAME);` globals is compiled with `-S -emit-llvm`, and the
///    evaluated initialisers are read back from the IR (`@v_NAME = ... constant i64 N`): exact values, as the
///    compiler computes them, including composites such as O_SYNC and casts such as (__poll_t)0x4000.
/// Byte order comes from which of __BIG_ENDIAN/__LITTLE_ENDIAN asm/byteorder.h defines (checked against the
/// target's __BYTE_ORDER__), word size from __BITS_PER_LONG of asm/bitsperlong.h.
/// </summary>
internal sealed partial class ConstantExtractor(string clang, string workDir)
{
    private static readonly (Group Group, string Header, Regex Names)[] Groups =
    [
        (Group.OpenFlags, "asm/fcntl.h", OpenRegex()),
        (Group.Errno, "asm/errno.h", ErrnoRegex()),
        (Group.LockTypes, "asm/fcntl.h", LockRegex()),
        (Group.PollEvents, "asm/poll.h", PollRegex()),
        (Group.IoctlEncoding, "asm/ioctl.h", IoctlRegex()),
    ];

    [GeneratedRegex(@"^((__)?O_[A-Z0-9_]+|FASYNC)$")] private static partial Regex OpenRegex();
    [GeneratedRegex(@"^E[A-Z0-9]+$")] private static partial Regex ErrnoRegex();
    [GeneratedRegex(@"^F_(RD|WR|UN|EX|SH)LCK$")] private static partial Regex LockRegex();
    [GeneratedRegex(@"^POLL[A-Z0-9_]*$")] private static partial Regex PollRegex();
    [GeneratedRegex(@"^_IOC_[A-Z]+$")] private static partial Regex IoctlRegex();
    [GeneratedRegex(@"^#define ([A-Za-z_][A-Za-z0-9_]*)(\(?)(?: (.*))?$")] private static partial Regex DefineRegex();
    [GeneratedRegex(@"^@v_([A-Za-z0-9_]+) = .*constant i64 (-?[0-9]+)")] private static partial Regex IrRegex();
    [GeneratedRegex(@"probe\.c:([0-9]+):[0-9]+: error")] private static partial Regex ErrorLineRegex();

    /// <summary>Sets ClangArgs and EvaluationNote of an arch.</summary>
    public void Configure(DebianArch a)
    {
        a.ClangArgs.Clear();
        a.ClangArgs.AddRange(["-x", "c", "-std=gnu11", "-w", "-nostdinc", "-I", a.IncludeDir]);
        switch (a.Mode)
        {
            case EvalMode.ClangTarget:
                a.ClangArgs.Add("--target=" + a.Triplet);
                a.EvaluationNote = $"clang-14 --target={a.Triplet}";
                break;
            case EvalMode.CrossCppMacros:
            {
                string cpp = $"/usr/bin/{a.Triplet}-cpp";
                string dump = Proc.Check(cpp, ["-dM", "-E", "-"], stdin: "");
                var macros = ParseDefines(dump);
                bool big = macros.TryGetValue("__BYTE_ORDER__", out string? bo) && bo == "__ORDER_BIG_ENDIAN__";
                int longSize = int.Parse(macros["__SIZEOF_LONG__"], CultureInfo.InvariantCulture);
                string host = HostTarget(big, longSize);
                var sb = new StringBuilder();
                foreach (string line in dump.Split('\n'))
                {
                    // clang defines the __STDC* macros itself even with -undef.
                    if (line.StartsWith("#define __STDC", StringComparison.Ordinal) || line.Length == 0)
                        continue;
                    sb.Append(line).Append('\n');
                }
                string file = Path.Combine(workDir, a.Name + "-predefined.h");
                File.WriteAllText(file, sb.ToString());
                a.ClangArgs.AddRange(["--target=" + host, "-undef", "-include", file]);
                a.EvaluationNote = $"clang-14 --target={host} -undef -include <`{a.Triplet}-cpp -dM -E -` output> (clang-14 has no {a.KernelArch} target)";
                break;
            }
            case EvalMode.HostWithArchMacros:
            {
                string host = HostTarget(false, 8);
                a.ClangArgs.Add("--target=" + host);
                foreach (string u in new[] { "__x86_64__", "__x86_64", "__amd64__", "__amd64" })
                    a.ClangArgs.Add("-U" + u);
                foreach (string d in a.ArchMacros)
                    a.ClangArgs.Add("-D" + d);
                a.EvaluationNote = $"clang-14 --target={host} -U__x86_64__ -U__x86_64 -U__amd64__ -U__amd64 {string.Join(' ', a.ArchMacros.Select(m => "-D" + m))} (no compiler for {a.KernelArch} in bookworm; LP64 little-endian data model of its psABI, checked against asm/bitsperlong.h and asm/byteorder.h)";
                break;
            }
        }
    }

    /// <summary>A clang target with the given byte order and sizeof(long), used only to evaluate integer expressions.</summary>
    private static string HostTarget(bool big, int longSize) => (big, longSize) switch
    {
        (false, 8) => "x86_64-linux-gnu",
        (false, 4) => "i386-linux-gnu",
        (true, 4) => "powerpc-linux-gnu",
        (true, 8) => "s390x-linux-gnu",
        _ => throw new InvalidOperationException($"no host target for big={big} long={longSize}"),
    };

    public ArchConstants Extract(DebianArch a)
    {
        var result = new ArchConstants { Arch = a };
        var baseline = ParseDefines(Preprocess(a, ""));
        var names = new List<(Group, string)>();
        foreach (var (group, header, regex) in Groups)
        {
            var defs = ParseDefines(Preprocess(a, $"#include <{header}>\n"));
            foreach (var (name, body) in defs)
            {
                if (baseline.ContainsKey(name) || !regex.IsMatch(name) || name == "O_TMPFILE_MASK")
                    continue; // O_TMPFILE_MASK: a mask, not a flag, and gone from the uapi of later 6.1.y headers
                names.Add((group, name));
                result.Bodies[name] = body;
            }
        }
        // Byte order: linux/byteorder/{big,little}_endian.h define __BIG_ENDIAN / __LITTLE_ENDIAN.
        var order = ParseDefines(Preprocess(a, "#include <asm/byteorder.h>\n"));
        bool be = order.ContainsKey("__BIG_ENDIAN"), le = order.ContainsKey("__LITTLE_ENDIAN");
        if (be == le)
            throw new InvalidOperationException($"{a.Name}: asm/byteorder.h defines neither or both byte orders");
        result.BigEndian = be;
        if (baseline.TryGetValue("__BYTE_ORDER__", out string? predefined) && predefined != (be ? "__ORDER_BIG_ENDIAN__" : "__ORDER_LITTLE_ENDIAN__"))
            throw new InvalidOperationException($"{a.Name}: asm/byteorder.h disagrees with the target's __BYTE_ORDER__");

        var values = Evaluate(a, names.Select(n => n.Item2).Append("__BITS_PER_LONG").Distinct().ToList());
        result.WordBits = checked((int)values["__BITS_PER_LONG"]);
        if (baseline.TryGetValue("__SIZEOF_LONG__", out string? sl) && int.Parse(sl, CultureInfo.InvariantCulture) * 8 != result.WordBits)
            throw new InvalidOperationException($"{a.Name}: __BITS_PER_LONG disagrees with the target's __SIZEOF_LONG__");
        foreach (var (group, name) in names)
        {
            if (!values.TryGetValue(name, out long v))
                continue; // not an integer constant expression (reported by Evaluate)
            if (v < 0)
                throw new InvalidOperationException($"{a.Name}: {name} = {v} is negative");
            result.Groups[(int)group][name] = v;
        }
        return result;
    }

    private string Preprocess(DebianArch a, string source)
    {
        string file = Path.Combine(workDir, a.Name + "-pp.c");
        File.WriteAllText(file, source);
        return Proc.Check(clang, [.. a.ClangArgs, "-E", "-dM", file]);
    }

    private Dictionary<string, long> Evaluate(DebianArch a, List<string> names)
    {
        var pending = new List<string>(names);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var sb = new StringBuilder();
            const string prologue = "#include <linux/types.h>\n#include <asm/fcntl.h>\n#include <asm/errno.h>\n#include <asm/poll.h>\n#include <asm/ioctl.h>\n#include <asm/bitsperlong.h>\n";
            sb.Append(prologue);
            int firstLine = prologue.Count(c => c == '\n') + 1;
            foreach (string n in pending)
                sb.Append("const long long v_").Append(n).Append(" = (").Append(n).Append(");\n");
            string file = Path.Combine(workDir, "probe.c");
            File.WriteAllText(file, sb.ToString());
            var (code, output, err) = Proc.Run(clang, [.. a.ClangArgs, "-S", "-emit-llvm", "-O0", "-o", "-", file], cwd: workDir);
            if (code == 0)
            {
                Dictionary<string, long> values = ParseIr(output);
                foreach (string n in pending.Where(n => !values.ContainsKey(n)))
                    throw new InvalidOperationException($"{a.Name}: {n} missing from the IR");
                return values;
            }
            var bad = ErrorLineRegex().Matches(err).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - firstLine)
                .Where(i => i >= 0 && i < pending.Count).Distinct().OrderDescending().ToList();
            if (bad.Count == 0)
                throw new InvalidOperationException($"{a.Name}: probe failed:\n{err}");
            foreach (int i in bad)
            {
                Console.Error.WriteLine($"tablegen: {a.Name}: {pending[i]} is not an integer constant; skipped");
                pending.RemoveAt(i);
            }
        }
        throw new InvalidOperationException($"{a.Name}: probe keeps failing");
    }

    /// <summary>The values of a probe's `const long long v_NAME` globals in clang's LLVM IR: NAME -> value.</summary>
    internal static Dictionary<string, long> ParseIr(string ir)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in ir.Split('\n'))
        {
            Match m = IrRegex().Match(line);
            if (m.Success)
                values[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>Object-like macros of `-dM` output: name -> body.</summary>
    private static SortedDictionary<string, string> ParseDefines(string dump)
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in dump.Split('\n'))
        {
            Match m = DefineRegex().Match(line.TrimEnd());
            if (m.Success && m.Groups[2].Value.Length == 0)
                d[m.Groups[1].Value] = m.Groups[3].Value.Trim();
        }
        return d;
    }
}
