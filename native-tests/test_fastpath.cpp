// The header's fast path from C: the static inline fusecanon_plan_*() helpers on the plans
// fusecanon_session_plan() hands out agree with the library's scalar translators and message calls, for every
// single bit, random flag words, every errno below the table's limit and small lock types, on pairs of every
// family (and identity pairs); the expected-value table's cases hold too. The layout is checked statically
// here against the header's own structs and at run time by the plan_size handshake (the library refuses a
// caller compiled with another layout); src/FuseCanon.Tests/Interop/FastPathInteropTests checks it against
// the engine's structs field by field.
#include <fusecanon.h>
#include <gtest/gtest.h>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>
#include "generated/expected_values.h"

static_assert(offsetof(struct fusecanon_plan, open_flags) == 0, "plan layout");
static_assert(offsetof(struct fusecanon_plan, poll_events) == sizeof(struct fusecanon_flag_plan), "plan layout");
static_assert(offsetof(struct fusecanon_plan, errno_map) == 2 * sizeof(struct fusecanon_flag_plan), "plan layout");
static_assert(sizeof(struct fusecanon_flag_plan) == 4 * 256 * 4 + 8, "flag plan: 4x256 uint32 tables, known, valid");
static_assert(sizeof(struct fusecanon_errno_plan) == (FUSECANON_PLAN_ERRNO_LIMIT + 2) * 2, "errno plan");
static_assert(sizeof(struct fusecanon_lock_plan) == (2 * FUSECANON_PLAN_LOCK_PAIRS + 1) * 4, "lock plan");
static_assert(offsetof(struct fusecanon_plan, all_identity) + 1 <= sizeof(struct fusecanon_plan), "plan layout");
static_assert(sizeof(struct fusecanon_msg) == 2 * sizeof(void *) + 8, "batch element");

namespace {

struct Session {
    fusecanon_session *s = nullptr;
    Session(uint32_t role, const char *local, const char *wire)
    {
        struct fusecanon_config cfg = {};
        cfg.size = sizeof cfg;
        cfg.role = role;
        cfg.local_arch = fusecanon_arch_id_from_name(local);
        cfg.wire = fusecanon_arch_id_from_name(wire);
        EXPECT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s)) << local << " <- " << wire;
    }
    ~Session() { fusecanon_session_destroy(s); }
};

const char *const kArches[] = {"x86_64", "aarch64", "alpha", "sparc64", "mips64", "parisc", "ppc64le"};

} // namespace

TEST(FastPath, PlanGetterHandshake)
{
    Session server(FUSECANON_ROLE_SERVER, "x86_64", "aarch64");
    EXPECT_NE(nullptr, fusecanon_session_plan(server.s, FUSECANON_DIR_DECODE, sizeof(struct fusecanon_plan)));
    EXPECT_NE(nullptr, fusecanon_session_plan(server.s, FUSECANON_DIR_ENCODE, sizeof(struct fusecanon_plan)));
    EXPECT_EQ(nullptr, fusecanon_session_plan(server.s, FUSECANON_DIR_DECODE, sizeof(struct fusecanon_plan) + 4));
    EXPECT_EQ(nullptr, fusecanon_session_plan(server.s, 7, sizeof(struct fusecanon_plan)));
    EXPECT_EQ(nullptr, fusecanon_session_plan(nullptr, FUSECANON_DIR_DECODE, sizeof(struct fusecanon_plan)));
    struct fusecanon_config cfg = {};
    cfg.size = sizeof cfg;
    cfg.role = FUSECANON_ROLE_SERVER;
    fusecanon_session *pending = nullptr;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &pending));
    EXPECT_EQ(nullptr, fusecanon_session_plan(pending, FUSECANON_DIR_DECODE, sizeof(struct fusecanon_plan)));
    fusecanon_session_destroy(pending);
}

