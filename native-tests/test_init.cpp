// INIT negotiation through the C ABI: every row of the server decision table for both profiles, the
// client side, a client and a server session negotiating with each other, and INIT compatibility cases.
#include <fusecanon.h>
#include <gtest/gtest.h>

#include "support/fuse_messages.hpp"

#include <cerrno>
#include <ostream>
#include <string>

using fctest::Bytes;

namespace {

uint32_t arch(const char *name) { return fusecanon_arch_id_from_name(name); }

struct Profile {
    uint32_t id;
    uint64_t flag;
    int word;
};
const Profile kDefault{FUSECANON_PROFILE_DEFAULT, FUSECANON_INIT_FLAG_DEFAULT, FUSECANON_INIT_ARCH_WORD_DEFAULT};
const Profile kSeed{FUSECANON_PROFILE_SEED_2024, FUSECANON_INIT_FLAG_SEED_2024, FUSECANON_INIT_ARCH_WORD_SEED_2024};

// A client's INIT request as a 7.45 kernel would send it, plus FuseCanon's arch_id/flag when asked.
Bytes init_request(const Profile &p, uint32_t arch_id, bool flag, uint64_t other_flags = 0, bool ext = true,
                   uint32_t major = 7, uint32_t minor = 45)
{
    fuse_init_in in{};
    in.major = major;
    in.minor = minor;
    in.max_readahead = 131072;
    uint64_t flags = other_flags | (flag ? p.flag : 0) | (ext ? FUSE_INIT_EXT : 0);
    in.flags = static_cast<uint32_t>(flags);
    in.flags2 = static_cast<uint32_t>(flags >> 32);
    in.unused[p.word] = arch_id;
    return fctest::request(FUSE_INIT, in, 1);
}

// A server's INIT reply (64-byte fuse_init_out) with the given flags.
Bytes init_reply(uint64_t flags, uint32_t minor = 45, size_t body_len = sizeof(fuse_init_out))
{
    fuse_init_out out{};
    out.major = 7;
    out.minor = minor;
    out.max_readahead = 131072;
    out.flags = static_cast<uint32_t>(flags);
    out.flags2 = static_cast<uint32_t>(flags >> 32);
    out.max_write = 1 << 20;
    out.max_pages = 256;
    return fctest::reply(0, out, 1, body_len);
}

uint64_t reply_flags(const Bytes &m)
{
    auto out = fctest::body_of<fuse_init_out>(m, sizeof(fuse_out_header));
    return out.flags | (static_cast<uint64_t>(out.flags2) << 32);
}

struct Session {
    fusecanon_session *s = nullptr;
    explicit Session(uint32_t role, uint32_t local, uint32_t profile = 0, uint32_t flags = 0, uint32_t legacy = 0)
    {
        fusecanon_config cfg{};
        cfg.size = sizeof cfg;
        cfg.role = role;
        cfg.local_arch = local;
        cfg.legacy_peer_arch = legacy;
        cfg.flags = flags;
        cfg.profile = profile;
        EXPECT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
    }
    ~Session() { fusecanon_session_destroy(s); }
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
};

struct Row {
    const char *name;
    const char *server;     // server's uname -m
    const char *client;     // client's uname -m, "" = arch_id 0, "?" = an unknown nonzero id
    bool flag;              // client offers the canonical flag
    uint32_t cfg_flags;     // FUSECANON_CFG_*
    const char *legacy;     // legacy_peer_arch or ""
    int mode;               // expected FUSECANON_MODE_*
    bool flag_answered;     // the reply carries the flag
    const char *peer;       // expected peer arch name, "" = 0, "?" = the unknown id
};

const Row kRows[] = {
    {"legacy_client", "x86_64", "", false, 0, "", FUSECANON_MODE_NONE, false, ""},
    {"legacy_client_assumed_arch", "x86_64", "", false, 0, "aarch64", FUSECANON_MODE_PEER, false, "aarch64"},
    {"legacy_client_assumed_same_format", "x86_64", "", false, 0, "i686", FUSECANON_MODE_NONE, false, "i686"},
    {"same_format_with_flag", "aarch64", "armv7l", true, 0, "", FUSECANON_MODE_NONE, false, "armv7l"},
    {"same_arch_without_flag", "x86_64", "x86_64", false, 0, "", FUSECANON_MODE_NONE, false, "x86_64"},
    {"foreign_with_flag", "x86_64", "aarch64", true, 0, "", FUSECANON_MODE_CANONICAL, true, "aarch64"},
    {"foreign_server_side_with_flag", "aarch64", "x86_64", true, 0, "", FUSECANON_MODE_CANONICAL, true, "x86_64"},
    {"foreign_without_flag", "x86_64", "sparc64", false, 0, "", FUSECANON_MODE_PEER, false, "sparc64"},
    {"foreign_without_flag_refused", "x86_64", "alpha", false, FUSECANON_CFG_REFUSE_PEER, "", FUSECANON_MODE_REJECTED, false, "alpha"},
    {"unknown_with_flag", "x86_64", "?", true, 0, "", FUSECANON_MODE_CANONICAL, true, "?"},
    {"unknown_without_flag", "x86_64", "?", false, 0, "", FUSECANON_MODE_NONE, false, "?"},
    {"unknown_without_flag_refused", "x86_64", "?", false, FUSECANON_CFG_REFUSE_UNKNOWN, "", FUSECANON_MODE_REJECTED, false, "?"},
};

// Short names in test listings instead of gtest's byte dumps.
void PrintTo(const Row &row, std::ostream *os) { *os << row.name; }
void PrintTo(const Profile &p, std::ostream *os) { *os << (p.id == FUSECANON_PROFILE_DEFAULT ? "default" : "seed2024"); }

// An arch id no known uname -m name hashes to.
constexpr uint32_t kUnknownArch = 0x12345678u;

uint32_t id_of(const char *name)
{
    if (std::string(name) == "?") return kUnknownArch;
    if (*name == 0) return 0;
    return arch(name);
}

class DecisionTable : public ::testing::TestWithParam<std::tuple<Row, Profile>> {};

TEST_P(DecisionTable, ServerDecidesAndStampsTheReply)
{
    const Row &row = std::get<0>(GetParam());
    const Profile &p = std::get<1>(GetParam());
    ASSERT_NE(0u, fusecanon_arch_known(kUnknownArch) ? 0u : 1u) << "test id collides with a known arch";
    Session server(FUSECANON_ROLE_SERVER, arch(row.server), p.id, row.cfg_flags, id_of(row.legacy));

    Bytes req = init_request(p, id_of(row.client), row.flag);
    Bytes before = req;
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    EXPECT_EQ(before, req) << "the request is read, never modified";

    Bytes rep = init_reply(FUSE_INIT_EXT | FUSE_ASYNC_READ);
    int rc = fusecanon_server_init_reply(server.s, rep.data(), rep.size());
    EXPECT_EQ(row.mode, fusecanon_session_mode(server.s)) << fusecanon_session_reason(server.s);
    EXPECT_EQ(id_of(row.peer), fusecanon_session_peer_arch(server.s));
    EXPECT_GT(std::string(fusecanon_session_reason(server.s)).size(), 10u);

    if (row.mode == FUSECANON_MODE_REJECTED) {
        EXPECT_EQ(FUSECANON_E_REJECTED, rc);
        auto h = fctest::out_header(rep);
        EXPECT_EQ(sizeof(fuse_out_header), h.len);
        int32_t eproto = 0;
        uint32_t client = id_of(row.client);
        // This host's EPROTO (from its own <errno.h>), as the client's arch spells it.
        ASSERT_EQ(FUSECANON_OK, fusecanon_xlate_errno(fusecanon_arch_host(),
                                                     fusecanon_arch_known(client) ? client : arch(row.server), EPROTO, &eproto));
        EXPECT_EQ(-eproto, h.error);
    } else {
        EXPECT_EQ(FUSECANON_OK, rc) << fusecanon_error_name(rc);
        EXPECT_EQ(row.flag_answered, (reply_flags(rep) & p.flag) != 0);
        EXPECT_TRUE(reply_flags(rep) & FUSE_ASYNC_READ) << "other flags untouched";
    }
}

INSTANTIATE_TEST_SUITE_P(BothProfiles, DecisionTable,
    ::testing::Combine(::testing::ValuesIn(kRows), ::testing::Values(kDefault, kSeed)),
    [](const auto &info) {
        return std::string(std::get<0>(info.param).name) +
               (std::get<1>(info.param).id == FUSECANON_PROFILE_DEFAULT ? "_default" : "_seed2024");
    });

TEST(Init, FlagWithoutInitExtDoesNotCount)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, arch("aarch64"), true, 0, /*ext=*/false);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_PEER, fusecanon_session_mode(server.s));
}

