// Shared by the libFuzzer harnesses: reading the fuzz input, building sessions in every mode and role,
// guard-page buffers, and the oracle every call is checked against.
//
// libfusecanon.so is Native AOT code that is not instrumented, so libFuzzer sees no coverage inside it.
// Two things make up for that (native-tests/fuzz/README.md):
//   - the harnesses are structure-aware: they build sessions, fix up header lengths and pick opcodes, so
//     most inputs get past the first checks;
//   - feedback(): every (call, session kind, opcode, result) tuple bumps a counter in libFuzzer's
//     __libfuzzer_extra_counters section, so an input that makes the library answer differently counts as
//     new coverage and is kept.
// Memory errors inside the library cannot be seen by ASan; every message is placed so that it ends at (or
// starts right after) a PROT_NONE page, so an over-read or over-write faults at once.
#pragma once

#include <fusecanon.h>
#include <linux/fuse.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace fz {

using Bytes = std::vector<uint8_t>;

[[noreturn]] inline void fail(const char *what, int code)
{
    std::fprintf(stderr, "fusecanon fuzz oracle: %s (result %d %s)\n", what, code, fusecanon_error_name(code));
    std::abort();
}

// memcmp that accepts empty ranges whose pointers may be NULL.
inline bool same(const uint8_t *a, const uint8_t *b, size_t n) { return n == 0 || std::memcmp(a, b, n) == 0; }

// ------------------------------------------------------------------------------------------ input reading

struct Input {
    const uint8_t *p;
    size_t n;
    uint8_t u8() { return n ? (--n, *p++) : 0; }
    uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }
    uint32_t u32() { return u16() | (static_cast<uint32_t>(u16()) << 16); }
    Bytes take(size_t k)
    {
        if (k > n)
            k = n;
        Bytes b(p, p + k);
        p += k;
        n -= k;
        return b;
    }
    Bytes rest() { return take(n); }
};

// ------------------------------------------------------------------------------------------ feedback

#define FZ_COUNTERS 8192
__attribute__((section("__libfuzzer_extra_counters"))) inline uint8_t g_counters[FZ_COUNTERS];

inline void feedback(uint32_t a, uint32_t b, uint32_t c, int result)
{
    uint32_t h = 2166136261u;
    for (uint32_t v : {a, b, c, static_cast<uint32_t>(result)})
        h = (h ^ v) * 16777619u;
    uint8_t &slot = g_counters[h % FZ_COUNTERS];
    if (slot < 255)
        slot++;
}

// ------------------------------------------------------------------------------------------ guard pages

