// The connection tier (fusecanon_server_recv/_send/_send_iov, fusecanon_client_send/_recv,
// fusecanon_session_passthrough) through the real library: byte for byte what the advanced tier gives, over
// every opcode in every mode and byte order; the context it keeps (GETLK bodies, xattr size replies of a
// big-endian client); the replies it writes itself; its limits; 16 threads on one session.
#include <fusecanon.h>
#include <gtest/gtest.h>

#include "fuzz/fuse_samples.hpp"
#include "fuzz/fuzz_support.hpp"

#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using samples::Bytes;

namespace {

uint32_t arch(const char *name) { return fusecanon_arch_id_from_name(name); }

int32_t errno_on(const char *arch_name, int32_t x86_errno)
{
    int32_t out = 0;
    EXPECT_EQ(FUSECANON_OK, fusecanon_xlate_errno(arch("x86_64"), arch(arch_name), x86_errno, &out));
    return out;
}

fusecanon_session *create(uint32_t role, const char *local, uint32_t legacy_peer = 0, uint32_t flags = 0,
                          uint32_t max_in_flight = 0, uint32_t wire = 0)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = role;
    c.local_arch = arch(local);
    c.wire = wire;
    c.legacy_peer_arch = legacy_peer;
    c.unknown_policy = FUSECANON_UNKNOWN_PASS;
    c.flags = flags;
    c.max_in_flight = max_in_flight;
    fusecanon_session *s = nullptr;
    EXPECT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    return s;
}

void set_unique(Bytes &m, uint64_t unique, bool swapped)
{
    uint64_t u = swapped ? fz::bswap64(unique) : unique;
    std::memcpy(m.data() + 8, &u, 8);
}

fuse_out_header out_header(const Bytes &m, bool swapped)
{
    fuse_out_header h{};
    std::memcpy(&h, m.data(), sizeof h);
    if (swapped) {
        h.len = fz::bswap32(h.len);
        h.error = static_cast<int32_t>(fz::bswap32(static_cast<uint32_t>(h.error)));
        h.unique = fz::bswap64(h.unique);
    }
    return h;
}

// A request as a big-endian sparc64 kernel sends it: the host sample encoded by a fixed-wire sparc64 client.
Bytes sparc_wire(const Bytes &host_request)
{
    fusecanon_session *enc = create(FUSECANON_ROLE_CLIENT, "x86_64", 0, 0, 0, arch("sparc64"));
    Bytes wire = host_request;
    EXPECT_EQ(FUSECANON_OK, fusecanon_request_encode(enc, wire.data(), wire.size()));
    fusecanon_session_destroy(enc);
    return wire;
}

// How a mode's server sessions are negotiated, and what its client sends.
struct ServerMode {
    const char *name;
    const char *local;
    const char *client;   // the client's arch (legacy: arch_id 0, made known by legacy_peer_arch)
    bool flag;            // the client offers the canonical flag with its arch_id
    bool swapped;         // the client is big-endian
    bool legacy_peer;     // configure legacy_peer_arch = client
};

const ServerMode kServerModes[] = {
    {"none", "x86_64", "x86_64", false, false, false},
    {"peer_le", "x86_64", "aarch64", false, false, true},
    {"peer_be", "x86_64", "sparc64", false, true, true},
    {"none_be", "x86_64", "s390x", false, true, false},
    {"canonical", "aarch64", "alpha", true, false, false},
};

std::string mode_name(const testing::TestParamInfo<ServerMode> &info) { return info.param.name; }

class ServerTier : public testing::TestWithParam<ServerMode> {
protected:
    // The advanced tier's session (INIT calls) and the connection tier's (recv/send), negotiated alike.
    fusecanon_session *adv = nullptr, *tier = nullptr;

    void SetUp() override
    {
        const ServerMode &m = GetParam();
        uint32_t legacy = m.legacy_peer ? arch(m.client) : 0;
        adv = create(FUSECANON_ROLE_SERVER, m.local, legacy);
        tier = create(FUSECANON_ROLE_SERVER, m.local, legacy);
        uint32_t id = m.flag ? arch(m.client) : 0;
        Bytes rq_a = fz::init_request(45, id, m.flag, FUSECANON_PROFILE_DEFAULT, m.swapped);
        Bytes rq_t = rq_a;
        ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(adv, rq_a.data(), rq_a.size()));
        ASSERT_EQ(0, fusecanon_server_recv(tier, rq_t.data(), rq_t.size()));
        EXPECT_EQ(rq_a, rq_t);
        Bytes rp_a = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
        Bytes rp_t = rp_a;
        ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(adv, rp_a.data(), rp_a.size()));
        ASSERT_EQ(static_cast<int>(rp_t.size()), fusecanon_server_send(tier, rp_t.data(), rp_t.size()));
        EXPECT_EQ(rp_a, rp_t);
        ASSERT_EQ(fusecanon_session_mode(adv), fusecanon_session_mode(tier));
    }

    // Another connection-tier session negotiated like `tier`.
    fusecanon_session *negotiated_tier() const
    {
        const ServerMode &m = GetParam();
        fusecanon_session *s = create(FUSECANON_ROLE_SERVER, m.local, m.legacy_peer ? arch(m.client) : 0);
        Bytes rq = fz::init_request(45, m.flag ? arch(m.client) : 0, m.flag, FUSECANON_PROFILE_DEFAULT, m.swapped);
        EXPECT_EQ(0, fusecanon_server_recv(s, rq.data(), rq.size()));
        Bytes rp = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
        EXPECT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(s, rp.data(), rp.size()));
        return s;
    }

    void TearDown() override
    {
        fusecanon_session_destroy(adv);
        fusecanon_session_destroy(tier);
    }

    Bytes wire_request(const samples::Op &op, uint64_t unique) const
    {
        Bytes rq = samples::request(op);
        set_unique(rq, unique, false);
        return GetParam().swapped ? sparc_wire(rq) : rq;
    }
};

} // namespace