TEST(Init, SeedProfileIgnoresIdmapBitFromAKernelWithoutArchId)
{
    // A modern kernel offers bit 40 as FUSE_ALLOW_IDMAP with arch_id 0: a legacy client, and the server's
    // own answer to FUSE_ALLOW_IDMAP must survive unchanged.
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"), FUSECANON_PROFILE_SEED_2024);
    Bytes req = init_request(kSeed, 0, true);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT | FUSECANON_INIT_FLAG_SEED_2024);
    Bytes before = rep;
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(server.s));
    EXPECT_EQ(before, rep);
}

TEST(Init, DefaultProfileFlagWithoutArchIdIsCanonicalWithUnknownArch)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, 0, true);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(server.s));
    EXPECT_EQ(0u, fusecanon_session_peer_arch(server.s));
}

TEST(Init, ShortInitInIsALegacyClient)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    fuse_init_in in{};
    in.major = 7;
    in.minor = 35;
    in.flags = 0xffffffffu; // whatever it says, a 16-byte body carries no flags2 and no arch_id
    Bytes req = fctest::request(FUSE_INIT, in, 1, 16);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_ASYNC_READ, 35);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(server.s));
}

TEST(Init, ReplyTooShortForFlags2FallsBackToPeer)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, arch("aarch64"), true, 0, true, 7, 22);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(0, 22, 24); // fuse_init_out before 7.23: 24 bytes
    Bytes before = rep;
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_PEER, fusecanon_session_mode(server.s));
    EXPECT_EQ(before, rep);
}

