// Benchmarks of libfusecanon.so against baselines in the same binary and the same run (Google Benchmark).
//
// Cases: one field (open flags aarch64 -> x86_64, errno x86_64 -> alpha, lock type sparc64 -> x86_64) and one
// message (OPEN, READ, WRITE requests aarch64 -> x86_64, GETLK alpha -> x86_64, an error reply x86_64 -> alpha).
// Variants of every case:
//   handwritten  C written for that exact pair: bit tests, a switch (the practical limit; ratio 1.00)
//   qemu_loop    the QEMU linux-user algorithm: a loop over a {mask, bits} (or {from, to}) table per call
//   inline       the header's static inline fast path (fusecanon_session_plan + fusecanon_plan_*)
//   so_call      one call into libfusecanon.so per field or message
//   so_batch16   messages only: fusecanon_*_batch() with 16 messages per call (time shown per message)
//   copy/memcpy  the floor: copying the field or the message
// Every constant of the baselines comes from bench_values.h, generated from the extracted uapi tables, and
// from <linux/fuse.h>; none is typed here.
//
//   fusecanon_bench [google benchmark flags]          run and print the ratio table
//   fusecanon_bench --iterate NAME N                  run case NAME N times, no timing (for callgrind)
//   fusecanon_bench --list                            the case names
//   valgrind --tool=callgrind fusecanon_bench --callgrind N [NAME...]
//                                                     every (or each named) case N times, one callgrind dump per
//                                                     case named after it: instructions per operation = Ir / N
#include <benchmark/benchmark.h>
#include <fusecanon.h>
#include <sys/uio.h>
#include <linux/fuse.h>

#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_values.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif

