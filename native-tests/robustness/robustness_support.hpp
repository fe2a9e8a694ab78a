// Sessions and messages for the robustness tests (guard pages, bad inputs, concurrency).
#pragma once

#include "fuzz/fuse_samples.hpp"
#include "fuzz/fuzz_support.hpp"

#include <string>

namespace rb {

using fz::Bytes;

inline fusecanon_session *fixed(uint32_t role, const char *local, uint32_t wire, uint32_t flags = 0,
                                uint32_t policy = FUSECANON_UNKNOWN_PASS)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = role;
    c.local_arch = fz::arch(local);
    c.wire = wire;
    c.flags = flags;
    c.unknown_policy = policy;
    fusecanon_session *s = nullptr;
    if (fusecanon_session_create(&c, &s) != FUSECANON_OK)
        std::abort();
    return s;
}

// A server on x86_64 that negotiated with a client of `client` arch (flag: canonical; swapped: big-endian INIT).
inline fusecanon_session *negotiated_server(const char *client, bool flag, bool swapped, uint32_t minor = 45)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = FUSECANON_ROLE_SERVER;
    c.local_arch = fz::arch("x86_64");
    c.unknown_policy = FUSECANON_UNKNOWN_PASS;
    fusecanon_session *s = nullptr;
    fusecanon_session_create(&c, &s);
    Bytes rq = fz::init_request(minor, fz::arch(client), flag, 0, swapped);
    Bytes rp = fz::init_reply(45, false, 0, false);
    if (fusecanon_server_init_request(s, rq.data(), rq.size()) || fusecanon_server_init_reply(s, rp.data(), rp.size()))
        std::abort();
    return s;
}

struct Kind {
    const char *name;
    fusecanon_session *server, *client; // a matching pair: the client's wire is the server's wire
};

// Session pairs of every mode: peer little-endian, peer big-endian (swapped), canonical, none.
inline std::vector<Kind> kinds()
{
    uint32_t sparc = fz::arch("sparc64"), arm = fz::arch("aarch64");
    return {
        {"peer-le", fixed(FUSECANON_ROLE_SERVER, "x86_64", arm), fixed(FUSECANON_ROLE_CLIENT, "aarch64", fz::arch("aarch64"))},
        {"peer-be", fixed(FUSECANON_ROLE_SERVER, "x86_64", sparc), fixed(FUSECANON_ROLE_CLIENT, "x86_64", sparc)},
        {"canonical", fixed(FUSECANON_ROLE_SERVER, "aarch64", FUSECANON_ARCH_CANONICAL),
         fixed(FUSECANON_ROLE_CLIENT, "alpha", FUSECANON_ARCH_CANONICAL)},
        {"none", fixed(FUSECANON_ROLE_SERVER, "x86_64", fz::arch("x86_64")), fixed(FUSECANON_ROLE_CLIENT, "x86_64", fz::arch("riscv64"))},
    };
}

inline void destroy(std::vector<Kind> &ks)
{
    for (auto &k : ks) {
        fusecanon_session_destroy(k.server);
        fusecanon_session_destroy(k.client);
    }
}

} // namespace rb
