using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FuseCanon.ByteOrder;
using FuseCanon.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace FuseCanon.Tests.ByteOrder;

/// <summary>
/// Skips a test when the cross toolchain (native-tests/bigendian/run.sh) is missing, unless
/// FUSECANON_REQUIRE_CROSS is set (then the test runs and fails).
/// </summary>
public sealed class CrossToolsFactAttribute : FactAttribute
{
    public CrossToolsFactAttribute()
    {
        if (RealBigEndianBytesTests.FromEnvironment is null && !RealBigEndianBytesTests.ToolsPresent
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FUSECANON_REQUIRE_CROSS")))
            Skip = "no s390x/ppc64 cross compiler or qemu-user (scripts/deps/bigendian.txt) and FUSECANON_REQUIRE_CROSS unset";
    }
}

/// <summary>
/// Messages written by real s390x and ppc64 programs (native-tests/bigendian/emit_messages.c under
/// qemu-user, using their own &lt;linux/fuse.h&gt;) must become the x86_64 program's bytes exactly when
/// swapped FromForeign, and go back when swapped ToForeign.
/// </summary>
public class RealBigEndianBytesTests
{
    private readonly ITestOutputHelper _output;

    public RealBigEndianBytesTests(ITestOutputHelper output) => _output = output;

    /// <summary>Directory given by the environment (CI runs run.sh first), or null.</summary>
    public static string? FromEnvironment
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("FUSECANON_CROSS_DIR");
            return !string.IsNullOrEmpty(dir) && Directory.Exists(Path.Combine(dir, "x86_64")) ? dir : null;
        }
    }

    public static bool ToolsPresent =>
        new[] { "s390x-linux-gnu-gcc", "powerpc64-linux-gnu-gcc", "qemu-s390x-static", "qemu-ppc64-static", "cc" }
            .All(tool => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool))));

    private string MessagesDirectory()
    {
        if (FromEnvironment is { } dir)
            return dir;
        dir = Path.Combine(RepoPaths.Root, "artifacts", "bigendian");
        var psi = new ProcessStartInfo("sh", [Path.Combine(RepoPaths.Root, "native-tests", "bigendian", "run.sh"), dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        _output.WriteLine(stdout + stderr);
        Assert.True(p.ExitCode == 0, "run.sh failed: " + stderr);
        return dir;
    }

    [CrossToolsFact]
    public void Big_endian_messages_swap_into_the_x86_64_bytes()
    {
        Assert.True(BitConverter.IsLittleEndian, "this test compares with x86_64 files");
        string dir = MessagesDirectory();
        string[] names = Directory.GetFiles(Path.Combine(dir, "x86_64"), "*.bin").Select(Path.GetFileName).ToArray()!;
        Assert.True(names.Length >= 8, $"only {names.Length} messages in {dir}");
        const uint minor = 37; // the cross toolchains' linux/fuse.h (Linux 6.1 headers of bookworm) is 7.37

        foreach (string arch in new[] { "s390x", "ppc64" })
        {
            foreach (string name in names)
            {
                byte[] little = File.ReadAllBytes(Path.Combine(dir, "x86_64", name));
                byte[] big = File.ReadAllBytes(Path.Combine(dir, arch, name));
                string[] parts = name[..^4].Split('-', 3); // req|rep, opcode, what
                uint opcode = uint.Parse(parts[1]);
                bool request = parts[0] == "req";
                SwapAssert.Swapper swap = request
                    ? (m, d) => MessageSwapper.SwapRequest(m, minor, d)
                    : (m, d) => MessageSwapper.SwapReply(m, opcode, minor, d, ReplyHint.None);

                if (request && opcode == (uint)FuseOpcode.Init)
                {
                    // What the server session's INIT call recognises a big-endian client by.
                    Assert.Equal((uint)FuseOpcode.FuseInitBswapReserved, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(big.AsSpan(4)));
                    Assert.Equal((uint)FuseOpcode.Init, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(little.AsSpan(4)));
                }

                byte[] work = (byte[])big.Clone();
                SwapAssert.AssertOk(swap(work, SwapDirection.FromForeign), $"{arch}/{name} FromForeign");
                SwapAssert.AssertSameBytes(little, work, $"{arch}/{name} decoded != x86_64");
                SwapAssert.AssertOk(swap(work, SwapDirection.ToForeign), $"{arch}/{name} ToForeign");
                SwapAssert.AssertSameBytes(big, work, $"{arch}/{name} encoded != {arch}");
                _output.WriteLine($"ok {arch}/{name} ({big.Length} bytes)");
            }
        }
    }
}