namespace {

// ---- helpers ------------------------------------------------------------------------------------------

inline uint32_t ld32(const uint8_t *p) { uint32_t v; std::memcpy(&v, p, 4); return v; }
inline void st32(uint8_t *p, uint32_t v) { std::memcpy(p, &v, 4); }

constexpr uint32_t kInHeader = sizeof(struct fuse_in_header);
constexpr uint32_t kOutHeader = sizeof(struct fuse_out_header);
constexpr uint32_t kOpenFlagsAt = kInHeader + offsetof(struct fuse_open_in, flags);
constexpr uint32_t kReadFlagsAt = kInHeader + offsetof(struct fuse_read_in, flags);
constexpr uint32_t kWriteFlagsAt = kInHeader + offsetof(struct fuse_write_in, flags);
constexpr uint32_t kLockTypeAt = kInHeader + offsetof(struct fuse_lk_in, lk) + offsetof(struct fuse_file_lock, type);
constexpr uint32_t kErrorAt = offsetof(struct fuse_out_header, error);

// ---- (1) hand-written C for each pair -------------------------------------------------------------------

// Open flags aarch64 -> x86_64: the flags whose single bit moves are tested one by one, the rest kept.
#define BV_SINGLE(f) (((f) & ((f) - 1u)) == 0u)
#define BV_MOVED_MASK(name, f, t) | (BV_SINGLE(f) ? (f) : 0u)
#define BV_MOVE_BIT(name, f, t) if (BV_SINGLE(f) && (in & (f))) out |= (t);
inline int hw_open_flags(uint32_t in, uint32_t *res)
{
    constexpr uint32_t moved = 0u BV_OPEN_DIFF(BV_MOVED_MASK);
    uint32_t out = in & ~moved;
    BV_OPEN_DIFF(BV_MOVE_BIT)
    *res = out & BV_OPEN_FROM_KNOWN;
    return (in & ~BV_OPEN_FROM_KNOWN) ? FUSECANON_E_UNKNOWN_VALUE : FUSECANON_OK;
}

// errno x86_64 -> alpha: a switch over the values that differ; the others are the same number.
#define BV_CASE(name, f, t) case f: *res = (int32_t)(t); return FUSECANON_OK;
inline int hw_errno(int32_t e, int32_t *res)
{
    switch ((uint32_t)e) {
        BV_ERRNO_DIFF(BV_CASE)
        default: *res = e; return FUSECANON_OK;
    }
}

// Lock types sparc64 -> x86_64 (per field) and alpha -> x86_64 (GETLK messages): a switch over every type.
#define BV_LCASE(name, f, t) case f: *res = (t); return FUSECANON_OK;
inline int hw_lock_sparc(uint32_t v, uint32_t *res)
{
    switch (v) {
        BV_LOCK_ALL(BV_LCASE)
        default: *res = FUSECANON_PLAN_LOCK_INVALID; return FUSECANON_E_UNKNOWN_VALUE;
    }
}
inline int hw_lock_alpha(uint32_t v, uint32_t *res)
{
    switch (v) {
        BV_LOCKA_ALL(BV_LCASE)
        default: *res = FUSECANON_PLAN_LOCK_INVALID; return FUSECANON_E_UNKNOWN_VALUE;
    }
}

// ---- (2) the QEMU linux-user algorithm ------------------------------------------------------------------

// QEMU's bitmask_transtbl: {target_mask, target_bits, host_mask, host_bits}; every entry is tested per call.
struct bitmask_entry { uint32_t from_mask, from_bits, to_mask, to_bits; };
std::vector<bitmask_entry> qemu_open_table()
{
    std::vector<bitmask_entry> t;
#define BV_QEMU_ENTRY(name, f, t_) \
    if (std::strcmp(#name, "O_ACCMODE") != 0) { \
        bool acc = !std::strcmp(#name, "O_RDONLY") || !std::strcmp(#name, "O_WRONLY") || !std::strcmp(#name, "O_RDWR"); \
        t.push_back(acc ? bitmask_entry{BV_OPEN_FROM_O_ACCMODE, f, BV_OPEN_TO_O_ACCMODE, t_} : bitmask_entry{f, f, t_, t_}); \
    }
    BV_OPEN_ALL(BV_QEMU_ENTRY)
    return t;
}
const std::vector<bitmask_entry> kQemuOpen = qemu_open_table();

inline int qemu_open_flags(uint32_t in, uint32_t *res)
{
    uint32_t out = 0;
    for (const bitmask_entry &e : kQemuOpen)
        if ((in & e.from_mask) == e.from_bits)
            out |= e.to_bits;
    *res = out;
    return FUSECANON_OK;
}

// Scalars, the same way: a loop over {from, to} pairs.
struct pair_entry { uint32_t from, to; };
#define BV_PAIR(name, f, t) {f, t},
const std::vector<pair_entry> kQemuErrno = {BV_ERRNO_ALL(BV_PAIR)};
const std::vector<pair_entry> kQemuLockSparc = {BV_LOCK_ALL(BV_PAIR)};
const std::vector<pair_entry> kQemuLockAlpha = {BV_LOCKA_ALL(BV_PAIR)};

inline int qemu_pairs(const std::vector<pair_entry> &t, uint32_t v, uint32_t fallback, uint32_t *res)
{
    for (const pair_entry &e : t)
        if (e.from == v) { *res = e.to; return FUSECANON_OK; }
    *res = fallback;
    return FUSECANON_E_UNKNOWN_VALUE;
}
inline int qemu_errno(int32_t e, int32_t *res)
{
    uint32_t r;
    int st = qemu_pairs(kQemuErrno, (uint32_t)e, BV_ERRNO_TO_EIO, &r);
    *res = (int32_t)r;
    return st;
}
inline int qemu_lock_sparc(uint32_t v, uint32_t *res) { return qemu_pairs(kQemuLockSparc, v, FUSECANON_PLAN_LOCK_INVALID, res); }
inline int qemu_lock_alpha(uint32_t v, uint32_t *res) { return qemu_pairs(kQemuLockAlpha, v, FUSECANON_PLAN_LOCK_INVALID, res); }

// ---- sessions and plans --------------------------------------------------------------------------------

fusecanon_session *make_session(uint32_t role, const char *local, const char *wire)
{
    struct fusecanon_config cfg = {};
    cfg.size = sizeof cfg;
    cfg.role = role;
    cfg.local_arch = fusecanon_arch_id_from_name(local);
    cfg.wire = fusecanon_arch_id_from_name(wire);
    fusecanon_session *s = nullptr;
    if (fusecanon_session_create(&cfg, &s) != FUSECANON_OK) {
        std::fprintf(stderr, "fusecanon_bench: cannot create a %s <- %s session\n", local, wire);
        std::exit(2);
    }
    return s;
}

struct Env {
    fusecanon_session *arm = make_session(FUSECANON_ROLE_SERVER, "x86_64", "aarch64");   // requests aarch64 -> x86_64
    fusecanon_session *alpha = make_session(FUSECANON_ROLE_SERVER, "x86_64", "alpha");   // GETLK, error replies
    fusecanon_session *sparc = make_session(FUSECANON_ROLE_SERVER, "x86_64", "sparc64"); // lock plan (values only)
    const struct fusecanon_plan *arm_decode = plan(arm, FUSECANON_DIR_DECODE);
    const struct fusecanon_plan *alpha_decode = plan(alpha, FUSECANON_DIR_DECODE);
    const struct fusecanon_plan *alpha_encode = plan(alpha, FUSECANON_DIR_ENCODE);
    const struct fusecanon_plan *sparc_decode = plan(sparc, FUSECANON_DIR_DECODE);
    uint32_t id_x86 = fusecanon_arch_id_from_name("x86_64"), id_arm = fusecanon_arch_id_from_name("aarch64");
    uint32_t id_alpha = fusecanon_arch_id_from_name("alpha"), id_sparc = fusecanon_arch_id_from_name("sparc64");

    static const struct fusecanon_plan *plan(fusecanon_session *s, int dir)
    {
        const struct fusecanon_plan *p = fusecanon_session_plan(s, dir, sizeof(struct fusecanon_plan));
        if (!p) {
            std::fprintf(stderr, "fusecanon_bench: fusecanon_session_plan returned NULL\n");
            std::exit(2);
        }
        return p;
    }
};
Env &env()
{
    static Env e;
    return e;
}

// Inputs, cycled (8 of each) so that nothing is constant-folded; all from the generated values.
const uint32_t kOpenIn[8] = {
    BV_OPEN_FROM_O_RDWR | BV_OPEN_FROM_O_CREAT,
    BV_OPEN_FROM_O_RDONLY | BV_OPEN_FROM_O_DIRECT | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_WRONLY | BV_OPEN_FROM_O_APPEND | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_RDONLY | BV_OPEN_FROM_O_DIRECTORY | BV_OPEN_FROM_O_NOFOLLOW | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_RDWR | BV_OPEN_FROM_O_DIRECT | BV_OPEN_FROM_O_CLOEXEC | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_RDONLY | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_WRONLY | BV_OPEN_FROM_O_CREAT | BV_OPEN_FROM_O_EXCL | BV_OPEN_FROM_O_LARGEFILE,
    BV_OPEN_FROM_O_RDONLY | BV_OPEN_FROM_O_NONBLOCK | BV_OPEN_FROM_O_LARGEFILE,
};
const int32_t kErrnoIn[8] = {
    (int32_t)BV_ERRNO_FROM_ENOENT, (int32_t)BV_ERRNO_FROM_EAGAIN, (int32_t)BV_ERRNO_FROM_ENOTEMPTY,
    (int32_t)BV_ERRNO_FROM_ELOOP, (int32_t)BV_ERRNO_FROM_EEXIST, (int32_t)BV_ERRNO_FROM_ENOSYS,
    (int32_t)BV_ERRNO_FROM_EACCES, (int32_t)BV_ERRNO_FROM_EDEADLK,
};
const uint32_t kLockSparcIn[8] = {BV_LOCK_FROM_F_RDLCK, BV_LOCK_FROM_F_WRLCK, BV_LOCK_FROM_F_UNLCK, BV_LOCK_FROM_F_RDLCK,
                                  BV_LOCK_FROM_F_WRLCK, BV_LOCK_FROM_F_UNLCK, BV_LOCK_FROM_F_WRLCK, BV_LOCK_FROM_F_RDLCK};
const uint32_t kLockAlphaIn[8] = {BV_LOCKA_FROM_F_RDLCK, BV_LOCKA_FROM_F_WRLCK, BV_LOCKA_FROM_F_UNLCK, BV_LOCKA_FROM_F_RDLCK,
                                  BV_LOCKA_FROM_F_WRLCK, BV_LOCKA_FROM_F_UNLCK, BV_LOCKA_FROM_F_WRLCK, BV_LOCKA_FROM_F_RDLCK};

// ---- cases ---------------------------------------------------------------------------------------------

// A case body runs n operations; the same body serves Google Benchmark and --iterate.
using Body = std::function<void(int64_t n)>;
struct Case {
    std::string name;   // group/subject/variant
    int per_iteration;  // operations (fields or messages) per loop iteration
    Body body;
};
std::vector<Case> &cases()
{
    static std::vector<Case> c;
    return c;
}

template <typename F>
void field_case(const std::string &name, const uint32_t *in, F f)
{
    cases().push_back({name, 1, [in, f](int64_t n) {
        uint32_t acc = 0;
        for (int64_t i = 0; i < n; i++) {
            uint32_t out;
            int st = f(in[i & 7], &out);
            acc += out + (uint32_t)st;
            benchmark::DoNotOptimize(acc);
        }
    }});
}

// A message: a buffer, the offset of its arch-specific field and the 8 values that field cycles through.
struct Msg {
    std::vector<uint8_t> bytes;
    uint32_t field_at;
    const uint32_t *values;
};

Msg request(uint32_t opcode, size_t body, uint32_t field_at, const uint32_t *values)
{
    Msg m{std::vector<uint8_t>(kInHeader + body), field_at, values};
    struct fuse_in_header h = {};
    h.len = (uint32_t)m.bytes.size();
    h.opcode = opcode;
    h.unique = 2;
    std::memcpy(m.bytes.data(), &h, sizeof h);
    return m;
}

const uint32_t kErrorIn[8] = {
    (uint32_t)-(int32_t)BV_ERRNO_FROM_ENOENT, (uint32_t)-(int32_t)BV_ERRNO_FROM_EAGAIN,
    (uint32_t)-(int32_t)BV_ERRNO_FROM_ENOTEMPTY, (uint32_t)-(int32_t)BV_ERRNO_FROM_ELOOP,
    (uint32_t)-(int32_t)BV_ERRNO_FROM_EEXIST, (uint32_t)-(int32_t)BV_ERRNO_FROM_ENOSYS,
    (uint32_t)-(int32_t)BV_ERRNO_FROM_EACCES, (uint32_t)-(int32_t)BV_ERRNO_FROM_EDEADLK,
};

Msg error_reply()
{
    Msg m{std::vector<uint8_t>(kOutHeader), kErrorAt, kErrorIn};
    struct fuse_out_header h = {};
    h.len = kOutHeader;
    h.unique = 2;
    std::memcpy(m.bytes.data(), &h, sizeof h);
    return m;
}

// The shell every non-library variant shares: what the library checks before translating (length, header len,
// opcode, body size), then the opcode's field through the given field translator.
template <typename OpenF, typename LockF>
int shell_request(uint8_t *m, size_t len, OpenF open_flags, LockF lock_type)
{
    if (len < kInHeader || ld32(m) != len)
        return FUSECANON_E_LENGTH_MISMATCH;
    uint32_t at, v, out;
    int st;
    switch (ld32(m + offsetof(struct fuse_in_header, opcode))) {
    case FUSE_OPEN: if (len < kInHeader + sizeof(struct fuse_open_in)) return FUSECANON_E_TRUNCATED; at = kOpenFlagsAt; break;
    case FUSE_READ: if (len < kInHeader + sizeof(struct fuse_read_in)) return FUSECANON_E_TRUNCATED; at = kReadFlagsAt; break;
    case FUSE_WRITE: if (len < kInHeader + sizeof(struct fuse_write_in)) return FUSECANON_E_TRUNCATED; at = kWriteFlagsAt; break;
    case FUSE_GETLK:
        if (len < kInHeader + sizeof(struct fuse_lk_in)) return FUSECANON_E_TRUNCATED;
        v = ld32(m + kLockTypeAt);
        if ((st = lock_type(v, &out)) != FUSECANON_OK) return st;
        st32(m + kLockTypeAt, out);
        return FUSECANON_OK;
    default: return FUSECANON_E_UNKNOWN_OPCODE;
    }
    v = ld32(m + at);
    if ((st = open_flags(v, &out)) != FUSECANON_OK) return st;
    st32(m + at, out);
    return FUSECANON_OK;
}

template <typename ErrnoF>
int shell_error_reply(uint8_t *m, size_t len, ErrnoF errno_f)
{
    if (len < kOutHeader || ld32(m) != len)
        return FUSECANON_E_LENGTH_MISMATCH;
    int32_t err = (int32_t)ld32(m + kErrorAt), out;
    if (err > 0 || err <= -512 || (err < 0 && len != kOutHeader))
        return FUSECANON_E_BAD_MESSAGE;
    if (err < 0) {
        errno_f(-err, &out);
        st32(m + kErrorAt, (uint32_t)-out);
    }
    return FUSECANON_OK;
}

// One message per operation; the field is reset before each so every operation translates the same input.
template <typename F>
void message_case(const std::string &name, Msg proto, F translate)
{
    cases().push_back({name, 1, [proto, translate](int64_t n) mutable {
        uint8_t *m = proto.bytes.data();
        size_t len = proto.bytes.size();
        int acc = 0;
        for (int64_t i = 0; i < n; i++) {
            st32(m + proto.field_at, proto.values[i & 7]);
            acc += translate(m, len);
            benchmark::DoNotOptimize(acc);
            benchmark::ClobberMemory();
        }
    }});
}

constexpr int kBatch = 16;
template <typename F>
void batch_case(const std::string &name, const Msg &proto, F call)
{
    struct State {
        std::vector<std::vector<uint8_t>> bufs;
        std::vector<struct fusecanon_msg> msgs;
        std::vector<int> results;
    };
    auto s = std::make_shared<State>();
    s->bufs.assign(kBatch, proto.bytes);
    s->results.resize(kBatch);
    for (auto &b : s->bufs) {
        struct fusecanon_msg m = {};
        m.data = b.data();
        m.len = b.size();
        m.opcode = FUSE_OPEN;
        s->msgs.push_back(m);
    }
    uint32_t at = proto.field_at;
    const uint32_t *values = proto.values;
    cases().push_back({name, kBatch, [s, at, values, call](int64_t n) {
        int acc = 0;
        for (int64_t i = 0; i < n; i++) {
            for (int k = 0; k < kBatch; k++)
                st32(s->bufs[k].data() + at, values[(i + k) & 7]);
            acc += call(s->msgs.data(), (size_t)kBatch, s->results.data());
            benchmark::DoNotOptimize(acc);
            benchmark::ClobberMemory();
        }
    }});
}

// A request and its error reply, as a server handles them: the advanced tier's two calls, the connection tier's
// two calls (which also hold the request's context until the reply), and the hand-written shell of both.
void round_trip_cases(const std::string &name, Msg req, fusecanon_session *s, bool lock)
{
    Msg rep = error_reply();
    auto hw_lock = lock ? hw_lock_alpha : hw_lock_sparc;
    auto run = [req, rep](auto both) mutable {
        return [req, rep, both](int64_t n) mutable {
            uint8_t *q = req.bytes.data(), *p = rep.bytes.data();
            size_t ql = req.bytes.size(), pl = rep.bytes.size();
            int acc = 0;
            for (int64_t i = 0; i < n; i++) {
                st32(q + req.field_at, req.values[i & 7]);
                st32(p + rep.field_at, rep.values[i & 7]);
                acc += both(q, ql, p, pl);
                benchmark::DoNotOptimize(acc);
                benchmark::ClobberMemory();
            }
        };
    };
    std::string base = "rt/" + name + "/";
    cases().push_back({base + "handwritten", 1, run([hw_lock](uint8_t *q, size_t ql, uint8_t *p, size_t pl) {
        return shell_request(q, ql, hw_open_flags, hw_lock) + shell_error_reply(p, pl, hw_errno);
    })});
    cases().push_back({base + "so_call", 1, run([s](uint8_t *q, size_t ql, uint8_t *p, size_t pl) {
        return fusecanon_request_decode(s, q, ql) + fusecanon_reply_encode(s, ld32(q + 4), p, pl);
    })});
    cases().push_back({base + "tier", 1, run([s](uint8_t *q, size_t ql, uint8_t *p, size_t pl) {
        return fusecanon_server_recv(s, q, ql) + (fusecanon_server_send(s, p, pl) < 0);
    })});
    // As FUSE-over-io_uring hands them over: the request's header and op struct in two entries, the reply's
    // header with an empty payload.
    cases().push_back({base + "tier_iov", 1, run([s](uint8_t *q, size_t ql, uint8_t *p, size_t pl) {
        struct iovec rq[2] = {{q, sizeof(struct fuse_in_header)}, {q + sizeof(struct fuse_in_header), ql - sizeof(struct fuse_in_header)}};
        struct iovec rp[2] = {{p, pl}, {p + pl, 0}};
        return fusecanon_server_recv_iov(s, rq, 2) + (fusecanon_server_send_iov(s, rp, 2) < 0);
    })});
}

void register_cases()
{
    Env &e = env();
    const fusecanon_plan *ad = e.arm_decode, *ld = e.alpha_decode, *le = e.alpha_encode, *sd = e.sparc_decode;
    uint32_t x86 = e.id_x86, arm = e.id_arm, alpha = e.id_alpha, sparc = e.id_sparc;

    // Fields.
    field_case("field/open_flags/copy", kOpenIn, [](uint32_t v, uint32_t *o) { *o = v; return 0; });
    field_case("field/open_flags/handwritten", kOpenIn, hw_open_flags);
    field_case("field/open_flags/qemu_loop", kOpenIn, qemu_open_flags);
    field_case("field/open_flags/inline", kOpenIn, [ad](uint32_t v, uint32_t *o) { return fusecanon_plan_open_flags(ad, v, o); });
    field_case("field/open_flags/so_call", kOpenIn, [arm, x86](uint32_t v, uint32_t *o) { return fusecanon_xlate_open_flags(arm, x86, v, o); });

    const uint32_t *errno_in = reinterpret_cast<const uint32_t *>(kErrnoIn);
    field_case("field/errno/copy", errno_in, [](uint32_t v, uint32_t *o) { *o = v; return 0; });
    field_case("field/errno/handwritten", errno_in, [](uint32_t v, uint32_t *o) { return hw_errno((int32_t)v, (int32_t *)o); });
    field_case("field/errno/qemu_loop", errno_in, [](uint32_t v, uint32_t *o) { return qemu_errno((int32_t)v, (int32_t *)o); });
    field_case("field/errno/inline", errno_in, [le](uint32_t v, uint32_t *o) { return fusecanon_plan_errno(le, (int32_t)v, (int32_t *)o); });
    field_case("field/errno/so_call", errno_in, [x86, alpha](uint32_t v, uint32_t *o) { return fusecanon_xlate_errno(x86, alpha, (int32_t)v, (int32_t *)o); });

    field_case("field/lock_type/copy", kLockSparcIn, [](uint32_t v, uint32_t *o) { *o = v; return 0; });
    field_case("field/lock_type/handwritten", kLockSparcIn, hw_lock_sparc);
    field_case("field/lock_type/qemu_loop", kLockSparcIn, qemu_lock_sparc);
    field_case("field/lock_type/inline", kLockSparcIn, [sd](uint32_t v, uint32_t *o) { return fusecanon_plan_lock_type(sd, v, o); });
    field_case("field/lock_type/so_call", kLockSparcIn, [sparc, x86](uint32_t v, uint32_t *o) { return fusecanon_xlate_lock_type(sparc, x86, v, o); });

    // Messages.
    struct Req { const char *name; Msg proto; fusecanon_session *s; const fusecanon_plan *plan; bool lock; };
    Req reqs[] = {
        {"OPEN", request(FUSE_OPEN, sizeof(struct fuse_open_in), kOpenFlagsAt, kOpenIn), e.arm, ad, false},
        {"READ", request(FUSE_READ, sizeof(struct fuse_read_in), kReadFlagsAt, kOpenIn), e.arm, ad, false},
        {"WRITE", request(FUSE_WRITE, sizeof(struct fuse_write_in), kWriteFlagsAt, kOpenIn), e.arm, ad, false},
        {"GETLK", request(FUSE_GETLK, sizeof(struct fuse_lk_in), kLockTypeAt, kLockAlphaIn), e.alpha, ld, true},
    };
    for (Req &r : reqs) {
        std::string base = std::string("msg/") + r.name + "/";
        fusecanon_session *s = r.s;
        const fusecanon_plan *p = r.plan;
        auto hw_lock = r.lock ? hw_lock_alpha : hw_lock_sparc;
        auto qemu_lock = r.lock ? qemu_lock_alpha : qemu_lock_sparc;
        std::vector<uint8_t> dst(r.proto.bytes.size());
        message_case(base + "memcpy", r.proto, [dst](uint8_t *m, size_t len) mutable { std::memcpy(dst.data(), m, len); benchmark::DoNotOptimize(dst.data()); return 0; });
        message_case(base + "handwritten", r.proto, [hw_lock](uint8_t *m, size_t len) { return shell_request(m, len, hw_open_flags, hw_lock); });
        message_case(base + "qemu_loop", r.proto, [qemu_lock](uint8_t *m, size_t len) { return shell_request(m, len, qemu_open_flags, qemu_lock); });
        message_case(base + "inline", r.proto, [p](uint8_t *m, size_t len) {
            return shell_request(m, len, [p](uint32_t v, uint32_t *o) { return fusecanon_plan_open_flags(p, v, o); },
                                 [p](uint32_t v, uint32_t *o) { return fusecanon_plan_lock_type(p, v, o); });
        });
        message_case(base + "so_call", r.proto, [s](uint8_t *m, size_t len) { return fusecanon_request_decode(s, m, len); });
        batch_case(base + "so_batch16", r.proto, [s](const fusecanon_msg *m, size_t n, int *res) { return fusecanon_request_decode_batch(s, m, n, res); });
    }
    {
        Msg proto = error_reply();
        std::string base = "msg/ERROR_REPLY/";
        fusecanon_session *s = e.alpha;
        std::vector<uint8_t> dst(proto.bytes.size());
        message_case(base + "memcpy", proto, [dst](uint8_t *m, size_t len) mutable { std::memcpy(dst.data(), m, len); benchmark::DoNotOptimize(dst.data()); return 0; });
        message_case(base + "handwritten", proto, [](uint8_t *m, size_t len) { return shell_error_reply(m, len, hw_errno); });
        message_case(base + "qemu_loop", proto, [](uint8_t *m, size_t len) { return shell_error_reply(m, len, qemu_errno); });
        message_case(base + "inline", proto, [le](uint8_t *m, size_t len) {
            return shell_error_reply(m, len, [le](int32_t v, int32_t *o) { return fusecanon_plan_errno(le, v, o); });
        });
        message_case(base + "so_call", proto, [s](uint8_t *m, size_t len) { return fusecanon_reply_encode(s, FUSE_OPEN, m, len); });
        batch_case(base + "so_batch16", proto, [s](const fusecanon_msg *m, size_t n, int *res) { return fusecanon_reply_encode_batch(s, m, n, res); });
    }
    round_trip_cases("OPEN", request(FUSE_OPEN, sizeof(struct fuse_open_in), kOpenFlagsAt, kOpenIn), e.arm, false);
    round_trip_cases("GETLK", request(FUSE_GETLK, sizeof(struct fuse_lk_in), kLockTypeAt, kLockAlphaIn), e.alpha, true);
}

// Every variant must agree with the library before anything is timed.
bool self_check()
{
    Env &e = env();
    bool ok = true;
    for (int i = 0; i < 8; i++) {
        uint32_t a, b, c, d;
        int sa = hw_open_flags(kOpenIn[i], &a), sb = fusecanon_plan_open_flags(e.arm_decode, kOpenIn[i], &b);
        qemu_open_flags(kOpenIn[i], &c);
        int sd = fusecanon_xlate_open_flags(e.id_arm, e.id_x86, kOpenIn[i], &d);
        ok &= sa == sb && sb == sd && a == b && b == c && c == d;
        int32_t ea, eb, ec, ed;
        hw_errno(kErrnoIn[i], &ea);
        fusecanon_plan_errno(e.alpha_encode, kErrnoIn[i], &eb);
        qemu_errno(kErrnoIn[i], &ec);
        fusecanon_xlate_errno(e.id_x86, e.id_alpha, kErrnoIn[i], &ed);
        ok &= ea == eb && eb == ec && ec == ed;
        hw_lock_sparc(kLockSparcIn[i], &a);
        fusecanon_plan_lock_type(e.sparc_decode, kLockSparcIn[i], &b);
        qemu_lock_sparc(kLockSparcIn[i], &c);
        fusecanon_xlate_lock_type(e.id_sparc, e.id_x86, kLockSparcIn[i], &d);
        ok &= a == b && b == c && c == d;
        hw_lock_alpha(kLockAlphaIn[i], &a);
        fusecanon_plan_lock_type(e.alpha_decode, kLockAlphaIn[i], &b);
        ok &= a == b;
    }
    // Whole messages: the library and the hand-written shell give the same result and bytes.
    struct { Msg proto; fusecanon_session *s; bool lock; } msgs[] = {
        {request(FUSE_OPEN, sizeof(struct fuse_open_in), kOpenFlagsAt, kOpenIn), e.arm, false},
        {request(FUSE_READ, sizeof(struct fuse_read_in), kReadFlagsAt, kOpenIn), e.arm, false},
        {request(FUSE_WRITE, sizeof(struct fuse_write_in), kWriteFlagsAt, kOpenIn), e.arm, false},
        {request(FUSE_GETLK, sizeof(struct fuse_lk_in), kLockTypeAt, kLockAlphaIn), e.alpha, true},
    };
    for (auto &m : msgs) {
        for (int i = 0; i < 8; i++) {
            std::vector<uint8_t> x = m.proto.bytes, y = m.proto.bytes;
            st32(x.data() + m.proto.field_at, m.proto.values[i]);
            st32(y.data() + m.proto.field_at, m.proto.values[i]);
            ok &= fusecanon_request_decode(m.s, x.data(), x.size()) == FUSECANON_OK;
            ok &= shell_request(y.data(), y.size(), hw_open_flags, m.lock ? hw_lock_alpha : hw_lock_sparc) == FUSECANON_OK;
            ok &= x == y;
        }
    }
    Msg reply = error_reply();
    for (int i = 0; i < 8; i++) {
        std::vector<uint8_t> x = reply.bytes, y = reply.bytes;
        st32(x.data() + kErrorAt, kErrorIn[i]);
        st32(y.data() + kErrorAt, kErrorIn[i]);
        ok &= fusecanon_reply_encode(e.alpha, FUSE_OPEN, x.data(), x.size()) == FUSECANON_OK;
        ok &= shell_error_reply(y.data(), y.size(), hw_errno) == FUSECANON_OK && x == y;
    }
    if (!ok)
        std::fprintf(stderr, "fusecanon_bench: a baseline disagrees with the library\n");
    return ok;
}

// ---- reporting -----------------------------------------------------------------------------------------

// Collects ns per operation (CPU time: other jobs on a shared machine stretch wall time, not CPU time) and
// prints one table with each variant's ratio to the hand-written C of its case.
class TableReporter : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> ns;
    std::vector<std::string> order;
    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &r : runs) {
            if (r.run_type != Run::RT_Iteration || r.iterations == 0)
                continue;
            std::string name = r.benchmark_name();
            double per = 1;
            for (const Case &c : cases())
                if (c.name == name)
                    per = c.per_iteration;
            if (!ns.count(name))
                order.push_back(name);
            ns[name] = r.GetAdjustedCPUTime() / per; // time unit is ns
        }
    }
    void Print() const
    {
        std::printf("\n%-34s %10s %12s\n", "case", "ns/op", "x handwritten");
        for (const std::string &name : order) {
            std::string group = name.substr(0, name.rfind('/'));
            auto hw = ns.find(group + "/handwritten");
            double ratio = hw != ns.end() && hw->second > 0 ? ns.at(name) / hw->second : 0;
            std::printf("%-34s %10.2f %12.2f\n", name.c_str(), ns.at(name), ratio);
        }
    }
};

} // namespace

