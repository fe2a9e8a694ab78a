// The bad-input matrix: every case asserts its documented error code AND that the buffer is byte-for-byte
// unchanged. NULL pointers, zero length, header len larger and smaller than the buffer, bodies one byte
// short for every opcode at every minor (the shortest accepted length is exactly one more than the longest
// rejected), unknown opcodes, odd addresses, notifications, a second INIT, calls before INIT completes,
// iovcnt out of range, reply errors out of range.
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
    fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), 0, 0, 0, 0, 0};
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
        fusecanon_config c{sizeof c, FUSECANON_ROLE_SERVER, fz::arch("x86_64"), 0, 0, 0, 0, 0};
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
    fusecanon_config c{sizeof c, FUSECANON_ROLE_CLIENT, fz::arch("x86_64"), 0, 0, 0, 0, 0};
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
