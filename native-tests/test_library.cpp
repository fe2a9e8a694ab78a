// Library-wide exports: version, error codes and texts, and the exception barrier.
#include <fusecanon.h>
#include <gtest/gtest.h>
#include <cstring>
#include <string>

TEST(Version, RuntimeMatchesHeader)
{
    EXPECT_EQ(fusecanon_version(), static_cast<unsigned>(FUSECANON_VERSION_NUMBER));
    std::string expected = std::to_string(FUSECANON_VERSION_MAJOR) + "." + std::to_string(FUSECANON_VERSION_MINOR) +
                           "." + std::to_string(FUSECANON_VERSION_PATCH);
    EXPECT_EQ(expected, fusecanon_version_string());
}

TEST(Errors, EveryCodeHasItsMacroName)
{
    struct { int code; const char *name; } codes[] = {
#define FC(x) { x, #x }
        FC(FUSECANON_OK), FC(FUSECANON_E_INVALID_ARGUMENT), FC(FUSECANON_E_STRUCT_SIZE),
        FC(FUSECANON_E_UNKNOWN_ARCH), FC(FUSECANON_E_UNKNOWN_VALUE), FC(FUSECANON_E_TRUNCATED),
        FC(FUSECANON_E_LENGTH_MISMATCH), FC(FUSECANON_E_UNKNOWN_OPCODE), FC(FUSECANON_E_BAD_STATE),
        FC(FUSECANON_E_REJECTED), FC(FUSECANON_E_NO_MEMORY), FC(FUSECANON_E_INTERNAL),
        FC(FUSECANON_E_BAD_MESSAGE), FC(FUSECANON_E_UNSUPPORTED), FC(FUSECANON_E_BUFFER_TOO_SMALL),
        FC(FUSECANON_E_UNKNOWN_UNIQUE), FC(FUSECANON_E_TOO_MANY_IN_FLIGHT),
#undef FC
    };
    for (const auto &c : codes) {
        EXPECT_STREQ(c.name, fusecanon_error_name(c.code));
        const char *text = fusecanon_strerror(c.code);
        ASSERT_NE(text, nullptr);
        EXPECT_GT(std::strlen(text), 3u);
        EXPECT_STRNE("unknown error code", text);
        EXPECT_EQ(c.code < 0 ? 1 : 0, fusecanon_is_error(c.code));
    }
    EXPECT_STREQ("FUSECANON_E_UNKNOWN_CODE", fusecanon_error_name(-1000));
    EXPECT_STREQ("unknown error code", fusecanon_strerror(-1000));
    EXPECT_STREQ("FUSECANON_OK", fusecanon_error_name(42));
}

TEST(Barrier, InternalFailuresComeBackAsErrorCodes)
{
    EXPECT_EQ(FUSECANON_OK, fusecanon_barrier_selftest(0));
    for (int kind = 1; kind <= 3; kind++)
        EXPECT_EQ(FUSECANON_E_INTERNAL, fusecanon_barrier_selftest(kind)) << "kind " << kind;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_barrier_selftest(-1));
    // Still alive, still answering.
    EXPECT_EQ(fusecanon_version(), static_cast<unsigned>(FUSECANON_VERSION_NUMBER));
}