TEST(Init, MajorAboveSevenWaitsForASecondInit)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes first = init_request(kDefault, arch("aarch64"), true, 0, true, 8, 0);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, first.data(), first.size()));
    Bytes answer = init_reply(0, 45, 8); // libfuse answers major/minor only
    Bytes before = answer;
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, answer.data(), answer.size()));
    EXPECT_EQ(before, answer);
    EXPECT_EQ(FUSECANON_MODE_PENDING, fusecanon_session_mode(server.s));

    Bytes second = init_request(kDefault, arch("aarch64"), true);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, second.data(), second.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(server.s));
}

TEST(Init, SecondInitAfterCompletionIsABadState)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, 0, false);
    Bytes rep = init_reply(FUSE_INIT_EXT);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_init_request(server.s, req.data(), req.size()));
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
}

TEST(Init, MalformedInitLeavesBufferAndSessionUnchanged)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, arch("aarch64"), true);
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_init_request(nullptr, req.data(), req.size()));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_server_init_request(server.s, nullptr, req.size()));
    EXPECT_EQ(FUSECANON_E_TRUNCATED, fusecanon_server_init_request(server.s, req.data(), 39));
    EXPECT_EQ(FUSECANON_E_LENGTH_MISMATCH, fusecanon_server_init_request(server.s, req.data(), req.size() - 1));
    Bytes not_init = req;
    not_init[4] = FUSE_LOOKUP;
    EXPECT_EQ(FUSECANON_E_BAD_MESSAGE, fusecanon_server_init_request(server.s, not_init.data(), not_init.size()));
    Bytes old_major = init_request(kDefault, 0, false, 0, true, 6, 0);
    EXPECT_EQ(FUSECANON_E_BAD_MESSAGE, fusecanon_server_init_request(server.s, old_major.data(), old_major.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT);
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_PENDING, fusecanon_session_mode(server.s));
    // Still negotiable after all that.
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
}

TEST(Init, WrongRoleIsABadState)
{
    Session client(FUSECANON_ROLE_CLIENT, arch("aarch64"));
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    Bytes req = init_request(kDefault, 0, false);
    Bytes rep = init_reply(FUSE_INIT_EXT);
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_init_request(client.s, req.data(), req.size()));
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_client_init_request(server.s, req.data(), req.size()));
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_client_init_reply(server.s, rep.data(), rep.size()));
}

struct Pair {
    const char *client, *server;
};
void PrintTo(const Pair &p, std::ostream *os) { *os << p.client << "->" << p.server; }

class ClientServer : public ::testing::TestWithParam<std::tuple<Pair, Profile>> {};