TEST_P(ServerTier, EveryOpcodeGivesTheAdvancedTiersBytes)
{
    uint64_t unique = 2;
    for (const auto &op : samples::kOps) {
        SCOPED_TRACE(op.name);
        unique += 2;
        Bytes a = wire_request(op, unique), t = a;
        int ra = fusecanon_request_decode(adv, a.data(), a.size());
        int rt = fusecanon_server_recv(tier, t.data(), t.size());
        if (ra == FUSECANON_OK) {
            ASSERT_EQ(0, rt);
            ASSERT_EQ(a, t);
        } else {
            // The library answers what it cannot pass on (16 bytes) unless the request gets no reply.
            ASSERT_TRUE(rt == ra || rt == static_cast<int>(sizeof(fuse_out_header))) << ra << " " << rt;
            continue;
        }
        if (op.reply == samples::kNone || op.opcode == FUSE_INIT)
            continue;
        Bytes rp = samples::reply(op);
        set_unique(rp, unique, false);
        Bytes ra_msg = rp, rt_msg = rp;
        ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, op.opcode, ra_msg.data(), ra_msg.size()));
        ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(tier, rt_msg.data(), rt_msg.size()));
        ASSERT_EQ(ra_msg, rt_msg);
        // An error reply to the same request, which the tier no longer holds after the reply went out.
        Bytes e = fz::Bytes(16);
        fuse_out_header h{16, -20 /* x86 ENOTDIR */, unique};
        std::memcpy(e.data(), &h, 16);
        Bytes ea = e;
        ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, op.opcode, ea.data(), ea.size()));
        int re = fusecanon_server_send(tier, e.data(), e.size());
        if (fusecanon_session_passthrough(tier) == 1) {
            EXPECT_EQ(16, re); // the library is not involved
            EXPECT_EQ(ea, e);
        } else {
            EXPECT_EQ(FUSECANON_E_UNKNOWN_UNIQUE, re); // the reply was already sent
        }
    }
}

TEST_P(ServerTier, ErrorRepliesAndNotificationsGiveTheAdvancedTiersBytes)
{
    const samples::Op *getlk = nullptr;
    for (const auto &op : samples::kOps)
        if (op.opcode == FUSE_GETLK)
            getlk = &op;
    Bytes rq = wire_request(*getlk, 40);
    ASSERT_EQ(0, fusecanon_server_recv(tier, rq.data(), rq.size()));
    for (int32_t err : {1, 2, 20, 35, 71, 95, 122}) {
        Bytes e(16);
        fuse_out_header h{16, -err, 40};
        std::memcpy(e.data(), &h, 16);
        Bytes ea = e;
        ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, FUSE_GETLK, ea.data(), ea.size()));
        ASSERT_EQ(16, fusecanon_server_send(tier, e.data(), e.size()));
        EXPECT_EQ(ea, e) << err;
        // an error reply releases the request: hold it again for the next round
        Bytes again = wire_request(*getlk, 40);
        ASSERT_EQ(0, fusecanon_server_recv(tier, again.data(), again.size()));
    }
    // A notification (unique 0, code in the error field) is never held and never translated as an errno.
    Bytes n(sizeof(fuse_out_header) + sizeof(fuse_notify_inval_inode_out));
    fuse_out_header h{static_cast<uint32_t>(n.size()), FUSE_NOTIFY_INVAL_INODE, 0};
    std::memcpy(n.data(), &h, sizeof h);
    Bytes na = n;
    ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, 0, na.data(), na.size()));
    ASSERT_EQ(static_cast<int>(n.size()), fusecanon_server_send(tier, n.data(), n.size()));
    EXPECT_EQ(na, n);
}

TEST_P(ServerTier, IovecSendEqualsContiguousSend)
{
    const samples::Op *getlk = nullptr;
    for (const auto &op : samples::kOps)
        if (op.opcode == FUSE_GETLK)
            getlk = &op;
    Bytes rq = wire_request(*getlk, 50);
    ASSERT_EQ(0, fusecanon_server_recv(tier, rq.data(), rq.size()));
    Bytes rp = samples::reply(*getlk);
    set_unique(rp, 50, false);
    Bytes expect = rp;
    ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, FUSE_GETLK, expect.data(), expect.size()));
    // header, a split inside lk, the rest
    iovec iov[3] = {{rp.data(), 16}, {rp.data() + 16, 18}, {rp.data() + 34, rp.size() - 34}};
    ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send_iov(tier, iov, 3));
    EXPECT_EQ(expect, rp);
}

