// The bad-input matrix: every case asserts its documented error code AND that the buffer is byte-for-byte
// unchanged. NULL pointers, zero length, header len larger and smaller than the buffer, bodies one byte
// short for every opcode at every minor (the shortest accepted length is exactly one more than the longest
// rejected), unknown opcodes, odd addresses, notifications, a second INIT, calls before INIT completes,
// iovcnt out of range, reply errors out of range; the batch calls (NULL arrays, count 0 and too large, NULL
// data, batches mixing good and bad messages against single calls on a twin session, statistics included),
// fusecanon_session_plan (plan_size, direction, pending and rejected sessions), the describe functions
// (unknown group and arch, NULL pointers, truncated messages, len 0).
#include "robustness_support.hpp"

#include <gtest/gtest.h>
#include <sys/uio.h>

using rb::Bytes;

namespace {

// Calls f on a copy of m and checks the result and, on error, that the copy is unchanged.
template <typename F>
void expect_code(int want, const Bytes &m, F f, const std::string &what)
{
    Bytes b = m;
    int r = f(b.empty() ? reinterpret_cast<uint8_t *>(&b) : b.data(), b.size());
    EXPECT_EQ(want, r) << what << ": " << fusecanon_error_name(r);
    if (r < 0) {
        EXPECT_EQ(m, b) << what << ": buffer changed on error";
    }
}

Bytes getattr_request()
{
    for (const auto &op : samples::kOps)
        if (op.opcode == FUSE_GETATTR)
            return samples::request(op);
    return {};
}

} // namespace

TEST(BadInput, NullPointersAndZeroLength)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    Bytes m = getattr_request();
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_request_decode(nullptr, m.data(), m.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_request_decode(s, nullptr, m.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode(s, FUSE_GETATTR, nullptr, 16));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(s, FUSE_GETATTR, nullptr, 1));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_init_request(nullptr, m.data(), m.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_client_init_reply(s, nullptr, 0));
    fusecanon_session *other = s;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(nullptr, &other));
    EXPECT_EQ(nullptr, other);
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_stats(s, nullptr));
    expect_code(FUSECANON_E_TRUNCATED, Bytes{}, [&](uint8_t *b, size_t n) { return fusecanon_request_decode(s, b, n); }, "zero length");
    expect_code(FUSECANON_E_TRUNCATED, Bytes{}, [&](uint8_t *b, size_t n) { return fusecanon_reply_encode(s, 3, b, n); }, "zero-length reply");
    fusecanon_session_destroy(s);
}

TEST(BadInput, HeaderLenLargerAndSmallerThanTheBuffer)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    Bytes m = getattr_request();
    for (int64_t delta : {-40, -1, 1, 4096}) {
        Bytes b = m;
        fz::put32(b, 0, static_cast<uint32_t>(static_cast<int64_t>(m.size()) + delta), false);
        expect_code(FUSECANON_E_LENGTH_MISMATCH, b, [&](uint8_t *p, size_t n) { return fusecanon_request_decode(s, p, n); },
                    "len delta " + std::to_string(delta));
    }
    Bytes r = fz::init_reply(45, false, 0, false);
    fz::put32(r, 0, 17, false);
    expect_code(FUSECANON_E_LENGTH_MISMATCH, r, [&](uint8_t *p, size_t n) { return fusecanon_reply_encode(s, FUSE_INIT, p, n); }, "reply len");
    fusecanon_session_destroy(s);
}

