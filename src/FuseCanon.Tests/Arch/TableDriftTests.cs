using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace FuseCanon.Tests.Arch;

public class TableDriftTests
{
    /// <summary>
    /// Regenerates the tables from the installed uapi headers and fails if the checked-in files differ. Needs the
    /// packages of scripts/deps/tables.txt (scripts/setup.sh installs them).
    /// </summary>
    [Fact]
    public async Task GeneratedTablesMatchTheHeaders()
    {
        string project = Path.Combine(RepoPaths.Root, "src", "FuseCanon.TableGen");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "run", "--project", project, "--", "--check", "--repo", RepoPaths.Root })
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "TableGen --check failed:\n" + output + await err);
    }
}