namespace {

// Sends an error reply to a dispatched request so that its session lets the request go.
void answer(fusecanon_session *s, uint64_t unique)
{
    Bytes e(16);
    fuse_out_header h{16, -5, unique};
    std::memcpy(e.data(), &h, 16);
    ASSERT_EQ(16, fusecanon_server_send(s, e.data(), e.size()));
}

// Receives msg split into entries at `cuts` through fusecanon_server_recv_iov, each entry in a buffer of its own
// (so that a read or write past an entry is a different buffer's bytes, or ASan's); returns the result and the
// message put back together.
int recv_split(fusecanon_session *s, const Bytes &msg, const std::vector<size_t> &cuts, Bytes &out)
{
    std::vector<Bytes> parts;
    size_t from = 0;
    for (size_t c : cuts) {
        parts.emplace_back(msg.begin() + static_cast<long>(from), msg.begin() + static_cast<long>(c));
        from = c;
    }
    parts.emplace_back(msg.begin() + static_cast<long>(from), msg.end());
    std::vector<iovec> iov;
    for (auto &p : parts)
        iov.push_back({p.empty() ? nullptr : p.data(), p.size()});
    int r = fusecanon_server_recv_iov(s, iov.data(), static_cast<int>(iov.size()));
    out.clear();
    for (auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return r;
}

} // namespace

TEST_P(ServerTier, IovecReceiveEqualsContiguousReceiveAtEverySplit)
{
    fusecanon_session *ref = negotiated_tier();
    const bool swapped = GetParam().swapped;
    uint64_t unique = 1000;
    for (const auto &op : samples::kOps) {
        if (op.opcode == FUSE_INIT)
            continue;
        SCOPED_TRACE(op.name);
        const Bytes wire = wire_request(op, 0);
        for (size_t cut = 1; cut < wire.size(); cut++) {
            SCOPED_TRACE(cut);
            unique += 2;
            Bytes c = wire;
            set_unique(c, unique, swapped);
            Bytes split = c, got;
            int rc = fusecanon_server_recv(ref, c.data(), c.size());
            int rs = recv_split(tier, split, {cut}, got);
            ASSERT_EQ(rc, rs);
            ASSERT_EQ(c, got);
            if (rc == 0 && op.reply != samples::kNone) {
                answer(ref, unique);
                answer(tier, unique);
            }
        }
    }
    fusecanon_session_destroy(ref);
}

// FUSE-over-io_uring: a ring entry carries the fuse_in_header in fuse_uring_req_header.in_out (128 bytes), the
// op struct (the kernel's first argument, empty for LOOKUP and the other name-only requests) in op_in (128
// bytes) and everything after it in a payload buffer of its own.
TEST_P(ServerTier, RingEntryLayoutEqualsContiguousReceive)
{
    fusecanon_session *ref = negotiated_tier();
    uint64_t unique = 5000;
    for (const auto &op : samples::kOps) {
        if (op.opcode == FUSE_INIT)
            continue;
        SCOPED_TRACE(op.name);
        unique += 2;
        Bytes c = wire_request(op, unique);
        ASSERT_LE(op.req_fixed, 128u);
        alignas(8) uint8_t in_out[128], op_in[128];
        std::memset(in_out, 0xa5, sizeof in_out);
        std::memset(op_in, 0xa5, sizeof op_in);
        std::memcpy(in_out, c.data(), sizeof(fuse_in_header));
        std::memcpy(op_in, c.data() + sizeof(fuse_in_header), op.req_fixed);
        Bytes payload(c.begin() + static_cast<long>(sizeof(fuse_in_header) + op.req_fixed), c.end());
        iovec iov[3] = {{in_out, sizeof(fuse_in_header)}, {op_in, op.req_fixed}, {payload.data(), payload.size()}};
        int rc = fusecanon_server_recv(ref, c.data(), c.size());
        ASSERT_EQ(rc, fusecanon_server_recv_iov(tier, iov, 3));
        Bytes got(c.size());
        std::memcpy(got.data(), in_out, sizeof(fuse_in_header));
        std::memcpy(got.data() + sizeof(fuse_in_header), op_in, op.req_fixed);
        if (!payload.empty())
            std::memcpy(got.data() + sizeof(fuse_in_header) + op.req_fixed, payload.data(), payload.size());
        ASSERT_EQ(c, got);
        for (size_t i = sizeof(fuse_in_header); i < sizeof in_out; i++)
            ASSERT_EQ(0xa5, in_out[i]) << "wrote past the header at " << i;
        for (size_t i = op.req_fixed; i < sizeof op_in; i++)
            ASSERT_EQ(0xa5, op_in[i]) << "wrote past the op struct at " << i;
        if (rc == 0 && op.reply != samples::kNone) {
            answer(ref, unique);
            answer(tier, unique);
        }
    }
    fusecanon_session_destroy(ref);
}

// virtiofsd's zero-copy WRITE: the headers copied out, the data left in (here: read-only) guest memory.
TEST_P(ServerTier, WriteDataInReadOnlyMemoryIsNeverWritten)
{
    const samples::Op *write = nullptr;
    for (const auto &op : samples::kOps)
        if (op.opcode == FUSE_WRITE)
            write = &op;
    Bytes rq = wire_request(*write, 60);
    Bytes expect = rq;
    ASSERT_EQ(FUSECANON_OK, fusecanon_request_decode(adv, expect.data(), expect.size()));
    size_t head = sizeof(fuse_in_header) + sizeof(fuse_write_in);
    long page = sysconf(_SC_PAGESIZE);
    void *ro = mmap(nullptr, static_cast<size_t>(page), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(MAP_FAILED, ro);
    std::memcpy(ro, rq.data() + head, rq.size() - head);
    ASSERT_EQ(0, mprotect(ro, static_cast<size_t>(page), PROT_READ));
    iovec iov[2] = {{rq.data(), head}, {ro, rq.size() - head}};
    EXPECT_EQ(0, fusecanon_server_recv_iov(tier, iov, 2));
    EXPECT_EQ(0, std::memcmp(expect.data(), rq.data(), head));
    EXPECT_EQ(0, std::memcmp(expect.data() + head, ro, rq.size() - head));
    munmap(ro, static_cast<size_t>(page));
}

INSTANTIATE_TEST_SUITE_P(Modes, ServerTier, testing::ValuesIn(kServerModes), mode_name);

namespace {

// A server session negotiated through the tier with a legacy (arch_id 0) client, optionally big-endian.
fusecanon_session *tier_server(const char *peer, bool swapped, uint32_t max_in_flight = 0, uint32_t policy = FUSECANON_UNKNOWN_PASS)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = FUSECANON_ROLE_SERVER;
    c.local_arch = arch("x86_64");
    c.legacy_peer_arch = peer ? arch(peer) : 0;
    c.unknown_policy = policy;
    c.max_in_flight = max_in_flight;
    fusecanon_session *s = nullptr;
    EXPECT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    Bytes init = fz::init_request(45, 0, false, FUSECANON_PROFILE_DEFAULT, swapped);
    EXPECT_EQ(0, fusecanon_server_recv(s, init.data(), init.size()));
    Bytes rp = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
    EXPECT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(s, rp.data(), rp.size()));
    return s;
}

template <typename Body>
Bytes reply_with(const Body &body, uint64_t unique)
{
    Bytes m(sizeof(fuse_out_header) + sizeof body);
    fuse_out_header h{static_cast<uint32_t>(m.size()), 0, unique};
    std::memcpy(m.data(), &h, sizeof h);
    std::memcpy(m.data() + sizeof h, &body, sizeof body);
    return m;
}

Bytes getxattr_request(uint32_t opcode, uint32_t size, uint64_t unique)
{
    size_t name = opcode == FUSE_GETXATTR ? 7 : 0; // "user.a\0"
    Bytes rq(sizeof(fuse_in_header) + sizeof(fuse_getxattr_in) + name);
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(rq.size());
    h.opcode = opcode;
    h.unique = unique;
    h.nodeid = 1;
    fuse_getxattr_in in{};
    in.size = size;
    std::memcpy(rq.data(), &h, sizeof h);
    std::memcpy(rq.data() + sizeof h, &in, sizeof in);
    if (name)
        std::memcpy(rq.data() + sizeof h + sizeof in, "user.a", 7);
    return rq;
}

const samples::Op &sample(uint32_t opcode)
{
    for (const auto &op : samples::kOps)
        if (op.opcode == opcode)
            return op;
    std::abort();
}

} // namespace

