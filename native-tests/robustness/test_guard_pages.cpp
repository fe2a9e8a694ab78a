// Every entry point that takes a buffer, called with buffers that end exactly at a PROT_NONE page and start
// right after one, for every length from 0 to the whole message: an over-read or over-write faults at once.
// Requests and replies of every opcode in every session kind, iovec entries at page edges split at every
// point, the four INIT calls, the struct arguments (config, stats, session info), the describe functions
// (message and output at every length: never past len, NUL-terminated, BUFFER_TOO_SMALL exactly when the text
// does not fit), the batch calls (each message, the fusecanon_msg array and the results at a page edge), and the
// connection tier (every prefix of every request through fusecanon_server_recv, replies through _send and
// fusecanon_client_recv).
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
                fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, x86, 0, 0, 0, 0, 0, 0};
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
                fusecanon_config c{sizeof c, FUSECANON_ROLE_CLIENT, x86, 0, 0, 0, be ? FUSECANON_CFG_LOCAL_BIG_ENDIAN : 0u, 0, 0};
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
    fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), FUSECANON_ARCH_CANONICAL, 0, 0, 0, 0, 0};
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

namespace {

fz::GuardRegion g_out(1), g_full(1);

// One describe call (out, n) -> result, at every output length 0..needed+1, the output ending at the guard
// and starting right after the other one (with sentinel bytes after len): never past len, NUL-terminated,
// BUFFER_TOO_SMALL exactly when the text does not fit (fz::describe_check).  Returns the full text's result.
template <typename F>
int every_output_length(F call, const std::string &what)
{
    char *full = reinterpret_cast<char *>(g_full.base + g_full.size - 2048);
    int full_r = call(full, 2048);
    EXPECT_TRUE(fz::describe_result_documented(full_r)) << what << ": " << full_r;
    size_t top = full_r >= 0 ? static_cast<size_t>(full_r) + 1 : 8;
    for (size_t len = 0; len <= top; len++)
        for (int edge = 0; edge < 2; edge++) {
            size_t after = edge ? 32 : 0;
            char *out = reinterpret_cast<char *>(edge ? g_out.base : g_out.base + g_out.size - len);
            std::memset(out, 0xA5, len + after);
            int r = call(out, len);
            const char *why = fz::describe_check(r, out, len, after, full_r, full);
            EXPECT_EQ(nullptr, why) << what << " len " << len << " edge " << edge << ": " << (why ? why : "") << " (" << r << ")";
            if (why)
                return full_r;
        }
    return full_r;
}

const uint32_t kDescribeArches[] = {fz::arch("x86_64"), fz::arch("sparc64"), fz::arch("alpha"), fz::arch("mips64"),
                                    fz::arch("parisc"), FUSECANON_ARCH_CANONICAL};

} // namespace

TEST(GuardPages, DescribeValueAtEveryOutputLength)
{
    for (uint32_t a : kDescribeArches)
        for (int g = 0; g < 4; g++)
            for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{2}, int64_t{5}, int64_t{20}, int64_t{0x8000}, int64_t{0x101002},
                              int64_t{0x7FFFFFFF}, int64_t{-1}, int64_t{0xFFFFFFFF}, INT64_MIN}) {
                int r = every_output_length([&](char *b, size_t n) { return fusecanon_describe_value(a, g, v, b, n); },
                                            "value arch " + std::to_string(a) + " group " + std::to_string(g) + " v " + std::to_string(v));
                ASSERT_GE(r, 0);
            }
}