// For every opcode and every minor a session can negotiate, the shortest accepted body is exactly one byte
// longer than the longest rejected one (TRUNCATED), and that rejection leaves the buffer unchanged.
TEST(BadInput, BodiesOneByteShortForEveryOpcodeAtEveryMinor)
{
    for (uint32_t minor = 36; minor <= 45; minor++) {
        fusecanon_session *s = rb::negotiated_server("aarch64", false, false, minor);
        for (const auto &op : samples::kOps) {
            Bytes m = samples::request(op);
            size_t names = op.req_tail_len;
            Bytes fixed(m.begin(), m.end() - static_cast<long>(names)); // header + fixed struct
            int longest_rejected = -1, shortest_accepted = -1;
            for (size_t body = 0; body <= fixed.size() - 40 + 8; body++) {
                Bytes b(40 + body);
                std::memcpy(b.data(), m.data(), std::min(b.size(), m.size()));
                fz::fix_len(b, false);
                Bytes orig = b;
                int r = fusecanon_request_decode(s, b.data(), b.size());
                if (r == FUSECANON_E_TRUNCATED) {
                    EXPECT_EQ(orig, b);
                    longest_rejected = static_cast<int>(body);
                } else if (shortest_accepted < 0 && r != FUSECANON_E_TRUNCATED) {
                    shortest_accepted = static_cast<int>(body);
                }
            }
            if (op.opcode > 39 + (minor >= 39 ? 14 : 0) || (op.opcode == 52 && minor < 39) || (op.opcode == 53 && minor < 45))
                continue; // not an opcode of this minor (checked below)
            if (longest_rejected >= 0) {
                EXPECT_EQ(longest_rejected + 1, shortest_accepted) << op.name << " minor " << minor;
            }
        }
        fusecanon_session_destroy(s);
    }
}

TEST(BadInput, UnknownOpcodes)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    for (uint32_t op : {0u, 19u, 54u, 1000u, 4097u, 0xFFFFFFFFu}) {
        Bytes m = getattr_request();
        fz::put32(m, 4, op, false);
        expect_code(FUSECANON_E_UNKNOWN_OPCODE, m, [&](uint8_t *p, size_t n) { return fusecanon_request_decode(s, p, n); },
                    "opcode " + std::to_string(op));
        Bytes r(16);
        fz::put32(r, 0, 16, false);
        fz::put64(r, 8, 5, false);
        expect_code(FUSECANON_E_UNKNOWN_OPCODE, r, [&](uint8_t *p, size_t n) { return fusecanon_reply_encode(s, op, p, n); },
                    "reply opcode " + std::to_string(op));
    }
    fusecanon_session_destroy(s);
}

TEST(BadInput, OddAddressesWorkIdentically)
{
    auto ks = rb::kinds();
    for (auto &k : ks)
        for (const auto &op : samples::kOps) {
            Bytes m = samples::request(op), aligned = m;
            std::vector<uint8_t> raw(m.size() + 8);
            for (size_t off = 1; off < 8; off++) {
                std::memcpy(raw.data() + off, m.data(), m.size());
                aligned = m;
                int ra = fusecanon_request_encode(k.client, aligned.data(), aligned.size());
                int ro = fusecanon_request_encode(k.client, raw.data() + off, m.size());
                ASSERT_EQ(ra, ro) << op.name;
                ASSERT_EQ(0, std::memcmp(aligned.data(), raw.data() + off, m.size())) << k.name << " " << op.name << " +" << off;
            }
        }
    rb::destroy(ks);
}

TEST(BadInput, NotificationsKeepTheirCodeAndAreCheckedOnlyForByteOrder)
{
    fusecanon_session *le = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    fusecanon_session *be = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("sparc64"));
    Bytes n(16 + sizeof(fuse_notify_inval_inode_out));
    fz::put32(n, 0, static_cast<uint32_t>(n.size()), false);
    fz::put32(n, 4, FUSE_NOTIFY_INVAL_INODE, false);
    Bytes b = n;
    EXPECT_EQ(FUSECANON_OK, fusecanon_reply_encode(le, 0, b.data(), b.size()));
    EXPECT_EQ(n, b); // the code is not an errno: untouched
    Bytes bad = n;
    fz::put32(bad, 4, 99, false); // no such notification: the swapper cannot walk it
    expect_code(FUSECANON_E_UNKNOWN_OPCODE, bad, [&](uint8_t *p, size_t k) { return fusecanon_reply_encode(be, 0, p, k); }, "notify 99");
    fusecanon_session_destroy(le);
    fusecanon_session_destroy(be);
}