TEST_P(ClientServer, NegotiateCanonical)
{
    const Pair &pair = std::get<0>(GetParam());
    const Profile &p = std::get<1>(GetParam());
    Session client(FUSECANON_ROLE_CLIENT, arch(pair.client), p.id);
    Session server(FUSECANON_ROLE_SERVER, arch(pair.server), p.id);

    Bytes req = init_request(p, 0, false, FUSE_ASYNC_READ | FUSE_POSIX_LOCKS);
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_request(client.s, req.data(), req.size()));
    auto in = fctest::body_of<fuse_init_in>(req, sizeof(fuse_in_header));
    EXPECT_EQ(arch(pair.client), in.unused[p.word]);
    EXPECT_TRUE((in.flags | static_cast<uint64_t>(in.flags2) << 32) & p.flag);

    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT | FUSE_POSIX_LOCKS, 41);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_reply(client.s, rep.data(), rep.size()));

    EXPECT_EQ(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(server.s)) << fusecanon_session_reason(server.s);
    EXPECT_EQ(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(client.s)) << fusecanon_session_reason(client.s);
    EXPECT_EQ(arch(pair.client), fusecanon_session_peer_arch(server.s));
}

INSTANTIATE_TEST_SUITE_P(Pairs, ClientServer,
    ::testing::Combine(::testing::Values(Pair{"aarch64", "x86_64"}, Pair{"sparc64", "x86_64"}, Pair{"alpha", "aarch64"}),
                       ::testing::Values(kDefault, kSeed)),
    [](const auto &info) {
        return std::string(std::get<0>(info.param).client) + "_to_" + std::get<0>(info.param).server +
               (std::get<1>(info.param).id == FUSECANON_PROFILE_DEFAULT ? "_default" : "_seed2024");
    });

TEST(Init, ClientAgainstLegacyServerStaysUntranslated)
{
    // A legacy server does not know the flag and answers only what it knows.
    Session client(FUSECANON_ROLE_CLIENT, arch("aarch64"));
    Bytes req = init_request(kDefault, 0, false);
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_request(client.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT | FUSE_ASYNC_READ);
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_reply(client.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(client.s));
}

TEST(Init, ClientWithShortInitCannotNegotiate)
{
    Session client(FUSECANON_ROLE_CLIENT, arch("aarch64"));
    fuse_init_in in{};
    in.major = 7;
    in.minor = 30;
    Bytes req = fctest::request(FUSE_INIT, in, 1, 16);
    Bytes before = req;
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_request(client.s, req.data(), req.size()));
    EXPECT_EQ(before, req);
    Bytes rep = init_reply(0, 30, 24);
    ASSERT_EQ(FUSECANON_OK, fusecanon_client_init_reply(client.s, rep.data(), rep.size()));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(client.s));
}

TEST(Session, ConfigValidation)
{
    fusecanon_session *s = reinterpret_cast<fusecanon_session *>(0x1);
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(nullptr, &s));
    EXPECT_EQ(nullptr, s);
    fusecanon_config cfg{};
    cfg.size = sizeof cfg;
    cfg.role = FUSECANON_ROLE_SERVER;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, nullptr));
    cfg.role = 0;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, &s));
    cfg.role = FUSECANON_ROLE_SERVER;
    cfg.size = 16;
    EXPECT_EQ(FUSECANON_E_STRUCT_SIZE, fusecanon_session_create(&cfg, &s));
    cfg.size = sizeof cfg;
    cfg.local_arch = kUnknownArch;
    EXPECT_EQ(FUSECANON_E_UNKNOWN_ARCH, fusecanon_session_create(&cfg, &s));
    cfg.local_arch = 0;
    cfg.unknown_policy = 3;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, &s));
    cfg.unknown_policy = 0;
    cfg.profile = 2;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, &s));
    cfg.profile = 0;
    cfg.flags = 1u << 31;
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_create(&cfg, &s));
    cfg.flags = 0;

    // A newer caller's larger struct: fine while the fields this library does not know are zero.
    struct {
        fusecanon_config cfg;
        uint32_t future_field;
    } bigger{};
    bigger.cfg = cfg;
    bigger.cfg.size = sizeof bigger;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&bigger.cfg, &s));
    EXPECT_EQ(FUSECANON_MODE_PENDING, fusecanon_session_mode(s));
    EXPECT_EQ(0u, fusecanon_session_peer_arch(s));
    fusecanon_session_destroy(s);
    bigger.future_field = 1;
    EXPECT_EQ(FUSECANON_E_UNSUPPORTED, fusecanon_session_create(&bigger.cfg, &s));

    fusecanon_session_destroy(nullptr);
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_mode(nullptr));
    EXPECT_EQ(0u, fusecanon_session_peer_arch(nullptr));
    EXPECT_STREQ("", fusecanon_session_reason(nullptr));
}