TEST(GuardPages, DescribeRequestsAndRepliesAtEveryLength)
{
    for (uint32_t a : kDescribeArches)
        for (const auto &op : samples::kOps) {
            Bytes rq = samples::request(op);
            // The whole message (ending at the guard, then starting after it) at every output length.
            for (int edge = 0; edge < 2; edge++) {
                uint8_t *m = (edge ? g_b : g_a).place(rq.data(), rq.size(), edge);
                int r = every_output_length([&](char *b, size_t n) { return fusecanon_describe_request(a, m, rq.size(), b, n); },
                                            std::string("request ") + op.name);
                ASSERT_GT(r, 0) << op.name;
                ASSERT_TRUE(fz::same(m, rq.data(), rq.size()));
            }
            // Every message length at both edges, a large output.
            for (size_t len = 0; len <= rq.size(); len++)
                for (int edge = 0; edge < 2; edge++) {
                    uint8_t *m = (edge ? g_b : g_a).place(rq.data(), len, edge);
                    char out[2048];
                    int r = fusecanon_describe_request(a, m, len, out, sizeof out);
                    ASSERT_EQ(len < 40 ? FUSECANON_E_TRUNCATED : static_cast<int>(std::strlen(out)), r) << op.name << " " << len;
                }
            if (op.reply == samples::kNone)
                continue;
            Bytes rp = samples::reply(op);
            fz::put32(rp, 4, static_cast<uint32_t>(-20), false); // also an error reply, below
            Bytes ok = samples::reply(op);
            for (const Bytes *p : {&ok, &rp})
                for (int edge = 0; edge < 2; edge++) {
                    uint8_t *m = (edge ? g_b : g_a).place(p->data(), p->size(), edge);
                    int r = every_output_length(
                        [&](char *b, size_t n) { return fusecanon_describe_reply(a, op.opcode, m, p->size(), b, n); },
                        std::string("reply ") + op.name);
                    ASSERT_GT(r, 0) << op.name;
                }
            for (size_t len = 0; len <= ok.size(); len++)
                for (int edge = 0; edge < 2; edge++) {
                    uint8_t *m = (edge ? g_b : g_a).place(ok.data(), len, edge);
                    char out[2048];
                    int r = fusecanon_describe_reply(a, op.opcode, m, len, out, sizeof out);
                    ASSERT_EQ(len < 16 ? FUSECANON_E_TRUNCATED : static_cast<int>(std::strlen(out)), r) << op.name << " " << len;
                }
        }
}

namespace {

// One region per message of a batch: each message ends at (or starts right after) its own guard page.
fz::GuardRegion *g_slots[16] = {};

fz::GuardRegion &slot(size_t i)
{
    if (!g_slots[i])
        g_slots[i] = new fz::GuardRegion(1);
    return *g_slots[i];
}

using Batch = int (*)(const fusecanon_session *, const fusecanon_msg *, size_t, int *);

// Every prefix of msg (header len set to the prefix, and kept) as a batch of up to 16 messages, each at a
// page edge, with the fusecanon_msg array and the results array ending at a guard: each result and each
// message's bytes equal the single call's on a copy, the return value counts the successes.
void batch_every_length(fusecanon_session *s, Batch batch, Call single, uint32_t op, const Bytes &msg, bool big,
                        const std::string &what)
{
    std::vector<Bytes> all;
    for (size_t len = 0; len <= msg.size(); len++)
        for (int fix = 0; fix < 2; fix++) {
            Bytes m(msg.begin(), msg.begin() + static_cast<long>(len));
            if (fix)
                fz::fix_len(m, big);
            all.push_back(m);
        }
    for (int edge = 0; edge < 2; edge++)
        for (size_t first = 0; first < all.size(); first += 16) {
            size_t n = std::min<size_t>(16, all.size() - first);
            fusecanon_msg ms[16];
            for (size_t i = 0; i < n; i++) {
                const Bytes &m = all[first + i];
                ms[i] = {slot(i).place(m.data(), m.size(), (i + edge) & 1), m.size(), op, 0};
            }
            auto *arr = reinterpret_cast<fusecanon_msg *>(g_a.place(reinterpret_cast<uint8_t *>(ms), n * sizeof ms[0], false));
            int *res = reinterpret_cast<int *>(g_b.base + g_b.size - n * sizeof(int));
            int ok = batch(s, arr, n, res), want = 0;
            for (size_t i = 0; i < n; i++) {
                const Bytes &m = all[first + i];
                Bytes copy = m;
                int r = single(s, op, copy.empty() ? reinterpret_cast<uint8_t *>(&copy) : copy.data(), copy.size());
                ASSERT_EQ(r, res[i]) << what << " message " << first + i;
                ASSERT_TRUE(fz::same(static_cast<uint8_t *>(arr[i].data), copy.data(), m.size())) << what << " message " << first + i;
                want += r == FUSECANON_OK;
            }
            ASSERT_EQ(want, ok) << what;
        }
}

int req_decode_b(const fusecanon_session *s, const fusecanon_msg *m, size_t n, int *r) { return fusecanon_request_decode_batch(s, m, n, r); }
int req_encode_b(const fusecanon_session *s, const fusecanon_msg *m, size_t n, int *r) { return fusecanon_request_encode_batch(s, m, n, r); }
int rep_encode_b(const fusecanon_session *s, const fusecanon_msg *m, size_t n, int *r) { return fusecanon_reply_encode_batch(s, m, n, r); }
int rep_decode_b(const fusecanon_session *s, const fusecanon_msg *m, size_t n, int *r) { return fusecanon_reply_decode_batch(s, m, n, r); }

} // namespace

