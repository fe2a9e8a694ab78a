// Every entry point that takes a buffer, called with buffers that end exactly at a PROT_NONE page and start
// right after one, for every length from 0 to the whole message: an over-read or over-write faults at once.
// Requests and replies of every opcode in every session kind, iovec entries at page edges split at every
// point, the four INIT calls, and the struct arguments (config, stats).
#include "robustness_support.hpp"

#include <gtest/gtest.h>
#include <sys/uio.h>

using rb::Bytes;

namespace {

fz::GuardRegion g_a(4), g_b(4);

using Call = int (*)(fusecanon_session *, uint32_t, uint8_t *, size_t);

int req_decode(fusecanon_session *s, uint32_t, uint8_t *b, size_t n) { return fusecanon_request_decode(s, b, n); }
int req_encode(fusecanon_session *s, uint32_t, uint8_t *b, size_t n) { return fusecanon_request_encode(s, b, n); }
int rep_encode(fusecanon_session *s, uint32_t op, uint8_t *b, size_t n) { return fusecanon_reply_encode(s, op, b, n); }
int rep_decode(fusecanon_session *s, uint32_t op, uint8_t *b, size_t n) { return fusecanon_reply_decode(s, op, b, n); }

// Every prefix of msg at both edges (header len kept, and header len set to the prefix): documented codes,
// unchanged on error, the same outcome at both edges; the whole message succeeds.
void every_length(fusecanon_session *s, Call call, uint32_t op, const Bytes &msg, bool big, const std::string &what)
{
    for (size_t len = 0; len <= msg.size(); len++) {
        for (int fix = 0; fix < 2; fix++) {
            Bytes m(msg.begin(), msg.begin() + static_cast<long>(len));
            if (fix)
                fz::fix_len(m, big);
            uint8_t *end = g_a.place(m.data(), m.size(), false);
            uint8_t *start = g_b.place(m.data(), m.size(), true);
            int r1 = call(s, op, end, m.size());
            int r2 = call(s, op, start, m.size());
            ASSERT_TRUE(fz::message_result_documented(r1)) << what << " len " << len << ": " << r1;
            ASSERT_EQ(r1, r2) << what << " len " << len;
            ASSERT_TRUE(fz::same(end, start, m.size())) << what << " len " << len;
            if (r1 < 0) {
                ASSERT_TRUE(fz::same(end, m.data(), m.size())) << what << " changed on error, len " << len;
            }
            if (len == msg.size()) {
                ASSERT_EQ(FUSECANON_OK, r1) << what << " whole message";
            }
        }
    }
}

bool big_wire(const rb::Kind &k) { return std::string(k.name) == "peer-be"; }

} // namespace

TEST(GuardPages, RequestsOfEveryOpcodeAtEveryLength)
{
    auto ks = rb::kinds();
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            Bytes local = samples::request(op);
            Bytes wire = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(k.client, wire.data(), wire.size())) << op.name;
            every_length(k.client, req_encode, 0, local, false, std::string(k.name) + " encode " + op.name);
            every_length(k.server, req_decode, 0, wire, big_wire(k), std::string(k.name) + " decode " + op.name);
        }
    rb::destroy(ks);
}

TEST(GuardPages, RepliesOfEveryOpcodeAtEveryLength)
{
    auto ks = rb::kinds();
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            if (op.reply == samples::kNone)
                continue;
            Bytes local = samples::reply(op);
            Bytes wire = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(k.server, op.opcode, wire.data(), wire.size())) << op.name;
            every_length(k.server, rep_encode, op.opcode, local, false, std::string(k.name) + " encode reply " + op.name);
            every_length(k.client, rep_decode, op.opcode, wire, big_wire(k), std::string(k.name) + " decode reply " + op.name);
        }
    rb::destroy(ks);
}

TEST(GuardPages, IovecEntriesAtPageEdgesSplitAtEveryPoint)
{
    auto ks = rb::kinds();
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            if (op.reply == samples::kNone)
                continue;
            Bytes local = samples::reply(op);
            Bytes want = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(k.server, op.opcode, want.data(), want.size()));
            for (size_t cut = 0; cut <= local.size(); cut++)
                for (int edge = 0; edge < 2; edge++) {
                    iovec iov[2];
                    auto *a = g_a.place(local.data(), cut, edge);
                    auto *b = g_b.place(local.data() + cut, local.size() - cut, !edge);
                    iov[0] = {a, cut};
                    iov[1] = {b, local.size() - cut};
                    ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode_iov(k.server, op.opcode, iov, 2))
                        << k.name << " " << op.name << " cut " << cut;
                    ASSERT_TRUE(fz::same(a, want.data(), cut)) << k.name << " " << op.name << " cut " << cut;
                    ASSERT_TRUE(fz::same(b, want.data() + cut, local.size() - cut)) << k.name << " " << op.name;
                }
        }
    rb::destroy(ks);
}

TEST(GuardPages, IovecArrayItselfAtAPageEdge)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("sparc64"));
    Bytes err(16);
    fz::put32(err, 0, 16, false);
    fz::put32(err, 4, static_cast<uint32_t>(-2), false);
    fz::put64(err, 8, 9, false);
    // The iovec array ends at the guard: the library must read exactly iovcnt entries.
    iovec one{err.data(), err.size()};
    auto *arr = reinterpret_cast<iovec *>(g_a.place(reinterpret_cast<uint8_t *>(&one), sizeof one, false));
    EXPECT_EQ(FUSECANON_OK, fusecanon_reply_encode_iov(s, FUSE_GETATTR, arr, 1));
    fusecanon_session_destroy(s);
}

