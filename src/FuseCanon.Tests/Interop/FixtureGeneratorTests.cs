using System.Linq;
using FuseCanon.BindGen;
using FuseCanon.BindGen.Fixture;
using Xunit;

namespace FuseCanon.Tests.Interop;

/// <summary>
/// What the generator makes of bindings/generator/tests/fixture.h, a scratch header holding every construct
/// include/fusecanon.h is expected to grow (its compiled output is the FuseCanon.BindGen.Fixture project).
/// </summary>
public unsafe class FixtureGeneratorTests
{
    private static HeaderModel Model => GeneratedBindings.Model(GeneratedBindings.Fixture);

    [Fact]
    public void EveryExportedFunctionIsBoundAndNothingElse()
    {
        Assert.Equal(
            new[]
            {
                "fix_version", "fix_version_string", "fix_session_create", "fix_session_destroy", "fix_session_stats",
                "fix_session_translate", "fix_session_translatev", "fix_word_swap", "fix_arch_host", "fix_session_mode",
                "fix_direction_of", "fix_plan_count", "fix_set_logger", "fix_sum", "fix_is_ready",
            },
            Model.Functions.Select(f => f.Name));
    }

    [Theory]
    [InlineData("fix_is_error", "static inline")]
    [InlineData("fix_bswap32", "static inline")]
    [InlineData("fix_logf", "variadic")]
    [InlineData("fix_table", "static data")]
    [InlineData("FIX_MAX", "function-like macro")]
    [InlineData("FIX_IS_ERROR", "function-like macro")]
    [InlineData("FIX_STRING", "not an integer constant")]
    [InlineData("FIX_DOUBLE", "not an integer constant")]
    [InlineData("FIX_EMPTY", "empty macro")]
    [InlineData("FIXTURE_H", "empty macro")]
    public void SkippedDeclarationsAreListedWithTheirReason(string name, string reason) =>
        Assert.Contains(Model.Skipped, s => s.Name == name && s.Reason.Contains(reason));

    [Fact]
    public void ConstantsHaveClangsValuesAndTypes()
    {
        Assert.Equal(0, FixtureNative.FIX_ZERO);
        Assert.Equal(-14, FixtureNative.FIX_NEGATIVE);
        Assert.Equal(7u, FixtureNative.FIX_UNSIGNED);
        Assert.Equal(1u << 31, FixtureNative.FIX_SHIFTED);
        Assert.Equal(1UL << 63, FixtureNative.FIX_BIT63);
        Assert.Equal(-5L, FixtureNative.FIX_LONG);
        Assert.Equal(uint.MaxValue, FixtureNative.FIX_HEX);
        Assert.Equal(65, FixtureNative.FIX_CHAR);
        Assert.Equal(703u, FixtureNative.FIX_DERIVED);
        Assert.Equal(FixtureNative.FIX_SIZEOF_IOVEC, (ulong)sizeof(iovec));
        Assert.Equal(long.MinValue, FixtureNative.FIX_INT64_MIN);
        Assert.Equal(10, FixtureNative.FIX_ANON_A);
        Assert.Equal(-2, FixtureNative.FIX_ANON_B);
        Assert.Equal(0x100000000L, (long)fix_wide.FIX_WIDE_BIG);
        Assert.Equal(3, (int)fix_mode.FIX_MODE_PEER);
        Assert.Equal(2, (int)fix_direction.FIX_DIR_OUT);
    }

    [Fact]
    public void StructsArraysAndSystemTypesAreLaidOutAsInC()
    {
        Assert.Equal(fix_config.SizeOf, sizeof(fix_config));
        Assert.Equal(iovec.SizeOf, sizeof(iovec));
        Assert.Equal(16, sizeof(iovec));
        Assert.Equal(fix_stats.SizeOf, sizeof(fix_stats));
        Assert.Equal(8, sizeof(fix_word));
        fix_config cfg = default;
        cfg.vec[1].iov_len = 5;
        cfg.pairs[5] = 7; // uint16_t[2][3] flattened
        Assert.Equal(5u, (uint)cfg.vec[1].iov_len);
        Assert.Contains(Model.Records, r => r.Name == "iovec" && r.FromSystemHeader && !r.IsOpaque);
        Assert.Contains(Model.Records, r => r.Name == "fix_session" && r.IsOpaque);
        Assert.Contains(Model.Records, r => r.Name == "fix_plan" && r.IsOpaque);
    }

    [Fact]
    public void TypedefsAreResolvedAndListed()
    {
        Assert.Contains(Model.Typedefs, t => t.Name == "fix_arch_id");
        Assert.Contains(Model.Typedefs, t => t.Name == "fix_log_fn");
        Assert.DoesNotContain(Model.Typedefs, t => t.Name == "fix_session"); // names its own struct
        Assert.DoesNotContain(Model.Typedefs, t => t.Name == "fix_stats"); // names its anonymous struct
    }

    [Theory]
    [InlineData("const char *[4]")]
    [InlineData("int (*)(void *, int, const char *)")]
    [InlineData("uint16_t[2][3]")]
    [InlineData("const struct fix_config *")]
    [InlineData("fix_session **")]
    [InlineData("void (*(*)(int))(void)")]
    public void TypeSpellingsRoundTrip(string spelling) =>
        Assert.Equal(spelling.Replace("const ", ""), CTypeParser.Format(CTypeParser.Parse(spelling)));
}