TEST(GuardPages, BatchesOfEveryOpcodeAtEveryLength)
{
    auto ks = rb::kinds();
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            Bytes local = samples::request(op), wire = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(k.client, wire.data(), wire.size())) << op.name;
            batch_every_length(k.client, req_encode_b, req_encode, 0, local, false, std::string(k.name) + " encode batch " + op.name);
            batch_every_length(k.server, req_decode_b, req_decode, 0, wire, big_wire(k), std::string(k.name) + " decode batch " + op.name);
            if (op.reply == samples::kNone)
                continue;
            local = samples::reply(op);
            wire = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(k.server, op.opcode, wire.data(), wire.size())) << op.name;
            batch_every_length(k.server, rep_encode_b, rep_encode, op.opcode, local, false,
                               std::string(k.name) + " encode reply batch " + op.name);
            batch_every_length(k.client, rep_decode_b, rep_decode, op.opcode, wire, big_wire(k),
                               std::string(k.name) + " decode reply batch " + op.name);
        }
    rb::destroy(ks);
}

TEST(GuardPages, SessionInfoAndStatsOfTheMinimumSizeAtTheGuard)
{
    auto ks = rb::kinds();
    static_assert(sizeof(struct fusecanon_session_info) == 48, "first version of struct fusecanon_session_info");
    for (auto &k : ks)
        for (fusecanon_session *s : {k.server, k.client}) {
            struct fusecanon_session_info in{};
            in.size = 48;
            auto *info = reinterpret_cast<struct fusecanon_session_info *>(g_a.place(reinterpret_cast<uint8_t *>(&in), 48, false));
            ASSERT_EQ(FUSECANON_OK, fusecanon_session_info(s, info)) << k.name;
            EXPECT_EQ(48u, info->size);
            EXPECT_EQ(fusecanon_session_mode(s), info->mode);
            EXPECT_EQ(fusecanon_session_peer_arch(s), info->peer_arch);
            // One byte less: FUSECANON_E_STRUCT_SIZE, nothing written (the struct starts after a guard too).
            in.size = 47;
            uint8_t *p = g_b.place(reinterpret_cast<uint8_t *>(&in), 47, true);
            Bytes before(p, p + 47);
            EXPECT_EQ(FUSECANON_E_STRUCT_SIZE, fusecanon_session_info(s, reinterpret_cast<struct fusecanon_session_info *>(p)));
            EXPECT_TRUE(fz::same(p, before.data(), 47));
            // The stats struct at the guard after a batch; the counters moved.
            fusecanon_stats st{};
            st.size = 72;
            auto *out = reinterpret_cast<fusecanon_stats *>(g_a.place(reinterpret_cast<uint8_t *>(&st), 72, false));
            EXPECT_EQ(FUSECANON_OK, fusecanon_session_stats(s, out));
            EXPECT_EQ(72u, out->size);
        }
    rb::destroy(ks);
}