TEST(ServerTierContext, BigEndianClientsXattrSizeRepliesAreSwapped)
{
    // A legacy big-endian sparc64 kernel asks for a size (fuse_getxattr_in.size 0): the answer is a
    // fuse_getxattr_out, which has a byte order.  The tier remembers that the request asked for the size.
    fusecanon_session *s = tier_server("sparc64", true);
    for (uint32_t op : {static_cast<uint32_t>(FUSE_GETXATTR), static_cast<uint32_t>(FUSE_LISTXATTR)}) {
        SCOPED_TRACE(op);
        Bytes rq = getxattr_request(op, 0, 90);
        Bytes wire = sparc_wire(rq);
        ASSERT_EQ(0, fusecanon_server_recv(s, wire.data(), wire.size()));
        EXPECT_EQ(rq, wire); // back in this host's order
        fuse_getxattr_out out{};
        out.size = 1234;
        Bytes reply = reply_with(out, 90);
        ASSERT_EQ(static_cast<int>(reply.size()), fusecanon_server_send(s, reply.data(), reply.size()));
        fuse_getxattr_out sent{};
        std::memcpy(&sent, reply.data() + sizeof(fuse_out_header), sizeof sent);
        EXPECT_EQ(fz::bswap32(1234u), sent.size);
        EXPECT_EQ(90u, out_header(reply, true).unique);
        // Negative control: the advanced call without FUSECANON_REPLY_XATTR_SIZE takes the body for data.
        fusecanon_session *adv = tier_server("sparc64", true);
        Bytes plain = reply_with(out, 91);
        ASSERT_EQ(FUSECANON_OK, fusecanon_reply_encode(adv, op, plain.data(), plain.size()));
        std::memcpy(&sent, plain.data() + sizeof(fuse_out_header), sizeof sent);
        EXPECT_EQ(1234u, sent.size);
        fusecanon_session_destroy(adv);
        // A data request (size 16) is answered with raw bytes, which stay as they are.
        Bytes data_rq = sparc_wire(getxattr_request(op, 16, 92));
        ASSERT_EQ(0, fusecanon_server_recv(s, data_rq.data(), data_rq.size()));
        Bytes data = reply_with(out, 92);
        ASSERT_EQ(static_cast<int>(data.size()), fusecanon_server_send(s, data.data(), data.size()));
        std::memcpy(&sent, data.data() + sizeof(fuse_out_header), sizeof sent);
        EXPECT_EQ(1234u, sent.size);
    }
    fusecanon_session_destroy(s);
}