TEST(BadInput, SecondInitAndCallsBeforeInitCompletes)
{
    fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), 0, 0, 0, 0, 0, 0};
    fusecanon_session *s = nullptr;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    Bytes g = getattr_request();
    auto dec = [&](uint8_t *p, size_t n) { return fusecanon_request_decode(s, p, n); };
    expect_code(FUSECANON_E_BAD_STATE, g, dec, "before INIT");
    Bytes rp = fz::init_reply(45, false, 0, false);
    expect_code(FUSECANON_E_BAD_STATE, rp, [&](uint8_t *p, size_t n) { return fusecanon_server_init_reply(s, p, n); }, "reply first");
    Bytes rq = fz::init_request(45, fz::arch("aarch64"), true, 0, false);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(s, rq.data(), rq.size()));
    expect_code(FUSECANON_E_BAD_STATE, g, dec, "between the INIT calls");
    expect_code(FUSECANON_E_BAD_STATE, rq, [&](uint8_t *p, size_t n) { return fusecanon_server_init_request(s, p, n); }, "request twice");
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(s, rp.data(), rp.size()));
    expect_code(FUSECANON_E_BAD_STATE, rq, [&](uint8_t *p, size_t n) { return fusecanon_server_init_request(s, p, n); }, "second INIT");
    expect_code(FUSECANON_E_BAD_STATE, rq, dec, "INIT as a message");
    fusecanon_session_destroy(s);
}

// Regression (fuzz_init): an INIT reply with unique 0 is a notification, not an INIT reply. On a server
// that swaps (big-endian client) it used to return FUSECANON_E_UNKNOWN_OPCODE, which the INIT calls do not
// document, and on other sessions it was accepted. Both roles now give FUSECANON_E_BAD_MESSAGE.
TEST(BadInput, InitReplyWithUniqueZeroIsNotAnInitReply)
{
    for (const char *client : {"sparc64", "aarch64"}) {
        fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), 0, 0, 0, 0, 0, 0};
        fusecanon_session *s = nullptr;
        ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
        bool swapped = std::string(client) == "sparc64";
        Bytes rq = fz::init_request(45, fz::arch(client), false, 0, swapped);
        ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(s, rq.data(), rq.size()));
        Bytes rp = fz::init_reply(45, false, 0, false);
        fz::put64(rp, 8, 0, false);
        int mode = fusecanon_session_mode(s);
        expect_code(FUSECANON_E_BAD_MESSAGE, rp, [&](uint8_t *p, size_t n) { return fusecanon_server_init_reply(s, p, n); }, client);
        EXPECT_EQ(mode, fusecanon_session_mode(s));
        fusecanon_session_destroy(s);
    }
    fusecanon_config c{sizeof c, FUSECANON_ROLE_CLIENT, fz::arch("x86_64"), 0, 0, 0, 0, 0, 0};
    fusecanon_session *s = nullptr;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    Bytes rq = fz::init_request(45, 0, false, 0, false);
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_request(s, rq.data(), rq.size()));
    Bytes rp = fz::init_reply(45, true, 0, false);
    fz::put64(rp, 8, 0, false);
    expect_code(FUSECANON_E_BAD_MESSAGE, rp, [&](uint8_t *p, size_t n) { return fusecanon_client_init_reply(s, p, n); }, "client");
    EXPECT_EQ(FUSECANON_MODE_PENDING, fusecanon_session_mode(s));
    fusecanon_session_destroy(s);
}