int main(int argc, char **argv)
{
    register_cases();
    if (!self_check())
        return 1;
    if (argc >= 2 && !std::strcmp(argv[1], "--list")) {
        for (const Case &c : cases())
            std::printf("%s\n", c.name.c_str());
        return 0;
    }
    if (argc >= 4 && !std::strcmp(argv[1], "--iterate")) {
        for (const Case &c : cases()) {
            if (c.name == argv[2]) {
                c.body(std::strtoll(argv[3], nullptr, 10));
                return 0;
            }
        }
        std::fprintf(stderr, "fusecanon_bench: no case %s (see --list)\n", argv[2]);
        return 2;
    }
    if (argc >= 3 && !std::strcmp(argv[1], "--callgrind")) {
#ifdef BENCH_HAVE_CALLGRIND
        int64_t n = std::strtoll(argv[2], nullptr, 10);
        for (const Case &c : cases()) {
            bool wanted = argc == 3;
            for (int i = 3; i < argc; i++)
                wanted |= c.name == argv[i];
            if (!wanted)
                continue;
            c.body(64); // warm: first-touch, lazy binding of the library's symbols
            CALLGRIND_ZERO_STATS;
            c.body(n / c.per_iteration);
            CALLGRIND_DUMP_STATS_AT(c.name.c_str());
        }
        return 0;
#else
        std::fprintf(stderr, "fusecanon_bench: built without <valgrind/callgrind.h>\n");
        return 2;
#endif
    }
    for (const Case &c : cases()) {
        Body body = c.body;
        benchmark::RegisterBenchmark(c.name.c_str(), [body](benchmark::State &state) {
            // Batches of 256 operations per std::function call keep its cost out of the ns/op.
            while (state.KeepRunningBatch(256))
                body(256);
        });
    }
    benchmark::Initialize(&argc, argv);
    TableReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.Print();
    benchmark::Shutdown();
    return 0;
}