TEST(GuardPages, InitCallsAtEveryLength)
{
    uint32_t x86 = fz::arch("x86_64");
    for (int swapped = 0; swapped < 2; swapped++) {
        Bytes rq = fz::init_request(45, fz::arch(swapped ? "sparc64" : "aarch64"), !swapped, 0, swapped);
        Bytes rp = fz::init_reply(45, true, 0, false);
        for (size_t len = 0; len <= rq.size(); len++)
            for (int edge = 0; edge < 2; edge++) {
                fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, x86, 0, 0, 0, 0, 0};
                fusecanon_session *s = nullptr;
                ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
                Bytes m(rq.begin(), rq.begin() + static_cast<long>(len));
                uint8_t *b = (edge ? g_b : g_a).place(m.data(), m.size(), edge);
                int r = fusecanon_server_init_request(s, b, m.size());
                ASSERT_TRUE(fz::init_result_documented(r)) << len;
                ASSERT_EQ(len == rq.size(), r == FUSECANON_OK) << len;
                if (r == FUSECANON_OK)
                    for (size_t rl = 0; rl <= rp.size(); rl++) {
                        Bytes p(rp.begin(), rp.begin() + static_cast<long>(rl));
                        uint8_t *pb = (edge ? g_a : g_b).place(p.data(), p.size(), !edge);
                        int r2 = fusecanon_server_init_reply(s, pb, p.size());
                        ASSERT_TRUE(fz::init_result_documented(r2)) << rl;
                        if (r2 < 0) {
                            ASSERT_TRUE(fz::same(pb, p.data(), p.size()));
                        }
                    }
                fusecanon_session_destroy(s);
            }
    }
    // Client side, little- and big-endian local messages.
    for (int be = 0; be < 2; be++) {
        Bytes rq = fz::init_request(45, 0, false, 0, be);
        Bytes rp = fz::init_reply(45, true, 0, be);
        for (size_t len = 0; len <= rq.size(); len++)
            for (int edge = 0; edge < 2; edge++) {
                fusecanon_config c{sizeof c, FUSECANON_ROLE_CLIENT, x86, 0, 0, 0, be ? FUSECANON_CFG_LOCAL_BIG_ENDIAN : 0u, 0};
                fusecanon_session *s = nullptr;
                ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
                Bytes m(rq.begin(), rq.begin() + static_cast<long>(len));
                uint8_t *b = (edge ? g_b : g_a).place(m.data(), m.size(), edge);
                int r = fusecanon_client_init_request(s, b, m.size());
                ASSERT_TRUE(fz::init_result_documented(r));
                ASSERT_EQ(len == rq.size(), r == FUSECANON_OK) << len;
                for (size_t rl = 0; r == FUSECANON_OK && rl <= rp.size(); rl++) {
                    Bytes p(rp.begin(), rp.begin() + static_cast<long>(rl));
                    uint8_t *pb = (edge ? g_a : g_b).place(p.data(), p.size(), !edge);
                    int r2 = fusecanon_client_init_reply(s, pb, p.size());
                    ASSERT_TRUE(fz::init_result_documented(r2));
                    ASSERT_TRUE(fz::same(pb, p.data(), p.size())); // the reply is never modified
                    if (r2 == FUSECANON_OK)
                        break;
                }
                fusecanon_session_destroy(s);
            }
    }
}

TEST(GuardPages, StructArgumentsReadAndWriteOnlyTheirSize)
{
    // A first-version config (32 bytes) ending at the guard.
    fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), FUSECANON_ARCH_CANONICAL, 0, 0, 0, 0};
    c.size = 32;
    auto *cfg = reinterpret_cast<fusecanon_config *>(g_a.place(reinterpret_cast<uint8_t *>(&c), 32, false));
    fusecanon_session *s = nullptr;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(cfg, &s));
    // The stats struct (its first version is the whole struct: 72 bytes; the header said 80 until issue 11)
    // ending at the guard; one byte less is FUSECANON_E_STRUCT_SIZE with nothing written.
    static_assert(sizeof(fusecanon_stats) == 72, "first version of struct fusecanon_stats");
    fusecanon_stats st{};
    st.size = sizeof st;
    auto *out = reinterpret_cast<fusecanon_stats *>(g_b.place(reinterpret_cast<uint8_t *>(&st), sizeof st, false));
    EXPECT_EQ(FUSECANON_OK, fusecanon_session_stats(s, out));
    EXPECT_EQ(72u, out->size);
    st.size = 71;
    auto *shorter = reinterpret_cast<fusecanon_stats *>(g_b.place(reinterpret_cast<uint8_t *>(&st), sizeof st, false));
    EXPECT_EQ(FUSECANON_E_STRUCT_SIZE, fusecanon_session_stats(s, shorter));
    EXPECT_EQ(71u, shorter->size);
    // The scalar translators' out pointer at the guard.
    auto *o = reinterpret_cast<uint32_t *>(g_a.base + g_a.size - 4);
    EXPECT_EQ(FUSECANON_OK, fusecanon_xlate_open_flags(fz::arch("x86_64"), fz::arch("aarch64"), 040000, o));
    fusecanon_session_destroy(s);
}