TEST(ServerTierContext, GetlkReplyIsTranslatedFromItsRequestsContext)
{
    fusecanon_session *s = tier_server("alpha", false);
    Bytes rq = samples::request(sample(FUSE_GETLK));
    set_unique(rq, 70, false);
    ASSERT_EQ(0, fusecanon_server_recv(s, rq.data(), rq.size()));
    fuse_lk_out out{};
    out.lk.type = 0; // x86_64 F_RDLCK
    Bytes rp = reply_with(out, 70);
    ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(s, rp.data(), rp.size()));
    uint32_t alpha_rdlck = 0;
    ASSERT_EQ(FUSECANON_OK, fusecanon_xlate_lock_type(arch("x86_64"), arch("alpha"), 0, &alpha_rdlck));
    ASSERT_NE(0u, alpha_rdlck);
    fuse_lk_out sent{};
    std::memcpy(&sent, rp.data() + sizeof(fuse_out_header), sizeof sent);
    EXPECT_EQ(alpha_rdlck, sent.lk.type);
    fusecanon_session_destroy(s);
}

TEST(ServerTierAnswers, UnknownOpcodeGetsEnosysInTheClientsTerms)
{
    for (bool swapped : {false, true}) {
        const char *peer = swapped ? "sparc64" : "alpha";
        fusecanon_session *s = tier_server(peer, swapped);
        Bytes rq(sizeof(fuse_in_header) + 8);
        fuse_in_header h{};
        h.len = static_cast<uint32_t>(rq.size());
        h.opcode = 999;
        h.unique = 12;
        std::memcpy(rq.data(), &h, sizeof h);
        if (swapped) {
            h.len = fz::bswap32(h.len);
            h.opcode = fz::bswap32(h.opcode);
            h.unique = fz::bswap64(h.unique);
            std::memcpy(rq.data(), &h, sizeof h);
        }
        // The same request in three entries, the header cut inside len and inside unique: the answer goes into
        // the message's first 16 bytes, across the entries.
        Bytes split = rq, joined;
        ASSERT_EQ(16, recv_split(s, split, {3, 12}, joined));
        ASSERT_EQ(16, fusecanon_server_recv(s, rq.data(), rq.size()));
        EXPECT_EQ(rq, joined);
        fuse_out_header out = out_header(rq, swapped);
        EXPECT_EQ(16u, out.len);
        EXPECT_EQ(12u, out.unique);
        EXPECT_EQ(-errno_on(peer, 38 /* x86 ENOSYS */), out.error) << peer;
        fusecanon_session_destroy(s);
    }
}

TEST(ServerTierAnswers, UntranslatableValueGetsEioAndNeverReachesTheFilesystem)
{
    fusecanon_session *s = tier_server("alpha", false, 0, FUSECANON_UNKNOWN_REJECT);
    Bytes rq = samples::request(sample(FUSE_OPEN));
    set_unique(rq, 14, false);
    uint32_t bad = 0x80000000u; // no open flag on alpha
    std::memcpy(rq.data() + sizeof(fuse_in_header), &bad, 4);
    // The advanced call refuses it and leaves it unchanged; the tier answers it.
    Bytes adv = rq;
    fusecanon_session *a = tier_server("alpha", false, 0, FUSECANON_UNKNOWN_REJECT);
    EXPECT_EQ(FUSECANON_E_UNKNOWN_VALUE, fusecanon_request_decode(a, adv.data(), adv.size()));
    fusecanon_session_destroy(a);
    ASSERT_EQ(16, fusecanon_server_recv(s, rq.data(), rq.size()));
    fuse_out_header out = out_header(rq, false);
    EXPECT_EQ(14u, out.unique);
    EXPECT_EQ(-errno_on("alpha", 5 /* x86 EIO */), out.error);
    // Requests without a reply are never answered: a malformed FORGET is dropped with its error.
    Bytes forget(sizeof(fuse_in_header) + 2);
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(forget.size());
    h.opcode = FUSE_FORGET;
    h.unique = 16;
    std::memcpy(forget.data(), &h, sizeof h);
    Bytes before = forget;
    EXPECT_EQ(FUSECANON_E_TRUNCATED, fusecanon_server_recv(s, forget.data(), forget.size()));
    EXPECT_EQ(before, forget);
    fusecanon_session_destroy(s);
}