TEST(FastPath, InlineHelpersAgreeWithTheLibrary)
{
    std::mt19937 rnd(7);
    for (const char *wire : kArches) {
        for (const char *local : {"x86_64", "aarch64", "alpha"}) {
            Session server(FUSECANON_ROLE_SERVER, local, wire);
            const fusecanon_plan *p = fusecanon_session_plan(server.s, FUSECANON_DIR_DECODE, sizeof(struct fusecanon_plan));
            ASSERT_NE(nullptr, p);
            // A wire of this side's format is mode NONE: the plans are identity, the wire arch is local's.
            uint32_t from = fusecanon_session_mode(server.s) == FUSECANON_MODE_NONE ? fusecanon_arch_id_from_name(local)
                                                                                    : fusecanon_arch_id_from_name(wire);
            uint32_t to = fusecanon_arch_id_from_name(local);
            std::vector<uint32_t> words;
            for (int b = 0; b < 32; b++)
                words.push_back(1u << b);
            for (int i = 0; i < 300; i++)
                words.push_back(rnd());
            for (uint32_t v : words) {
                uint32_t a = 0, b = 0;
                int sa = fusecanon_plan_open_flags(p, v, &a);
                if (!p->open_flags_identity) {
                    int sb = fusecanon_xlate_open_flags(from, to, v, &b);
                    EXPECT_EQ(sb, sa) << wire << "->" << local << " flags 0x" << std::hex << v;
                    EXPECT_EQ(b, a) << wire << "->" << local << " flags 0x" << std::hex << v;
                } else {
                    EXPECT_EQ(FUSECANON_OK, sa);
                    EXPECT_EQ(v, a);
                }
                sa = fusecanon_plan_poll_events(p, v & 0xFFFF, &a);
                if (!p->poll_events_identity) {
                    int sb = fusecanon_xlate_poll_events(from, to, v & 0xFFFF, &b);
                    EXPECT_EQ(sb, sa) << wire << "->" << local << " events 0x" << std::hex << (v & 0xFFFF);
                    EXPECT_EQ(b, a) << wire << "->" << local << " events 0x" << std::hex << (v & 0xFFFF);
                } else {
                    EXPECT_EQ(FUSECANON_OK, sa);
                    EXPECT_EQ(v & 0xFFFF, a);
                }
            }
            for (int32_t e = 0; e < FUSECANON_PLAN_ERRNO_LIMIT + 5; e++) {
                int32_t a = 0, b = 0;
                int sa = fusecanon_plan_errno(p, e, &a);
                if (p->errno_identity) {
                    EXPECT_EQ(e, a);
                    continue;
                }
                int sb = fusecanon_xlate_errno(from, to, e, &b);
                if (sb == FUSECANON_OK && b >= FUSECANON_PLAN_ERRNO_REPLY_LIMIT)
                    sb = FUSECANON_E_UNKNOWN_VALUE, b = p->errno_map.eio; // a reply cannot carry it: EIO
                EXPECT_EQ(sb, sa) << wire << "->" << local << " errno " << e;
                EXPECT_EQ(b, a) << wire << "->" << local << " errno " << e;
            }
            for (uint32_t t = 0; t < 64; t++) {
                uint32_t a = 0, b = 0;
                int sa = fusecanon_plan_lock_type(p, t, &a);
                if (p->lock_types_identity) {
                    EXPECT_EQ(t, a);
                    continue;
                }
                int sb = fusecanon_xlate_lock_type(from, to, t, &b);
                EXPECT_EQ(sb, sa);
                EXPECT_EQ(b, a);
            }
        }
    }
}

TEST(FastPath, ExpectedValuesThroughPlans)
{
    for (const fc_expect_case &c : fc_expect_cases) {
        if (c.group == FC_GROUP_IOCTL_CMD || std::strcmp(c.from, c.to) == 0)
            continue;
        Session client(FUSECANON_ROLE_CLIENT, c.from, c.to); // encode: from (local) -> to (wire)
        const fusecanon_plan *p = fusecanon_session_plan(client.s, FUSECANON_DIR_ENCODE, sizeof(struct fusecanon_plan));
        ASSERT_NE(nullptr, p);
        uint32_t out = 0;
        int st;
        switch (c.group) {
        case FC_GROUP_OPEN_FLAGS: st = fusecanon_plan_open_flags(p, c.in, &out); break;
        case FC_GROUP_POLL_EVENTS: st = fusecanon_plan_poll_events(p, c.in, &out); break;
        case FC_GROUP_LOCK_TYPE: st = fusecanon_plan_lock_type(p, c.in, &out); break;
        default: {
            int32_t r = 0;
            st = fusecanon_plan_errno(p, (int32_t)c.in, &r);
            out = (uint32_t)r;
            if (c.result == FC_EXPECT_OK && c.out >= FUSECANON_PLAN_ERRNO_REPLY_LIMIT)
                continue; // beyond a reply: EIO on the fast path, as in messages
        }
        }
        bool identity = (c.group == FC_GROUP_OPEN_FLAGS && p->open_flags_identity) ||
                        (c.group == FC_GROUP_POLL_EVENTS && p->poll_events_identity) ||
                        (c.group == FC_GROUP_LOCK_TYPE && p->lock_types_identity) ||
                        (c.group == FC_GROUP_ERRNO && p->errno_identity);
        if (identity)
            continue; // same values: passed through, unknown bits included, as the message calls do
        EXPECT_EQ(c.result == FC_EXPECT_OK ? FUSECANON_OK : FUSECANON_E_UNKNOWN_VALUE, st) << c.from << "->" << c.to << " " << c.what;
        if (c.result == FC_EXPECT_OK) {
            EXPECT_EQ(c.out, out) << c.from << "->" << c.to << " " << c.what;
        }
    }
}