TEST(BadInput, IovcntOutOfRangeAndNullBases)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    Bytes e(16);
    fz::put32(e, 0, 16, false);
    fz::put32(e, 4, static_cast<uint32_t>(-2), false);
    fz::put64(e, 8, 5, false);
    Bytes orig = e;
    std::vector<iovec> many(1025, iovec{nullptr, 0});
    many[0] = {e.data(), e.size()};
    for (int cnt : {0, -1, 1025, 1 << 30, -2147483647 - 1})
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(s, FUSE_GETATTR, many.data(), cnt)) << cnt;
    EXPECT_EQ(orig, e);
    EXPECT_EQ(FUSECANON_OK, fusecanon_reply_encode_iov(s, FUSE_GETATTR, many.data(), 1024)); // empty NULL entries are fine
    iovec bad[2] = {{e.data(), 8}, {nullptr, 8}};
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_reply_encode_iov(s, FUSE_GETATTR, bad, 2));
    fusecanon_session_destroy(s);
}

TEST(BadInput, ReplyErrorsOutOfRange)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    for (int32_t err : {1, 5, 511, 0x7FFFFFFF, -512, -513, -4096, -2147483647 - 1}) {
        Bytes e(16);
        fz::put32(e, 0, 16, false);
        fz::put32(e, 4, static_cast<uint32_t>(err), false);
        fz::put64(e, 8, 5, false);
        expect_code(FUSECANON_E_BAD_MESSAGE, e, [&](uint8_t *p, size_t n) { return fusecanon_reply_encode(s, FUSE_GETATTR, p, n); },
                    "error " + std::to_string(err));
        expect_code(FUSECANON_E_BAD_MESSAGE, e, [&](uint8_t *p, size_t n) { return fusecanon_server_init_reply(s, p, n) == FUSECANON_E_BAD_STATE ? FUSECANON_E_BAD_MESSAGE : -99; },
                    "INIT reply error " + std::to_string(err));
    }
    for (int32_t err : {-1, -511}) {
        Bytes e(16);
        fz::put32(e, 0, 16, false);
        fz::put32(e, 4, static_cast<uint32_t>(err), false);
        fz::put64(e, 8, 5, false);
        Bytes b = e;
        EXPECT_EQ(FUSECANON_OK, fusecanon_reply_encode(s, FUSE_GETATTR, b.data(), b.size())) << err;
    }
    fusecanon_session_destroy(s);
}

namespace {

using BatchFn = int (*)(const fusecanon_session *, const fusecanon_msg *, size_t, int *);
using SingleFn = int (*)(fusecanon_session *, uint32_t, uint8_t *, size_t);

int single_req_decode(fusecanon_session *s, uint32_t, uint8_t *b, size_t n) { return fusecanon_request_decode(s, b, n); }
int single_rep_encode(fusecanon_session *s, uint32_t op, uint8_t *b, size_t n) { return fusecanon_reply_encode(s, op, b, n); }

fusecanon_stats stats_of(fusecanon_session *s)
{
    fusecanon_stats st{};
    st.size = sizeof st;
    EXPECT_EQ(FUSECANON_OK, fusecanon_session_stats(s, &st));
    return st;
}

} // namespace

TEST(BadInput, BatchArgumentsNullCountZeroAndTooMany)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    Bytes m = getattr_request(), orig = m;
    fusecanon_msg one{m.data(), m.size(), 0, 0};
    int res[2] = {0x5A5A, 0x5A5A};
    const BatchFn all[] = {fusecanon_request_decode_batch, fusecanon_request_encode_batch, fusecanon_reply_encode_batch,
                           fusecanon_reply_decode_batch};
    for (BatchFn b : all) {
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(nullptr, &one, 1, res));
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(s, nullptr, 1, res));
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(s, &one, 1, nullptr));
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(s, &one, 1048577, res)); // nothing read past the one element
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(s, &one, SIZE_MAX, res));
        EXPECT_EQ(0, b(s, nullptr, 0, nullptr));
        EXPECT_EQ(0, b(s, &one, 0, res));
        EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, b(nullptr, nullptr, 0, nullptr)); // a NULL session even for count 0
        EXPECT_EQ(0x5A5A, res[0]) << "results written on an argument error";
        EXPECT_EQ(orig, m) << "message translated on an argument error";
    }
    fusecanon_stats st = stats_of(s);
    EXPECT_EQ(0u, st.messages_translated + st.messages_rejected);
    fusecanon_session_destroy(s);
}