TEST(ServerTierLimits, UnknownUniqueOnASwappedWireIsAClearErrorAndLeavesTheReplyAlone)
{
    fusecanon_session *s = tier_server("sparc64", true);
    fuse_attr_out out{};
    Bytes rp = reply_with(out, 4242);
    Bytes before = rp;
    EXPECT_EQ(FUSECANON_E_UNKNOWN_UNIQUE, fusecanon_server_send(s, rp.data(), rp.size()));
    EXPECT_EQ(before, rp);
    // A reply to INTERRUPT (unique | 1, header only) needs nothing held.
    Bytes intr(16);
    fuse_out_header h{16, -11 /* x86 EAGAIN */, 4243};
    std::memcpy(intr.data(), &h, 16);
    ASSERT_EQ(16, fusecanon_server_send(s, intr.data(), intr.size()));
    EXPECT_EQ(-errno_on("sparc64", 11), out_header(intr, true).error);
    EXPECT_STREQ("FUSECANON_E_UNKNOWN_UNIQUE", fusecanon_error_name(FUSECANON_E_UNKNOWN_UNIQUE));
    fusecanon_session_destroy(s);
}

TEST(ServerTierLimits, AFullInFlightTableAnswersEioUntilAReplyFreesASlot)
{
    fusecanon_session *s = tier_server("sparc64", true, 16); // swapped wire: every request is held
    const samples::Op &getattr = sample(FUSE_GETATTR);
    for (uint64_t u = 1; u <= 16; u++) {
        Bytes rq = samples::request(getattr);
        set_unique(rq, u * 2, false);
        Bytes wire = sparc_wire(rq);
        ASSERT_EQ(0, fusecanon_server_recv(s, wire.data(), wire.size())) << u;
    }
    Bytes rq = samples::request(getattr);
    set_unique(rq, 100, false);
    Bytes wire = sparc_wire(rq);
    ASSERT_EQ(16, fusecanon_server_recv(s, wire.data(), wire.size()));
    EXPECT_EQ(-errno_on("sparc64", 5), out_header(wire, true).error);
    EXPECT_EQ(100u, out_header(wire, true).unique);
    // Answer one of the sixteen; now there is room again.
    Bytes rp = samples::reply(getattr);
    set_unique(rp, 2, false);
    ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(s, rp.data(), rp.size()));
    wire = sparc_wire(rq);
    EXPECT_EQ(0, fusecanon_server_recv(s, wire.data(), wire.size()));
    fusecanon_session_destroy(s);
    // Configuration bounds.
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = FUSECANON_ROLE_SERVER;
    c.max_in_flight = (1u << 22) + 1;
    fusecanon_session *t = nullptr;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&c, &t));
}

TEST(ServerTierLimits, RecvIovRejectsBadArraysWithoutTouchingThem)
{
    fusecanon_session *s = tier_server("sparc64", true);
    uint8_t buf[64];
    std::memset(buf, 0x5a, sizeof buf);
    iovec ok[1] = {{buf, sizeof buf}};
    iovec null_base[2] = {{buf, 40}, {nullptr, 24}};
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(nullptr, ok, 1));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(s, nullptr, 1));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(s, ok, 0));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(s, ok, 1025));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv_iov(s, null_base, 2));
    for (uint8_t b : buf)
        ASSERT_EQ(0x5a, b);
    // 64 bytes whose len field says otherwise: whatever the contiguous call makes of them.
    Bytes c(buf, buf + sizeof buf), joined;
    int rs = recv_split(s, c, {5, 40}, joined);
    EXPECT_EQ(fusecanon_server_recv(s, c.data(), c.size()), rs);
    EXPECT_EQ(c, joined);
    fusecanon_session_destroy(s);
}

TEST(ServerTierState, PassthroughWhenNothingNeedsTranslation)
{
    fusecanon_session *s = tier_server(nullptr, false); // legacy x86_64 client, no peer arch: mode NONE
    EXPECT_EQ(1, fusecanon_session_passthrough(s));
    Bytes junk(sizeof(fuse_in_header));
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(junk.size());
    h.opcode = 999;
    h.unique = 8;
    std::memcpy(junk.data(), &h, sizeof h);
    Bytes before = junk;
    EXPECT_EQ(0, fusecanon_server_recv(s, junk.data(), junk.size())); // never looked at
    EXPECT_EQ(before, junk);
    fusecanon_session_destroy(s);
    // Translating, byte-swapped (even in mode NONE) or pending: not passthrough.
    fusecanon_session *p = tier_server("aarch64", false), *be = tier_server(nullptr, true);
    EXPECT_EQ(0, fusecanon_session_passthrough(p));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(be));
    EXPECT_EQ(0, fusecanon_session_passthrough(be));
    fusecanon_session *pending = create(FUSECANON_ROLE_SERVER, "x86_64");
    EXPECT_EQ(0, fusecanon_session_passthrough(pending));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_passthrough(nullptr));
    fusecanon_session_destroy(p);
    fusecanon_session_destroy(be);
    fusecanon_session_destroy(pending);
}

