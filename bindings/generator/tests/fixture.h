/*
 * fixture.h - a scratch header for FuseCanon.BindGen's own tests.  It is not part of the library: it holds
 * every construct the generator must handle before include/fusecanon.h uses it (sessions, a config struct,
 * iovec functions, static inline fast paths, const tables, arrays in structs, function-like macros).
 * tests/fixture.g.cs is the generator's expected output for it; FuseCanon.Tests checks both.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Integer constants of every spelling. */
#define FIX_ZERO            0
#define FIX_NEGATIVE        (-14)
#define FIX_UNSIGNED        7u
#define FIX_SHIFTED         (1u << 31)
#define FIX_BIT63           (1ULL << 63)
#define FIX_LONG            (-5L)
#define FIX_HEX             0xFFFFFFFFu
#define FIX_CHAR            'A'
#define FIX_DERIVED         (FIX_UNSIGNED * 100 + 3)
#define FIX_SIZEOF_IOVEC    sizeof(struct iovec)
#define FIX_INT64_MIN       (-9223372036854775807LL - 1)

/* Macros that are not integer constants: all skipped, each with a comment. */
#define FIX_STRING          "fixture"
#define FIX_DOUBLE          2.5
#define FIX_EMPTY
#define FIX_MAX(a, b)       ((a) > (b) ? (a) : (b))
#define FIX_IS_ERROR(code)  ((code) < 0)

/* A redeclaration, as include/fusecanon.h writes it without including <sys/uio.h>: still bound with its layout. */
struct iovec;

/* Opaque handles. */
typedef struct fix_session fix_session;
struct fix_plan;

/* Scalar and pointer typedefs. */
typedef uint32_t fix_arch_id;
typedef int (*fix_log_fn)(void *user, int level, const char *text);

/* An enum with a name, one typedef'd, one anonymous, one that needs 64 bits. */
enum fix_mode { FIX_MODE_PENDING = 0, FIX_MODE_NONE = 1, FIX_MODE_PEER = 3 };
typedef enum { FIX_DIR_IN = 1, FIX_DIR_OUT = 2 } fix_direction;
enum { FIX_ANON_A = 10, FIX_ANON_B = -2 };
enum fix_wide { FIX_WIDE_SMALL = 1, FIX_WIDE_BIG = 0x100000000 };

/* A versioned config struct with every field kind. */
struct fix_config {
    uint32_t size;
    uint32_t role;
    fix_arch_id local_arch;
    int32_t level;
    uint64_t flags;
    size_t max_len;
    const void *user;
    void *scratch;
    fix_log_fn log;
    enum fix_mode mode;
    uint8_t reserved[13];
    uint16_t pairs[2][3];
    struct iovec vec[2];
    const char *names[4];
    char label[8];
    _Bool strict;
};

/* A typedef'd anonymous struct, and a union. */
typedef struct {
    uint64_t requests;
    uint64_t replies;
    uint32_t errors[4];
} fix_stats;

union fix_word {
    uint64_t u64;
    uint32_t u32[2];
    uint8_t bytes[8];
};

/* Functions: every parameter kind. */
unsigned fix_version(void);
const char *fix_version_string(void);
int fix_session_create(const struct fix_config *cfg, fix_session **out);
void fix_session_destroy(fix_session *s);
int fix_session_stats(const fix_session *s, fix_stats *out);
int64_t fix_session_translate(fix_session *s, void *msg, size_t len, int32_t flags);
int fix_session_translatev(fix_session *s, const struct iovec *iov, int iovcnt, size_t *out_len);
uint64_t fix_word_swap(union fix_word w);
fix_arch_id fix_arch_host(void);
enum fix_mode fix_session_mode(const fix_session *s);
fix_direction fix_direction_of(uint32_t opcode);
int fix_plan_count(const struct fix_plan *p, unsigned long *count, long *delta);
int fix_set_logger(fix_session *s, fix_log_fn fn, void *user);
int fix_sum(const uint32_t values[], size_t count);
_Bool fix_is_ready(const fix_session *s);

/* A variadic function cannot be bound by LibraryImport: skipped with a comment. */
int fix_logf(fix_session *s, const char *fmt, ...);

/* Static inline helpers are not exports: skipped. */
static inline int fix_is_error(int code) { return code < 0; }
static inline uint32_t fix_bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

/* A const table in the header: static data, not an export; skipped. */
static const uint32_t fix_table[3] = { 1, 2, 3 };

#ifdef __cplusplus
}
#endif

#endif /* FIXTURE_H */