// A region of `pages` read-write pages followed by a PROT_NONE page, and one PROT_NONE page before it.
struct GuardRegion {
    uint8_t *base = nullptr; // first usable byte (right after the leading guard)
    size_t size = 0;         // usable bytes
    explicit GuardRegion(size_t pages = 4)
    {
        size_t pg = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        size = pages * pg;
        void *m = mmap(nullptr, size + 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            std::abort();
        auto *all = static_cast<uint8_t *>(m);
        mprotect(all, pg, PROT_NONE);
        mprotect(all + pg + size, pg, PROT_NONE);
        base = all + pg;
    }
    // Copies data so that it ends exactly at the trailing guard (at_start: starts right after the leading one).
    uint8_t *place(const uint8_t *data, size_t len, bool at_start)
    {
        if (len > size)
            std::abort();
        uint8_t *dst = at_start ? base : base + size - len;
        if (len)
            std::memcpy(dst, data, len);
        return dst;
    }
};

// ------------------------------------------------------------------------------------------ sessions

inline uint32_t arch(const char *n) { return fusecanon_arch_id_from_name(n); }

// Local arches of the host side (little- and big-endian peers are the wire's business).
inline uint32_t local_arch(uint8_t k)
{
    static const char *names[] = {"x86_64", "aarch64", "ppc64le", "riscv64", "loongarch64", "alpha"};
    return arch(names[k % 6]);
}

// Peers: little-endian ones with other constants, and big-endian ones (a fixed wire of those swaps).
inline uint32_t peer_arch(uint8_t k)
{
    static const char *names[] = {"x86_64", "aarch64", "sparc64", "ppc64", "s390x", "mips64", "alpha", "parisc", "mips", "m68k"};
    return arch(names[k % 10]);
}

inline uint16_t bswap16(uint16_t v) { return __builtin_bswap16(v); }
inline uint32_t bswap32(uint32_t v) { return __builtin_bswap32(v); }
inline uint64_t bswap64(uint64_t v) { return __builtin_bswap64(v); }

// A kernel-style INIT request (64-byte body from minor 36, else 16), optionally byte-swapped.
inline Bytes init_request(uint32_t minor, uint32_t arch_id, bool flag, uint32_t profile, bool swapped, uint32_t major = 7)
{
    fuse_init_in in{};
    in.major = major;
    in.minor = minor;
    in.max_readahead = 131072;
    uint64_t f = FUSE_INIT_EXT | FUSE_ASYNC_READ | FUSE_POSIX_LOCKS;
    if (flag)
        f |= profile == FUSECANON_PROFILE_SEED_2024 ? FUSECANON_INIT_FLAG_SEED_2024 : FUSECANON_INIT_FLAG_DEFAULT;
    in.flags = static_cast<uint32_t>(f);
    in.flags2 = static_cast<uint32_t>(f >> 32);
    in.unused[profile == FUSECANON_PROFILE_SEED_2024 ? FUSECANON_INIT_ARCH_WORD_SEED_2024 : FUSECANON_INIT_ARCH_WORD_DEFAULT] = arch_id;
    size_t body = minor >= 36 ? sizeof in : 16;
    Bytes m(sizeof(fuse_in_header) + body);
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.opcode = FUSE_INIT;
    h.unique = 1;
    if (swapped) {
        h.len = bswap32(h.len);
        h.opcode = bswap32(h.opcode);
        h.unique = bswap64(h.unique);
        auto *w = reinterpret_cast<uint32_t *>(&in);
        for (size_t i = 0; i < sizeof in / 4; i++)
            w[i] = bswap32(w[i]);
    }
    std::memcpy(m.data(), &h, sizeof h);
    std::memcpy(m.data() + sizeof h, &in, body);
    return m;
}

// A server's INIT reply: 64-byte body from minor 23, 24 from 5, else 8.
inline Bytes init_reply(uint32_t minor, bool flag, uint32_t profile, bool swapped, int32_t error = 0)
{
    fuse_init_out out{};
    out.major = 7;
    out.minor = minor;
    out.max_readahead = 131072;
    uint64_t f = FUSE_INIT_EXT | FUSE_ASYNC_READ;
    if (flag)
        f |= profile == FUSECANON_PROFILE_SEED_2024 ? FUSECANON_INIT_FLAG_SEED_2024 : FUSECANON_INIT_FLAG_DEFAULT;
    out.flags = static_cast<uint32_t>(f);
    out.flags2 = static_cast<uint32_t>(f >> 32);
    out.max_write = 1 << 20;
    size_t body = error ? 0 : minor >= 23 ? sizeof out : minor >= 5 ? 24 : 8;
    Bytes m(sizeof(fuse_out_header) + body);
    fuse_out_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.error = error;
    h.unique = 1;
    if (swapped) {
        h.len = bswap32(h.len);
        h.error = static_cast<int32_t>(bswap32(static_cast<uint32_t>(h.error)));
        h.unique = bswap64(h.unique);
        auto *w = reinterpret_cast<uint32_t *>(&out);
        for (size_t i = 0; i < 6; i++) // major..max_write are u32; the rest is left (unused by the library's decision)
            w[i] = bswap32(w[i]);
    }
    std::memcpy(m.data(), &h, sizeof h);
    std::memcpy(m.data() + sizeof h, &out, body);
    return m;
}

// What a session was built from; the fuzz input's first 6 bytes.
struct Setup {
    uint8_t b[6];
    bool client() const { return b[0] & 1; }
    bool negotiated() const { return ((b[0] >> 1) & 7) >= 5; }
    uint32_t wire() const
    {
        switch ((b[0] >> 1) & 7) {
        case 0: return FUSECANON_ARCH_CANONICAL;
        case 1: return local_arch(b[1]); // the same format: mode NONE
        default: return peer_arch(b[2]);
        }
    }
    uint32_t policy() const { return (b[3] & 3) % 3; }
    uint32_t flags() const
    {
        uint32_t f = 0;
        if (b[3] & 4)
            f |= FUSECANON_CFG_TRANSLATE_IOCTL;
        if ((b[3] & 8) && client())
            f |= FUSECANON_CFG_LOCAL_BIG_ENDIAN;
        if ((b[3] & 16) && !client())
            f |= FUSECANON_CFG_REFUSE_PEER;
        return f;
    }
    uint32_t profile() const { return (b[3] >> 5) & 1; }
    uint32_t minor() const { return 36 + b[4] % 10; } // 36..45: bodies long enough to negotiate
    uint32_t key() const { return (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) ^ (b[4] * 2654435761u) ^ (b[5] * 40503u); }
};

inline Setup read_setup(Input &in)
{
    Setup st;
    for (auto &x : st.b)
        x = in.u8();
    return st;
}

struct Built {
    fusecanon_session *s = nullptr;
    int mode = 0;
    bool local_be = false; // this side's messages are big-endian (client with FUSECANON_CFG_LOCAL_BIG_ENDIAN)
};

// Creates (and negotiates) the session a Setup describes. Valid setups must succeed: anything else aborts.
inline Built build(const Setup &st)
{
    fusecanon_config cfg{};
    cfg.size = sizeof cfg;
    cfg.role = st.client() ? FUSECANON_ROLE_CLIENT : FUSECANON_ROLE_SERVER;
    cfg.local_arch = local_arch(st.b[1]);
    cfg.wire = st.negotiated() ? FUSECANON_WIRE_NEGOTIATE : st.wire();
    cfg.unknown_policy = st.policy();
    cfg.flags = st.flags();
    cfg.profile = st.profile();
    Built out;
    out.local_be = (cfg.flags & FUSECANON_CFG_LOCAL_BIG_ENDIAN) != 0;
    int r = fusecanon_session_create(&cfg, &out.s);
    if (r != FUSECANON_OK)
        fail("session_create of a valid config", r);
    if (st.negotiated()) {
        bool flag = st.b[5] & 1, swapped = st.b[5] & 2;
        uint32_t minor = st.minor();
        if (st.client()) {
            Bytes req = init_request(minor, 0, false, st.profile(), out.local_be);
            if ((r = fusecanon_client_init_request(out.s, req.data(), req.size())) != FUSECANON_OK)
                fail("client_init_request of a valid INIT", r);
            Bytes rep = init_reply(minor, flag, st.profile(), out.local_be);
            if ((r = fusecanon_client_init_reply(out.s, rep.data(), rep.size())) != FUSECANON_OK)
                fail("client_init_reply of a valid INIT reply", r);
        } else {
            Bytes req = init_request(minor, peer_arch(st.b[2]), flag, st.profile(), swapped);
            if ((r = fusecanon_server_init_request(out.s, req.data(), req.size())) != FUSECANON_OK)
                fail("server_init_request of a valid INIT", r);
            Bytes rep = init_reply(45 - st.b[5] % 3, false, st.profile(), false);
            r = fusecanon_server_init_reply(out.s, rep.data(), rep.size());
            if (r != FUSECANON_OK && r != FUSECANON_E_REJECTED)
                fail("server_init_reply of a valid INIT reply", r);
        }
    }
    out.mode = fusecanon_session_mode(out.s);
    return out;
}

// Sessions are immutable once negotiated, so one per setup is kept for the life of the process.
inline const Built &session_for(const Setup &st)
{
    // Never destroyed: a global that outlives exit() keeps the sessions reachable for LeakSanitizer.
    static auto &cache = *new std::map<uint64_t, Built>;
    uint64_t k = 0;
    std::memcpy(&k, st.b, 6);
    auto it = cache.find(k);
    if (it != cache.end())
        return it->second;
    if (cache.size() > 4096) {
        for (auto &e : cache)
            fusecanon_session_destroy(e.second.s);
        cache.clear();
    }
    return cache.emplace(k, build(st)).first->second;
}

// ------------------------------------------------------------------------------------------ oracle

// The result codes the header documents for the message calls.
inline bool message_result_documented(int r)
{
    switch (r) {
    case FUSECANON_OK:
    case FUSECANON_E_INVALID_ARGUMENT:
    case FUSECANON_E_BAD_STATE:
    case FUSECANON_E_REJECTED:
    case FUSECANON_E_TRUNCATED:
    case FUSECANON_E_LENGTH_MISMATCH:
    case FUSECANON_E_UNKNOWN_OPCODE:
    case FUSECANON_E_BAD_MESSAGE:
    case FUSECANON_E_UNKNOWN_VALUE:
        return true;
    default:
        return false;
    }
}

inline bool init_result_documented(int r)
{
    switch (r) {
    case FUSECANON_OK:
    case FUSECANON_E_INVALID_ARGUMENT:
    case FUSECANON_E_BAD_STATE:
    case FUSECANON_E_TRUNCATED:
    case FUSECANON_E_LENGTH_MISMATCH:
    case FUSECANON_E_BAD_MESSAGE:
    case FUSECANON_E_REJECTED: // server_init_reply only
        return true;
    default:
        return false;
    }
}

// Every FUSE opcode the library knows (1..53 and CUSE_INIT), plus unknown ones for the fuzzer to try.
inline uint32_t opcode_from(uint8_t k)
{
    if (k < 56)
        return k;
    switch (k % 8) {
    case 0: return CUSE_INIT;
    case 1: return FUSE_INIT_BSWAP_RESERVED;
    case 2: return 0xFFFFFFFFu;
    case 3: return 4097;
    default: return k;
    }
}

// Sets a request's header len (or a reply's) to the buffer's length, in the given byte order.
inline void fix_len(Bytes &m, bool big)
{
    if (m.size() < 4)
        return;
    uint32_t len = static_cast<uint32_t>(m.size());
    if (big)
        len = bswap32(len);
    std::memcpy(m.data(), &len, 4);
}

inline void put32(Bytes &m, size_t at, uint32_t v, bool big)
{
    if (m.size() < at + 4)
        return;
    if (big)
        v = bswap32(v);
    std::memcpy(m.data() + at, &v, 4);
}

inline void put64(Bytes &m, size_t at, uint64_t v, bool big)
{
    if (m.size() < at + 8)
        return;
    if (big)
        v = bswap64(v);
    std::memcpy(m.data() + at, &v, 8);
}

} // namespace fz

