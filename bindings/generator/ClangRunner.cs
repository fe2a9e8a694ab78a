using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace FuseCanon.BindGen;

/// <summary>Finds and runs the clang executable.</summary>
public sealed class ClangRunner
{
    public ClangRunner(string? explicitPath)
    {
        Path = explicitPath ?? Environment.GetEnvironmentVariable("FUSECANON_CLANG") ?? FindOnPath()
            ?? throw new InvalidOperationException(
                "clang not found: install clang-14 (apt-get install clang-14), or pass --clang PATH / set FUSECANON_CLANG");
    }

    public string Path { get; }

    /// <summary>
    /// The flags every run shares: the header is C (as the library's consumers compile it), for the host,
    /// and warnings are off so that only errors reach stderr.  &lt;sys/uio.h&gt; is included first because a
    /// header may only forward-declare <c>struct iovec</c>: the bindings need its layout all the same (C#
    /// callers build iovec arrays), and the definition makes it a bound struct instead of an opaque one.
    /// </summary>
    private static readonly string[] CommonArgs =
        { "-x", "c", "-std=gnu11", "-Wno-everything", "-ferror-limit=0", "-include", "sys/uio.h" };

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public Result Run(IEnumerable<string> args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (string a in CommonArgs)
            psi.ArgumentList.Add(a);
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + Path);
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        if (stdin != null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        string stdout = stdoutTask.GetAwaiter().GetResult();
        string stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout, stderr);
    }

    public Result RunChecked(IEnumerable<string> args, string what)
    {
        Result r = Run(args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{Path} failed while {what} (exit {r.ExitCode}):\n{r.Stderr}");
        return r;
    }

    private static string? FindOnPath()
    {
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(System.IO.Path.PathSeparator);
        foreach (string name in new[] { "clang-14", "clang" })
        {
            foreach (string dir in dirs)
            {
                string candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