// A batch mixing good and bad messages on a session and its twin: each result equals the single call's,
// each bad message is unchanged, the return value is the number of successes, the statistics are the same.
TEST(BadInput, BatchMixingGoodAndBadMessages)
{
    for (uint32_t policy : {FUSECANON_UNKNOWN_PASS, FUSECANON_UNKNOWN_REJECT})
        for (const char *peer : {"aarch64", "sparc64", "x86_64"}) {
            bool big = std::string(peer) == "sparc64";
            fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch(peer), 0, policy);
            fusecanon_session *twin = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch(peer), 0, policy);
            fusecanon_session *cli = rb::fixed(FUSECANON_ROLE_CLIENT, "x86_64", fz::arch(peer), 0, policy);
            // Requests: wire form of getattr and open (valid), then broken ones.
            std::vector<Bytes> rq;
            for (const auto &op : samples::kOps)
                if (op.opcode == FUSE_GETATTR || op.opcode == FUSE_OPEN || op.opcode == FUSE_SETLK || op.opcode == FUSE_POLL) {
                    Bytes w = samples::request(op);
                    ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(cli, w.data(), w.size()));
                    rq.push_back(w);
                }
            Bytes shortm(rq[0].begin(), rq[0].begin() + 20), badlen = rq[0], badop = rq[0], unk = rq[1], swapped = rq[0];
            fz::put32(badlen, 0, 999, big);
            fz::put32(badop, 4, 4097, big);
            for (const auto &op : samples::kOps)
                if (op.opcode == FUSE_OPEN) {
                    unk = samples::request(op);
                    if (big) {
                        fz::put32(unk, 0, static_cast<uint32_t>(unk.size()), true);
                        fz::put32(unk, 4, FUSE_OPEN, true);
                    }
                    fz::put32(unk, 40, 0x80000000u, big); // an open flag bit no arch has
                }
            fz::fix_len(swapped, !big); // the other byte order's len
            std::vector<Bytes> msgs = {rq[0], shortm, rq[1], badlen, Bytes{}, badop, rq[2], unk, swapped, rq[3], Bytes(3)};
            std::vector<fusecanon_msg> ms;
            for (auto &b : msgs)
                ms.push_back({b.empty() ? nullptr : b.data(), b.size(), 0, 0});
            ms[4].len = 40; // NULL data with a length
            fusecanon_msg huge{rq[0].data(), static_cast<size_t>(INT32_MAX) + 1, 0, 0};
            ms.push_back(huge);
            const std::vector<Bytes> before = msgs;
            std::vector<int> res(ms.size(), 0x5A5A);
            int ok = fusecanon_request_decode_batch(s, ms.data(), ms.size(), res.data());
            int want = 0;
            for (size_t i = 0; i < ms.size(); i++) {
                Bytes copy = i < before.size() ? before[i] : Bytes{};
                uint8_t *p = ms[i].data == nullptr ? nullptr : i < before.size() ? copy.data() : rq[0].data(); // the huge one
                int r = single_req_decode(twin, 0, p, ms[i].len);
                EXPECT_EQ(r, res[i]) << peer << " message " << i;
                want += r == FUSECANON_OK;
                if (i < before.size()) {
                    EXPECT_EQ(copy, msgs[i]) << peer << " message " << i << " differs from the single call's";
                    if (r < 0) {
                        EXPECT_EQ(before[i], msgs[i]) << peer << " bad message " << i << " changed";
                    }
                }
            }
            EXPECT_EQ(want, ok) << peer;
            EXPECT_GE(ok, 3) << peer;
            EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, res[4]);
            EXPECT_EQ(FUSECANON_E_LENGTH_MISMATCH, res.back());
            fusecanon_stats a = stats_of(s), b = stats_of(twin);
            EXPECT_EQ(0, std::memcmp(&a, &b, sizeof a)) << peer << ": batch statistics differ from single calls'";
            fusecanon_session_destroy(s);
            fusecanon_session_destroy(twin);
            fusecanon_session_destroy(cli);
        }
}