namespace fz {

// ------------------------------------------------------------------------------------------ describe

// The result codes the header documents for the describe functions (besides a length >= 0).
inline bool describe_result_documented(int r)
{
    return r >= 0 || r == FUSECANON_E_BUFFER_TOO_SMALL || r == FUSECANON_E_INVALID_ARGUMENT ||
           r == FUSECANON_E_UNKNOWN_ARCH || r == FUSECANON_E_TRUNCATED;
}

// Checks one describe call that wrote into out[0..len) against the same call's full text (full, from a
// buffer large enough: its result full_r).  The bytes of out after len (out_after of them, which the caller
// filled with 0xA5) must be untouched.  Returns what is wrong, or nullptr.
inline const char *describe_check(int r, const char *out, size_t len, size_t out_after, int full_r, const char *full)
{
    if (!describe_result_documented(r))
        return "undocumented result from a describe call";
    for (size_t i = 0; i < out_after; i++)
        if (static_cast<uint8_t>(out[len + i]) != 0xA5)
            return "describe wrote past len";
    if (full_r < 0) // an argument error: the same whatever the buffer
        return r == full_r ? nullptr : "describe: the result depends on the buffer size";
    for (int i = 0; i < full_r; i++)
        if (full[i] < 0x20 || full[i] > 0x7E)
            return "describe: text is not printable ASCII";
    if (full[full_r] != 0)
        return "describe: text not NUL-terminated";
    size_t n = static_cast<size_t>(full_r);
    if (len > n) {
        if (r != full_r)
            return "describe: the text fits but the result is not its length";
        return std::memcmp(out, full, n + 1) == 0 ? nullptr : "describe: text differs from the full text";
    }
    if (r != FUSECANON_E_BUFFER_TOO_SMALL)
        return "describe: the text does not fit but the result is not BUFFER_TOO_SMALL";
    if (len == 0)
        return nullptr; // nothing may be written: out[0] is the first byte after len, checked above
    if (out[len - 1] != 0)
        return "describe: truncated text not NUL-terminated";
    return std::memcmp(out, full, len - 1) == 0 ? nullptr : "describe: truncated text is not a prefix";
}

} // namespace fz
