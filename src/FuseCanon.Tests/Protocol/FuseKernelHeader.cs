using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;

namespace FuseCanon.Tests.Protocol;

/// <summary>
/// A real FUSE kernel header on this machine and a C compiler to check the managed schema against it.
/// Looks for $FUSECANON_FUSE_KERNEL_H, then libfuse's /usr/include/fuse3/fuse_kernel.h, then the
/// kernel's own /usr/include/linux/fuse.h (linux-libc-dev; the same file libfuse copies).
/// </summary>
internal sealed class FuseKernelHeader
{
    private static readonly string[] Candidates =
    [
        "/usr/include/fuse3/fuse_kernel.h",
        "/usr/include/fuse_kernel.h",
        "/usr/include/linux/fuse.h",
    ];

    private FuseKernelHeader(string path, string text, uint minor)
    {
        Path = path;
        Text = text;
        Minor = minor;
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>FUSE_KERNEL_MINOR_VERSION of the header.</summary>
    public uint Minor { get; }

    public static FuseKernelHeader Locate()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("FUSECANON_FUSE_KERNEL_H");
        var tried = new List<string>();
        foreach (string candidate in string.IsNullOrEmpty(fromEnv) ? Candidates : [fromEnv])
        {
            tried.Add(candidate);
            if (!File.Exists(candidate))
                continue;
            string text = File.ReadAllText(candidate);
            Match m = Regex.Match(text, @"#define\s+FUSE_KERNEL_MINOR_VERSION\s+(\d+)");
            if (!m.Success)
                throw new InvalidOperationException(candidate + " has no FUSE_KERNEL_MINOR_VERSION");
            return new FuseKernelHeader(candidate, text, uint.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException(
            "No FUSE kernel header found (tried " + string.Join(", ", tried) +
            "); install linux-libc-dev or set FUSECANON_FUSE_KERNEL_H.");
    }

    public bool DeclaresStruct(string cName) =>
        Regex.IsMatch(Text, @"\bstruct\s+" + Regex.Escape(cName) + @"\s*\{");

    public bool DefinesMacro(string name) =>
        Regex.IsMatch(Text, @"#define\s+" + Regex.Escape(name) + @"\b");

    /// <summary>The enumerators of <c>enum <paramref name="enumName"/></c> that have an explicit value.</summary>
    public IReadOnlyList<(string Name, long Value)> Enumerators(string enumName)
    {
        Match body = Regex.Match(Text, @"enum\s+" + Regex.Escape(enumName) + @"\s*\{(?<body>[^}]*)\}");
        if (!body.Success)
            throw new InvalidOperationException($"{Path} has no enum {enumName}");
        string withoutComments = Regex.Replace(body.Groups["body"].Value, @"/\*.*?\*/", " ", RegexOptions.Singleline);
        var result = new List<(string, long)>();
        foreach (Match m in Regex.Matches(withoutComments, @"(?<name>\w+)\s*=\s*(?<value>\d+)"))
            result.Add((m.Groups["name"].Value, long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        return result;
    }

    /// <summary>
    /// Compiles <paramref name="source"/> with <c>-fsyntax-only</c>; returns the exit code and the
    /// compiler's diagnostics. Uses $CC, else cc, clang-14, clang, gcc (the first that exists).
    /// </summary>
    public static (int ExitCode, string Output) CompileSyntaxOnly(string source)
    {
        string dir = Directory.CreateTempSubdirectory("fusecanon-schema-").FullName;
        try
        {
            string file = System.IO.Path.Combine(dir, "schema_check.c");
            File.WriteAllText(file, source);
            string compiler = FindCompiler();
            var psi = new ProcessStartInfo(compiler)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "-std=gnu11", "-fsyntax-only", "-Werror", "-ferror-limit=0", file })
            {
                if (arg == "-ferror-limit=0" && !compiler.Contains("clang", StringComparison.Ordinal))
                    continue;
                psi.ArgumentList.Add(arg);
            }
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + compiler);
            string stdout = p.StandardOutput.ReadToEndAsync().GetAwaiter().GetResult();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, compiler + ": " + stdout + stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string FindCompiler()
    {
        string? cc = Environment.GetEnvironmentVariable("CC");
        if (!string.IsNullOrEmpty(cc))
            return cc;
        foreach (string name in new[] { "cc", "clang-14", "clang", "gcc" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
            {
                string full = System.IO.Path.Combine(dir, name);
                if (File.Exists(full))
                    return full;
            }
        }
        throw new InvalidOperationException("No C compiler (cc, clang-14, clang, gcc) on PATH; set CC.");
    }
}