TEST(BadInput, BatchReplyWithBadErrorsAndOpcodes)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("mips64"));
    fusecanon_session *twin = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("mips64"));
    std::vector<Bytes> msgs;
    std::vector<uint32_t> ops;
    for (int32_t err : {0, -2, -512, 5, -1000, -122}) { // -122 EDQUOT: mips has it at 1133, beyond a reply: EIO
        Bytes e(16);
        fz::put32(e, 0, 16, true);
        fz::put32(e, 4, static_cast<uint32_t>(err), false);
        fz::put64(e, 8, 7, false);
        msgs.push_back(e);
        ops.push_back(FUSE_GETATTR);
    }
    msgs.push_back(msgs[1]);
    ops.push_back(4097);
    msgs.push_back(msgs[1]);
    ops.push_back(FUSE_FORGET); // no reply
    std::vector<fusecanon_msg> ms;
    for (size_t i = 0; i < msgs.size(); i++)
        ms.push_back({msgs[i].data(), msgs[i].size(), ops[i], 0xFFFFFFFFu});
    const std::vector<Bytes> before = msgs;
    std::vector<int> res(ms.size());
    int ok = fusecanon_reply_encode_batch(s, ms.data(), ms.size(), res.data()), want = 0;
    for (size_t i = 0; i < ms.size(); i++) {
        Bytes copy = before[i];
        int r = single_rep_encode(twin, ops[i], copy.data(), copy.size());
        EXPECT_EQ(r, res[i]) << i;
        EXPECT_EQ(copy, msgs[i]) << i;
        want += r == FUSECANON_OK;
    }
    EXPECT_EQ(want, ok);
    fusecanon_stats a = stats_of(s), b = stats_of(twin);
    EXPECT_EQ(0, std::memcmp(&a, &b, sizeof a)) << "batch statistics differ from single calls'";
    fusecanon_session_destroy(s);
    fusecanon_session_destroy(twin);
}