namespace {

// What the connection tier may return for a message: a translated one (0), the bytes to send (> 0), or a
// documented error, including the tier's own two.
bool tier_result_documented(int r, size_t len)
{
    return (r > 0 && static_cast<size_t>(r) <= len) || fz::message_result_documented(r) ||
           r == FUSECANON_E_UNKNOWN_UNIQUE || r == FUSECANON_E_TOO_MANY_IN_FLIGHT;
}

void put_unique(Bytes &m, uint64_t unique, bool big)
{
    if (m.size() >= 16)
        fz::put64(m, 8, unique, big);
}

} // namespace

TEST(GuardPages, ConnectionTierAtEveryLength)
{
    // Every prefix of every request through fusecanon_server_recv, at both page edges; a request that was
    // dispatched is answered at once through fusecanon_server_send (also at a page edge) so that the in-flight
    // table never fills; an answer the library wrote itself must lie inside the buffer.
    auto ks = rb::kinds();
    uint64_t unique = 2;
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            Bytes local = samples::request(op);
            Bytes wire = local;
            ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(k.client, wire.data(), wire.size())) << op.name;
            bool big = big_wire(k);
            for (size_t len = 0; len <= wire.size(); len++) {
                for (int fix = 0; fix < 4; fix++) {
                    Bytes m(wire.begin(), wire.begin() + static_cast<long>(len));
                    if (fix & 1)
                        fz::fix_len(m, big);
                    unique += 2;
                    put_unique(m, unique, big);
                    uint8_t *p = fix & 2 ? g_b.place(m.data(), m.size(), true) : g_a.place(m.data(), m.size(), false);
                    int r = fusecanon_server_recv(k.server, p, m.size());
                    ASSERT_TRUE(tier_result_documented(r, m.size())) << k.name << " " << op.name << " len " << len << ": " << r;
                    if (r < 0) {
                        ASSERT_TRUE(fz::same(p, m.data(), m.size())) << k.name << " " << op.name << " changed on error";
                    }
                    if (r != 0 || op.reply == samples::kNone)
                        continue;
                    Bytes e(sizeof(fuse_out_header));
                    fuse_out_header h{};
                    h.len = sizeof h;
                    h.error = -5;
                    h.unique = unique;
                    std::memcpy(e.data(), &h, sizeof h);
                    uint8_t *q = g_a.place(e.data(), e.size(), false);
                    int s = fusecanon_server_send(k.server, q, e.size());
                    ASSERT_TRUE(s == static_cast<int>(e.size()) || s == FUSECANON_E_UNKNOWN_UNIQUE)
                        << k.name << " " << op.name << " reply: " << s;
                }
            }
        }
    // Replies and notifications of every length through fusecanon_client_recv (nothing held: documented codes,
    // the buffer unchanged on error).
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            if (op.reply == samples::kNone)
                continue;
            Bytes wire = samples::reply(op);
            ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(k.server, op.opcode, wire.data(), wire.size())) << op.name;
            for (size_t len = 0; len <= wire.size(); len++) {
                Bytes m(wire.begin(), wire.begin() + static_cast<long>(len));
                fz::fix_len(m, big_wire(k));
                uint8_t *p = g_a.place(m.data(), m.size(), false);
                int r = fusecanon_client_recv(k.client, p, m.size());
                ASSERT_TRUE(tier_result_documented(r, m.size())) << k.name << " " << op.name << " len " << len << ": " << r;
                if (r < 0) {
                    ASSERT_TRUE(fz::same(p, m.data(), m.size())) << k.name << " " << op.name << " changed on error";
                }
            }
        }
    rb::destroy(ks);
}