TEST(Session, FixedWireNeedsNoInit)
{
    fusecanon_session *s = nullptr;
    fusecanon_config cfg{};
    cfg.size = sizeof cfg;
    cfg.role = FUSECANON_ROLE_SERVER;
    cfg.local_arch = arch("x86_64");
    cfg.wire = FUSECANON_ARCH_CANONICAL;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
    EXPECT_EQ(FUSECANON_MODE_CANONICAL, fusecanon_session_mode(s));
    fusecanon_session_destroy(s);
    cfg.wire = arch("aarch64");
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
    EXPECT_EQ(FUSECANON_MODE_PEER, fusecanon_session_mode(s));
    EXPECT_EQ(arch("aarch64"), fusecanon_session_peer_arch(s));
    // INIT calls do not apply to a fixed wire.
    Bytes req = init_request(kDefault, 0, false);
    EXPECT_EQ(FUSECANON_E_BAD_STATE, fusecanon_server_init_request(s, req.data(), req.size()));
    fusecanon_session_destroy(s);
    cfg.wire = arch("i686");
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
    EXPECT_EQ(FUSECANON_MODE_NONE, fusecanon_session_mode(s));
    fusecanon_session_destroy(s);
}

} // namespace

namespace {

TEST(SessionInfo, ReportsWhatWasNegotiated)
{
    Session server(FUSECANON_ROLE_SERVER, arch("x86_64"));
    struct fusecanon_session_info info{};
    info.size = sizeof info;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_info(server.s, &info));
    EXPECT_EQ(FUSECANON_MODE_PENDING, info.mode);
    EXPECT_EQ(0u, info.wire_arch);

    Bytes req = init_request(kDefault, arch("sparc64"), true, 0, true, 7, 40);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_request(server.s, req.data(), req.size()));
    Bytes rep = init_reply(FUSE_INIT_EXT | FUSE_POSIX_LOCKS, 38);
    ASSERT_EQ(FUSECANON_OK, fusecanon_server_init_reply(server.s, rep.data(), rep.size()));
    info = {};
    info.size = sizeof info;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_info(server.s, &info));
    EXPECT_EQ(sizeof info, info.size);
    EXPECT_EQ(FUSECANON_MODE_CANONICAL, info.mode);
    EXPECT_EQ(FUSECANON_ROLE_SERVER, info.role);
    EXPECT_EQ(arch("x86_64"), info.local_arch);
    EXPECT_EQ(arch("sparc64"), info.peer_arch);
    EXPECT_EQ(FUSECANON_ARCH_CANONICAL, info.wire_arch);
    EXPECT_EQ(38u, info.minor) << "the smaller of the client's 40 and the reply's 38";
    EXPECT_EQ(0u, info.wire_big_endian) << "canonical is little-endian";
    EXPECT_EQ(0u, info.wire_swapped);
    EXPECT_TRUE(info.init_flags & FUSE_POSIX_LOCKS);
    EXPECT_TRUE(info.init_flags & FUSECANON_INIT_FLAG_DEFAULT);

    info.size = 8;
    EXPECT_EQ(FUSECANON_E_STRUCT_SIZE, fusecanon_session_info(server.s, &info));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_info(nullptr, &info));
    EXPECT_EQ(FUSECANON_E_INVALID_ARGUMENT, fusecanon_session_info(server.s, nullptr));
}

TEST(SessionInfo, FixedBigEndianWire)
{
    fusecanon_session *s = nullptr;
    fusecanon_config cfg{};
    cfg.size = sizeof cfg;
    cfg.role = FUSECANON_ROLE_SERVER;
    cfg.local_arch = arch("x86_64");
    cfg.wire = arch("s390x");
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_create(&cfg, &s));
    struct fusecanon_session_info info{};
    info.size = sizeof info;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_info(s, &info));
    // s390x has x86_64's constants; only the byte order differs, which is still a different format.
    EXPECT_EQ(FUSECANON_MODE_PEER, info.mode);
    EXPECT_EQ(1u, info.wire_big_endian);
    EXPECT_EQ(1u, info.wire_swapped);
    EXPECT_EQ(45u, info.minor);
    fusecanon_session_destroy(s);
}

} // namespace