TEST(BadInput, SessionPlanWrongSizeDirectionAndPendingSessions)
{
    fusecanon_session *s = rb::fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("aarch64"));
    const fusecanon_plan *dec = fusecanon_session_plan(s, FUSECANON_DIR_DECODE, sizeof(fusecanon_plan));
    const fusecanon_plan *enc = fusecanon_session_plan(s, FUSECANON_DIR_ENCODE, sizeof(fusecanon_plan));
    ASSERT_NE(nullptr, dec);
    ASSERT_NE(nullptr, enc);
    EXPECT_NE(dec, enc);
    EXPECT_EQ(dec, fusecanon_session_plan(s, FUSECANON_DIR_DECODE, sizeof(fusecanon_plan)));
    for (size_t size : {size_t{0}, sizeof(fusecanon_plan) - 1, sizeof(fusecanon_plan) + 1, sizeof(fusecanon_plan) * 2, SIZE_MAX})
        EXPECT_EQ(nullptr, fusecanon_session_plan(s, FUSECANON_DIR_DECODE, size)) << size;
    for (int dir : {-1, 2, 3, 256, INT32_MAX, INT32_MIN})
        EXPECT_EQ(nullptr, fusecanon_session_plan(s, dir, sizeof(fusecanon_plan))) << dir;
    EXPECT_EQ(nullptr, fusecanon_session_plan(nullptr, FUSECANON_DIR_DECODE, sizeof(fusecanon_plan)));
    fusecanon_session_destroy(s);

    // Pending: a server before INIT and between its two INIT calls, a client before the INIT reply.
    for (uint32_t role : {FUSECANON_ROLE_SERVER, FUSECANON_ROLE_CLIENT}) {
        fusecanon_config c{sizeof c, role, fz::arch("x86_64"), 0, 0, 0, 0, 0, 0};
        ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
        for (int dir = 0; dir < 2; dir++)
            EXPECT_EQ(nullptr, fusecanon_session_plan(s, dir, sizeof(fusecanon_plan))) << "before INIT";
        Bytes rq = fz::init_request(45, role == FUSECANON_ROLE_SERVER ? fz::arch("aarch64") : 0, true, 0, false);
        ASSERT_EQ(FUSECANON_OK, role == FUSECANON_ROLE_SERVER ? fusecanon_server_init_request(s, rq.data(), rq.size())
                                                              : fusecanon_client_init_request(s, rq.data(), rq.size()));
        for (int dir = 0; dir < 2; dir++)
            EXPECT_EQ(nullptr, fusecanon_session_plan(s, dir, sizeof(fusecanon_plan))) << "between the INIT calls";
        Bytes rp = fz::init_reply(45, role == FUSECANON_ROLE_CLIENT, 0, false);
        ASSERT_EQ(FUSECANON_OK, role == FUSECANON_ROLE_SERVER ? fusecanon_server_init_reply(s, rp.data(), rp.size())
                                                              : fusecanon_client_init_reply(s, rp.data(), rp.size()));
        for (int dir = 0; dir < 2; dir++)
            EXPECT_NE(nullptr, fusecanon_session_plan(s, dir, sizeof(fusecanon_plan))) << "after INIT";
        fusecanon_session_destroy(s);
    }
    // REJECTED: a server refusing a foreign client that offers no flag.
    fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), 0, 0, 0, FUSECANON_CFG_REFUSE_PEER, 0, 0};
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    Bytes rq = fz::init_request(45, fz::arch("aarch64"), false, 0, false), rp = fz::init_reply(45, false, 0, false);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(s, rq.data(), rq.size()));
    fusecanon_server_init_reply(s, rp.data(), rp.size());
    if (fusecanon_session_mode(s) == FUSECANON_MODE_REJECTED)
        for (int dir = 0; dir < 2; dir++)
            EXPECT_EQ(nullptr, fusecanon_session_plan(s, dir, sizeof(fusecanon_plan))) << "REJECTED";
    else
        ADD_FAILURE() << "expected a REJECTED session, mode " << fusecanon_session_mode(s);
    fusecanon_session_destroy(s);
}