TEST(ServerTierState, OrderOfTheInitExchangeIsEnforced)
{
    fusecanon_session *s = create(FUSECANON_ROLE_SERVER, "x86_64");
    Bytes open = samples::request(sample(FUSE_OPEN));
    EXPECT_EQ(FUSECANON_E_BAD_MESSAGE, fusecanon_server_recv(s, open.data(), open.size())); // not an INIT
    Bytes init = fz::init_request(45, 0, false, FUSECANON_PROFILE_DEFAULT, false);
    ASSERT_EQ(0, fusecanon_server_recv(s, init.data(), init.size()));
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_recv(s, open.data(), open.size()));  // INIT reply pending
    Bytes other = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
    set_unique(other, 99, false);
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_send(s, other.data(), other.size())); // not the INIT reply
    Bytes rp = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
    ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(s, rp.data(), rp.size()));
    fusecanon_session_destroy(s);
    // A client session cannot use the server's calls.
    fusecanon_session *c = create(FUSECANON_ROLE_CLIENT, "x86_64");
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_recv(c, init.data(), init.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_recv(nullptr, init.data(), init.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_send(c, nullptr, 16));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_send_iov(c, nullptr, 1));
    fusecanon_session_destroy(c);
}

TEST(ServerTierState, RefusedClientGetsSixteenBytesAndTheSessionStaysRefused)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = FUSECANON_ROLE_SERVER;
    c.local_arch = arch("x86_64");
    c.flags = FUSECANON_CFG_REFUSE_PEER;
    fusecanon_session *s = nullptr;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&c, &s));
    Bytes init = fz::init_request(45, arch("alpha"), false, FUSECANON_PROFILE_DEFAULT, false); // arch, no flag
    ASSERT_EQ(0, fusecanon_server_recv(s, init.data(), init.size()));
    Bytes rp = fz::init_reply(45, false, FUSECANON_PROFILE_DEFAULT, false);
    ASSERT_EQ(16, fusecanon_server_send(s, rp.data(), rp.size()));
    fuse_out_header h = out_header(rp, false);
    EXPECT_EQ(16u, h.len);
    EXPECT_EQ(-errno_on("alpha", 71 /* x86 EPROTO */), h.error);
    Bytes open = samples::request(sample(FUSE_OPEN));
    EXPECT_EQ(FUSECANON_E_REJECTED, fusecanon_server_recv(s, open.data(), open.size()));
    fusecanon_session_destroy(s);
}

namespace {

struct ClientMode {
    const char *name;
    const char *local;
    uint32_t flags;       // FUSECANON_CFG_LOCAL_BIG_ENDIAN: a big-endian client tested on this host
    bool server_accepts;  // the server answers with the canonical flag
};

const ClientMode kClientModes[] = {
    {"canonical", "aarch64", 0, true},
    {"canonical_be", "sparc64", FUSECANON_CFG_LOCAL_BIG_ENDIAN, true},
    {"none", "aarch64", 0, false},
};

std::string client_mode_name(const testing::TestParamInfo<ClientMode> &info) { return info.param.name; }

class ClientTier : public testing::TestWithParam<ClientMode> {};

} // namespace

