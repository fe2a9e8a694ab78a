// Scalar exports of the architecture registry and the one-value translations (docs/scalar-abi.md).
// Expected values come from native-tests/generated/expected_values.h, written by src/FuseCanon.TableGen from the
// same uapi header values the library's tables were generated from; nothing here is typed from memory.
#include <fusecanon.h>
#include <gtest/gtest.h>
#include <cstdint>
#include <cstring>
#include "generated/expected_values.h"

#if defined(FUSECANON_ARCH_CANONICAL)

namespace {

int call(int group, uint32_t from, uint32_t to, uint32_t in, uint32_t *out)
{
    switch (group) {
    case FC_GROUP_OPEN_FLAGS: return fusecanon_xlate_open_flags(from, to, in, out);
    case FC_GROUP_ERRNO: {
        int32_t r = 0;
        int s = fusecanon_xlate_errno(from, to, static_cast<int32_t>(in), out ? &r : nullptr);
        if (out)
            *out = static_cast<uint32_t>(r);
        return s;
    }
    case FC_GROUP_LOCK_TYPE: return fusecanon_xlate_lock_type(from, to, in, out);
    case FC_GROUP_POLL_EVENTS: return fusecanon_xlate_poll_events(from, to, in, out);
    default: return fusecanon_xlate_ioctl_cmd(from, to, in, out);
    }
}

} // namespace

TEST(ArchRegistry, NamesAndIds)
{
    EXPECT_EQ(0u, fusecanon_arch_id_from_name(nullptr));
    EXPECT_EQ(0u, fusecanon_arch_id_from_name(""));
    EXPECT_EQ(0, fusecanon_arch_known(0));
    EXPECT_EQ(1, fusecanon_arch_known(FUSECANON_ARCH_CANONICAL));
    EXPECT_STREQ("canonical", fusecanon_arch_name(FUSECANON_ARCH_CANONICAL));
    EXPECT_EQ(nullptr, fusecanon_arch_name(0));
    EXPECT_EQ(nullptr, fusecanon_arch_name(fusecanon_arch_id_from_name("vax")));
    for (const auto &c : fc_expect_cases) {
        for (const char *n : {c.from, c.to}) {
            uint32_t id = fusecanon_arch_id_from_name(n);
            EXPECT_EQ(1, fusecanon_arch_known(id)) << n;
            EXPECT_STREQ(n, fusecanon_arch_name(id)) << n;
        }
    }
}

TEST(ArchRegistry, HostIsStable)
{
    EXPECT_EQ(fusecanon_arch_host(), fusecanon_arch_host());
    EXPECT_NE(0u, fusecanon_arch_host());
}

TEST(ScalarXlate, GeneratedCases)
{
    ASSERT_GT(FC_EXPECT_CASE_COUNT, 0u);
    for (const auto &c : fc_expect_cases) {
        uint32_t from = fusecanon_arch_id_from_name(c.from), to = fusecanon_arch_id_from_name(c.to);
        uint32_t out = 0xdeadbeefu;
        int s = call(c.group, from, to, c.in, &out);
        if (c.result == FC_EXPECT_OK) {
            EXPECT_EQ(FUSECANON_OK, s) << c.from << "->" << c.to << " " << c.what;
            EXPECT_EQ(c.out, out) << c.from << "->" << c.to << " " << c.what;
        } else {
            EXPECT_EQ(FUSECANON_E_UNKNOWN_VALUE, s) << c.from << "->" << c.to << " " << c.what;
            if (c.group == FC_GROUP_ERRNO) {
                EXPECT_EQ(c.out, out) << "unknown errno gives the target's EIO: " << c.what;
            }
        }
    }
}

TEST(ScalarXlate, ErrorPaths)
{
    uint32_t x86 = fusecanon_arch_id_from_name("x86_64");
    uint32_t vax = fusecanon_arch_id_from_name("vax");
    for (int g = FC_GROUP_OPEN_FLAGS; g <= FC_GROUP_IOCTL_CMD; g++) {
        uint32_t out = 0;
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, call(g, x86, FUSECANON_ARCH_CANONICAL, 1, nullptr)) << g;
        EXPECT_EQ(FUSECANON_E_UNKNOWN_ARCH, call(g, vax, x86, 1, &out)) << g;
        EXPECT_EQ(FUSECANON_E_UNKNOWN_ARCH, call(g, x86, 0, 1, &out)) << g;
    }
    int32_t e = 0;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_xlate_errno(x86, FUSECANON_ARCH_CANONICAL, -1, &e));
    EXPECT_EQ(FUSECANON_OK, fusecanon_xlate_errno(x86, FUSECANON_ARCH_CANONICAL, 0, &e));
    EXPECT_EQ(0, e);
}

#else

TEST(ScalarXlate, HeaderLacksScalarAbi)
{
    GTEST_SKIP() << "include/fusecanon.h does not declare the scalar ABI yet (docs/scalar-abi.md)";
}

#endif
