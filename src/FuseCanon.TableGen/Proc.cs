using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace FuseCanon.TableGen;

/// <summary>Runs a tool and captures its output.</summary>
internal static class Proc
{
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, string? stdin = null, string? cwd = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        if (cwd != null)
            psi.WorkingDirectory = cwd;
        psi.Environment["LC_ALL"] = "C";
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var errTask = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, errTask.Result);
    }

    public static string Check(string file, IEnumerable<string> args, string? stdin = null, string? cwd = null)
    {
        var (code, output, err) = Run(file, args, stdin, cwd);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}):\n{err}");
        return output;
    }

    public static string PackageVersion(string package)
    {
        var (code, output, _) = Run("dpkg-query", ["-W", "-f=${Version}", package]);
        if (code != 0 || output.Length == 0)
            throw new InvalidOperationException($"Debian package {package} is not installed (scripts/setup.sh installs scripts/deps/tables.txt, or extracts private.list into build/private-sysroot)");
        return output.Trim();
    }
}