TEST_P(ClientTier, EveryOpcodeGivesTheAdvancedTiersBytes)
{
    const ClientMode &m = GetParam();
    fusecanon_session *adv = create(FUSECANON_ROLE_CLIENT, m.local, 0, m.flags);
    fusecanon_session *tier = create(FUSECANON_ROLE_CLIENT, m.local, 0, m.flags);
    bool big = m.flags != 0;
    Bytes init = fz::init_request(45, 0, false, FUSECANON_PROFILE_DEFAULT, big), init_t = init;
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_request(adv, init.data(), init.size()));
    ASSERT_EQ(static_cast<int>(init_t.size()), fusecanon_client_send(tier, init_t.data(), init_t.size()));
    EXPECT_EQ(init, init_t);
    Bytes rp = fz::init_reply(45, m.server_accepts, FUSECANON_PROFILE_DEFAULT, false);
    if (big) { // the whole reply in the client's byte order, flags2 included (u16 pairs are not read)
        for (size_t at = 0; at + 4 <= rp.size(); at += 4) {
            uint32_t w;
            std::memcpy(&w, rp.data() + at, 4);
            w = fz::bswap32(w);
            std::memcpy(rp.data() + at, &w, 4);
        }
        uint32_t u[2]; // unique is one u64: swap its halves back into place
        std::memcpy(u, rp.data() + 8, 8);
        std::swap(u[0], u[1]);
        std::memcpy(rp.data() + 8, u, 8);
    }
    Bytes rp_t = rp;
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_reply(adv, rp.data(), rp.size()));
    ASSERT_EQ(0, fusecanon_client_recv(tier, rp_t.data(), rp_t.size()));
    ASSERT_EQ(m.server_accepts ? FUSECANON_MODE_CANONICAL : FUSECANON_MODE_NONE, fusecanon_session_mode(tier));
    EXPECT_EQ(m.server_accepts || big ? 0 : 1, fusecanon_session_passthrough(tier));

    // The client's own messages: host samples, swapped into the local big-endian order when asked.
    fusecanon_session *local_be = big ? create(FUSECANON_ROLE_CLIENT, "x86_64", 0, 0, 0, arch("sparc64")) : nullptr;
    fusecanon_session *reply_be = big ? create(FUSECANON_ROLE_SERVER, "x86_64", 0, 0, 0, arch("sparc64")) : nullptr;
    uint64_t unique = 2;
    for (const auto &op : samples::kOps) {
        if (op.opcode == FUSE_INIT)
            continue;
        SCOPED_TRACE(op.name);
        unique += 2;
        Bytes rq = samples::request(op);
        set_unique(rq, unique, false);
        if (big) {
            ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(local_be, rq.data(), rq.size()));
        }
        Bytes a = rq, t = rq;
        int ra = fusecanon_request_encode(adv, a.data(), a.size());
        int rt = fusecanon_client_send(tier, t.data(), t.size());
        ASSERT_EQ(ra == FUSECANON_OK ? static_cast<int>(t.size()) : ra, rt);
        ASSERT_EQ(a, t);
        if (ra != FUSECANON_OK || op.reply == samples::kNone)
            continue;
        // The server's reply as it arrives: canonical values are x86_64's, little-endian.
        Bytes rp_host = samples::reply(op);
        set_unique(rp_host, unique, false);
        Bytes ra_msg = rp_host, rt_msg = rp_host;
        ASSERT_EQ(FUSECANON_OK, fusecanon_reply_decode(adv, op.opcode, ra_msg.data(), ra_msg.size()));
        ASSERT_EQ(0, fusecanon_client_recv(tier, rt_msg.data(), rt_msg.size()));
        ASSERT_EQ(ra_msg, rt_msg);
    }
    fusecanon_session_destroy(local_be);
    fusecanon_session_destroy(reply_be);
    fusecanon_session_destroy(adv);
    fusecanon_session_destroy(tier);
}

INSTANTIATE_TEST_SUITE_P(Modes, ClientTier, testing::ValuesIn(kClientModes), client_mode_name);

TEST(ConnectionThreads, SixteenThreadsOnOneSessionGiveTheSingleThreadedBytes)
{
    // A byte-swapped peer: every request is held until its reply, from 16 threads at once.
    constexpr int kThreads = 16, kRounds = 200;
    fusecanon_session *shared = tier_server("sparc64", true);
    fusecanon_session *ref = tier_server("sparc64", true);
    const samples::Op &getlk = sample(FUSE_GETLK);
    Bytes rq = samples::request(getlk), rp = samples::reply(getlk);
    Bytes wire_rq = sparc_wire(rq), expect_rq = wire_rq, expect_rp = rp;
    ASSERT_EQ(0, fusecanon_server_recv(ref, expect_rq.data(), expect_rq.size()));
    ASSERT_EQ(static_cast<int>(rp.size()), fusecanon_server_send(ref, expect_rp.data(), expect_rp.size()));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; t++) {
        threads.emplace_back([&, t] {
            for (int r = 0; r < kRounds; r++) {
                uint64_t unique = (static_cast<uint64_t>(t) << 32) | static_cast<uint64_t>(r + 1) << 1;
                Bytes q = wire_rq, p = rp, eq = expect_rq, ep = expect_rp;
                set_unique(q, unique, true);
                set_unique(eq, unique, false);
                set_unique(p, unique, false);
                set_unique(ep, unique, true);
                if (fusecanon_server_recv(shared, q.data(), q.size()) != 0 || q != eq)
                    failures++;
                if (fusecanon_server_send(shared, p.data(), p.size()) != static_cast<int>(p.size()) || p != ep)
                    failures++;
            }
        });
    }
    for (auto &th : threads)
        th.join();
    EXPECT_EQ(0, failures.load());
    // Every request was answered: a reply to any of them now names a unique nobody holds.
    Bytes late = rp;
    set_unique(late, 2, false);
    EXPECT_EQ(FUSECANON_E_UNKNOWN_UNIQUE, fusecanon_server_send(shared, late.data(), late.size()));
    fusecanon_stats st{};
    st.size = sizeof st;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_stats(shared, &st));
    EXPECT_EQ(static_cast<uint64_t>(2 * kThreads * kRounds), st.messages_translated);
    fusecanon_session_destroy(shared);
    fusecanon_session_destroy(ref);
}