TEST(BadInput, DescribeUnknownGroupArchNullBuffersTruncatedMessages)
{
    uint32_t x86 = fz::arch("x86_64");
    Bytes rq = getattr_request();
    Bytes rp(16);
    fz::put32(rp, 0, 16, false);
    fz::put32(rp, 4, static_cast<uint32_t>(-2), false);
    fz::put64(rp, 8, 7, false);
    char buf[256];
    auto untouched = [&]() {
        for (char c : buf)
            if (static_cast<uint8_t>(c) != 0xA5)
                return false;
        return true;
    };
    auto expect = [&](int want, int got, const std::string &what) {
        EXPECT_EQ(want, got) << what << ": " << fusecanon_error_name(got);
        EXPECT_TRUE(untouched()) << what << ": buffer written on error";
        std::memset(buf, 0xA5, sizeof buf);
    };
    std::memset(buf, 0xA5, sizeof buf);
    for (int g : {-1, 4, 5, 100, INT32_MAX, INT32_MIN})
        expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_value(x86, g, 1, buf, sizeof buf), "group " + std::to_string(g));
    for (uint32_t a : {0u, 1u, 0x12345678u, 0xFFFFFFFEu}) {
        expect(FUSECANON_E_UNKNOWN_ARCH, fusecanon_describe_value(a, FUSECANON_GROUP_ERRNO, 2, buf, sizeof buf), "value arch");
        expect(FUSECANON_E_UNKNOWN_ARCH, fusecanon_describe_request(a, rq.data(), rq.size(), buf, sizeof buf), "request arch");
        expect(FUSECANON_E_UNKNOWN_ARCH, fusecanon_describe_reply(a, FUSE_GETATTR, rp.data(), rp.size(), buf, sizeof buf), "reply arch");
    }
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_value(x86, 0, 0, nullptr, 16), "value NULL buf");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_value(x86, 0, 0, nullptr, 0), "value NULL buf, len 0");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_request(x86, nullptr, 40, buf, sizeof buf), "request NULL msg");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_request(x86, nullptr, 0, buf, sizeof buf), "request NULL msg, len 0");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_request(x86, rq.data(), rq.size(), nullptr, 64), "request NULL buf");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_reply(x86, 3, nullptr, 16, buf, sizeof buf), "reply NULL msg");
    expect(FUSECANON_E_INVALID_ARGUMENT, fusecanon_describe_reply(x86, 3, rp.data(), rp.size(), nullptr, 64), "reply NULL buf");
    for (size_t n : {size_t{0}, size_t{1}, size_t{15}, size_t{39}})
        expect(FUSECANON_E_TRUNCATED, fusecanon_describe_request(x86, rq.data(), n, buf, sizeof buf), "request of " + std::to_string(n));
    for (size_t n : {size_t{0}, size_t{8}, size_t{15}})
        expect(FUSECANON_E_TRUNCATED, fusecanon_describe_reply(x86, 3, rp.data(), n, buf, sizeof buf), "reply of " + std::to_string(n));
    // Length 0 with a buffer: BUFFER_TOO_SMALL, nothing written; a huge len is rejected before anything is written.
    expect(FUSECANON_E_BUFFER_TOO_SMALL, fusecanon_describe_value(x86, 1, 2, buf, 0), "len 0");
    expect(FUSECANON_E_BUFFER_TOO_SMALL, fusecanon_describe_request(x86, rq.data(), rq.size(), buf, 0), "request len 0");
    // Regression: a len or msg_len above INT_MAX used to give FUSECANON_E_INVALID_ARGUMENT, which the header
    // documents for NULL pointers and unknown groups only; the text fits such a buffer, so it is written.
    for (size_t big : {static_cast<size_t>(INT32_MAX) + 1, SIZE_MAX}) {
        std::memset(buf, 0xA5, sizeof buf);
        int r = fusecanon_describe_value(x86, FUSECANON_GROUP_ERRNO, 20, buf, big);
        EXPECT_EQ(7, r);
        EXPECT_STREQ("ENOTDIR", buf);
        EXPECT_EQ(static_cast<char>(0xA5), buf[8]);
        r = fusecanon_describe_request(x86, rq.data(), big, buf, big); // only the header is read
        EXPECT_EQ(static_cast<int>(std::strlen(buf)), r) << big;
        EXPECT_EQ(0, std::strncmp(buf, "FUSE_GETATTR len=56 ", 20)) << buf;
        r = fusecanon_describe_reply(x86, FUSE_OPEN, rp.data(), big, buf, big);
        EXPECT_STREQ("reply to FUSE_OPEN unique=7 error=-ENOENT", buf);
        EXPECT_EQ(static_cast<int>(std::strlen(buf)), r);
    }
    std::memset(buf, 0xA5, sizeof buf);
    // The header's len, opcode and unique are printed, never trusted: a header len far from the buffer's is fine.
    Bytes lying = rq;
    fz::put32(lying, 0, 0xFFFFFFFFu, false);
    fz::put32(lying, 4, 0xFFFFFFFFu, false);
    int r = fusecanon_describe_request(x86, lying.data(), lying.size(), buf, sizeof buf);
    EXPECT_EQ(static_cast<int>(std::strlen(buf)), r) << buf;
    EXPECT_EQ(rq.size(), lying.size());
    // Request and reply text of the examples in the header.
    r = fusecanon_describe_reply(x86, FUSE_OPEN, rp.data(), rp.size(), buf, sizeof buf);
    EXPECT_STREQ("reply to FUSE_OPEN unique=7 error=-ENOENT", buf);
    EXPECT_EQ(static_cast<int>(std::strlen(buf)), r);
}
