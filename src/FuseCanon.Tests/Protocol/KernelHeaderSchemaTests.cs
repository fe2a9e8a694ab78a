using System;
using System.Linq;
using FuseCanon.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace FuseCanon.Tests.Protocol;

/// <summary>
/// The managed schema against the machine's real FUSE kernel header (libfuse's fuse_kernel.h, or the
/// identical linux/fuse.h), through a C compiler and by parsing its enums.
/// </summary>
public class KernelHeaderSchemaTests
{
    private readonly ITestOutputHelper _output;

    public KernelHeaderSchemaTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SchemaCompilesAgainstTheKernelHeader()
    {
        FuseKernelHeader header = FuseKernelHeader.Locate();
        SchemaCSource gen = SchemaCSource.Generate(header);
        _output.WriteLine($"{header.Path}: protocol 7.{header.Minor}; checked {gen.StructsChecked} structs, " +
                          $"{gen.FieldsChecked} fields, {gen.ConstantsChecked} constants");
        _output.WriteLine("skipped (newer than the header): " + string.Join(", ", gen.Skipped));

        Assert.Empty(gen.Missing);
        (int exit, string diagnostics) = FuseKernelHeader.CompileSyntaxOnly(gen.Source);
        Assert.True(exit == 0, "schema disagrees with " + header.Path + ":\n" + diagnostics);

        Assert.True(gen.StructsChecked >= 60, $"only {gen.StructsChecked} structs checked");
        Assert.True(gen.FieldsChecked >= 300, $"only {gen.FieldsChecked} fields checked");
        foreach (string skipped in gen.Skipped.Where(s => s.StartsWith("FUSE_", StringComparison.Ordinal) && !s.Contains(' ', StringComparison.Ordinal)))
        {
            // Constants the header lacks: only INIT flags above bit 33 and 7.40+ constants may be missing from a 7.38 header.
            Assert.True(header.Minor < 45, "a 7.45 header lacks " + skipped);
        }
    }

    [Theory]
    [InlineData("CHECK(sizeof(struct fuse_in_header) == 40);", "CHECK(sizeof(struct fuse_in_header) == 41);")]
    [InlineData("CHECK(offsetof(struct fuse_lk_in, lk.type) == 32);", "CHECK(offsetof(struct fuse_lk_in, lk.type) == 36);")]
    [InlineData("CHECK(sizeof(((struct fuse_init_out *)0)->max_background) == 2);", "CHECK(sizeof(((struct fuse_init_out *)0)->max_background) == 4);")]
    [InlineData("CHECK(((__typeof__(((struct fuse_out_header *)0)->error))-1 < 0) == 1);", "CHECK(((__typeof__(((struct fuse_out_header *)0)->error))-1 < 0) == 0);")]
    public void AWrongValueInTheSchemaFailsTheCompile(string good, string broken)
    {
        FuseKernelHeader header = FuseKernelHeader.Locate();
        string source = SchemaCSource.Generate(header).Source;
        Assert.Contains(good, source, StringComparison.Ordinal);
        (int exit, string diagnostics) = FuseKernelHeader.CompileSyntaxOnly(source.Replace(good, broken, StringComparison.Ordinal));
        _output.WriteLine(diagnostics);
        Assert.NotEqual(0, exit);
    }

    [Fact]
    public void OpcodeTableCoversEveryOpcodeOfTheHeader()
    {
        FuseKernelHeader header = FuseKernelHeader.Locate();
        var fromHeader = header.Enumerators("fuse_opcode");
        Assert.NotEmpty(fromHeader);
        foreach ((string name, long value) in fromHeader)
        {
            if (name.EndsWith("_BSWAP_RESERVED", StringComparison.Ordinal))
            {
                Assert.True(Enum.IsDefined(typeof(FuseOpcode), (uint)value), name);
                Assert.False(OpcodeTable.TryGet((uint)value, out _), name + " must not be accepted as an opcode");
                continue;
            }
            Assert.True(OpcodeTable.TryGet((uint)value, out OpcodeInfo info), $"{name} = {value} missing from OpcodeTable");
            Assert.Equal(name, info.Name);
            Assert.True(info.SinceMinor <= header.Minor, $"{name} is in a 7.{header.Minor} header but claims 7.{info.SinceMinor}");
        }

        string[] newer = OpcodeTable.All.ToArray()
            .Where(r => !fromHeader.Any(h => h.Value == (uint)r.Opcode))
            .Select(r => $"{r.Name} ({(uint)r.Opcode}, 7.{r.SinceMinor})").ToArray();
        _output.WriteLine($"opcodes newer than the 7.{header.Minor} header: " + string.Join(", ", newer));
        foreach (OpcodeInfo row in OpcodeTable.All)
        {
            if (!fromHeader.Any(h => h.Value == (uint)row.Opcode))
                Assert.True(row.SinceMinor > header.Minor, $"{row.Name} claims 7.{row.SinceMinor} but the 7.{header.Minor} header lacks it");
        }
    }

    [Fact]
    public void NotifyCodesMatchTheHeader()
    {
        FuseKernelHeader header = FuseKernelHeader.Locate();
        foreach ((string name, long value) in header.Enumerators("fuse_notify_code"))
        {
            Assert.True(NotifyTable.TryGet((int)value, out NotifyInfo info), name);
            Assert.Equal(name, info.Name);
            Assert.True(info.SinceMinor <= header.Minor, name);
        }
        foreach (NotifyInfo row in NotifyTable.All)
        {
            if (!header.Enumerators("fuse_notify_code").Any(h => h.Value == (int)row.Code))
                Assert.True(row.SinceMinor > header.Minor, row.Name);
        }
    }

    [Fact]
    public void SnakeCaseMatchesTheCNames()
    {
        Assert.Equal("HANDLE_KILLPRIV_V2", SchemaCSource.Snake(nameof(FuseInitFlags.HandleKillprivV2)));
        Assert.Equal("ATOMIC_O_TRUNC", SchemaCSource.Snake(nameof(FuseInitFlags.AtomicOTrunc)));
    }
}
