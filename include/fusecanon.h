/*
 * fusecanon.h - translate FUSE messages between CPU architectures.
 *
 * FUSE carries architecture-specific Linux constants on the wire: open(2) flags, errno values, fcntl lock
 * types, poll events, ioctl numbers, and the byte order of every field.  When a FUSE client (a kernel, a
 * virtio-fs guest) and a FUSE server (libfuse, virtiofsd, a DPU firmware) run on different architectures,
 * they misread each other: an x86-64 guest's O_DIRECT is O_DIRECTORY to an arm64 server.  libfusecanon
 * translates those fields, in place, between the architectures' own values and one canonical format, and
 * negotiates during FUSE_INIT which side translates.
 *
 * SYNOPSIS
 *     A FUSE server's loop with translation, complete (CTest compiles and links it).  fd is /dev/fuse, a
 *     socket with message boundaries, or any transport that delivers one whole request per read; handle()
 *     is the filesystem, which sees every request and writes every reply in this host's own terms.
 *
 *     #include <fusecanon.h>
 *     #include <unistd.h>
 *
 *     int serve(int fd, int (*handle)(const void *req, size_t len, void *reply, size_t cap))
 *     {
 *         static unsigned char req[1 << 20], reply[1 << 20];
 *         struct fusecanon_config cfg = { .size = sizeof cfg, .role = FUSECANON_ROLE_SERVER };
 *         fusecanon_session *s;
 *         ssize_t n;
 *         if (fusecanon_session_create(&cfg, &s) != FUSECANON_OK)
 *             return -1;
 *         while ((n = read(fd, req, sizeof req)) > 0) {
 *             int r = fusecanon_server_recv(s, req, (size_t)n);
 *             if (r == 0) {                        // a request in this host's terms: serve it
 *                 r = handle(req, (size_t)n, reply, sizeof reply);
 *                 if (r > 0)
 *                     r = fusecanon_server_send(s, reply, (size_t)r);
 *                 if (r > 0 && write(fd, reply, (size_t)r) < 0)
 *                     break;
 *             } else if (r > 0 && write(fd, req, (size_t)r) < 0) {
 *                 break;                           // (r > 0: the library answered it itself)
 *             }                                    // (r < 0: no FUSE request, nothing to answer)
 *         }
 *         fusecanon_session_destroy(s);
 *         return 0;
 *     }
 *
 *     The connection tier (fusecanon_server_recv(), fusecanon_server_send(), their client mirror) is all
 *     most servers need; the advanced tier below it (INIT calls, per-message calls, batches, inline plans)
 *     serves callers that keep their own context or want to skip the library on hot paths.
 *
 * ABI CONVENTIONS (they hold for every declaration below)
 *   Naming      Every symbol is fusecanon_<noun>_<verb> or fusecanon_<noun>; every macro FUSECANON_*.
 *               The shared library exports nothing else.
 *   Results     Functions that can fail return int: 0 (FUSECANON_OK) on success, a negative
 *               FUSECANON_E_* code otherwise.  fusecanon_is_error(), fusecanon_error_name() and
 *               fusecanon_strerror() describe codes.  No function ever aborts the process, longjmps or
 *               lets a C++ or managed exception escape: an unexpected internal failure is reported as
 *               FUSECANON_E_INTERNAL.  On error, caller buffers are left unchanged unless the function's
 *               documentation says otherwise.
 *   Structs     Every public struct that is passed in begins with uint32_t size, which the caller sets to
 *               sizeof(struct ...) as compiled.  The library accepts any size from the struct's first
 *               version up, so old callers keep working when later versions append fields.  Zero means
 *               "default" in every field.
 *   Handles     Opaque handles (e.g. fusecanon_session) are created and destroyed by the library; callers
 *               never see their layout.  The library never frees or retains a caller's buffer beyond the
 *               call; strings returned as const char * are static and must not be freed.
 *   Threads     Every function is thread-safe on an immutable object.  Only the functions documented as
 *               changing an object must not run concurrently with other calls on that object.
 *   Buffers     Buffers have no alignment requirement.  Nothing is read or written outside [ptr, ptr+len).
 *   Endianness  Arguments and results of scalar functions are in the host's byte order.
 *
 * LANGUAGE
 *   C99 or later (gcc/clang -std=c99, gnu99, c11, ...), or C++.  The header uses <stdint.h> types, static
 *   inline helpers and 64-bit (ULL) constants, none of which C89 has; older C stops at an #error.
 *
 * VERSIONING
 *   The shared object's SONAME is libfusecanon.so.<FUSECANON_VERSION_MAJOR>.  Minor versions only add
 *   functions, constants and struct fields at the end; the major changes only when something is removed or
 *   changes meaning.
 */
#ifndef FUSECANON_H
#define FUSECANON_H

#if !defined(__cplusplus) && (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 199901L)
#error "fusecanon.h needs C99 or later (e.g. -std=c99 or -std=gnu11), or C++"
#endif

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------ */
/* Version                                                                                                  */
/* ------------------------------------------------------------------------------------------------------ */

#define FUSECANON_VERSION_MAJOR 1
#define FUSECANON_VERSION_MINOR 2
#define FUSECANON_VERSION_PATCH 0
/** The version this header describes, as one number: MAJOR*10000 + MINOR*100 + PATCH. */
#define FUSECANON_VERSION_NUMBER \
    (FUSECANON_VERSION_MAJOR * 10000 + FUSECANON_VERSION_MINOR * 100 + FUSECANON_VERSION_PATCH)

/**
 * fusecanon_version - version of the library loaded at run time.
 *
 * Returns MAJOR*10000 + MINOR*100 + PATCH of the shared object actually in use, which may be newer than
 * FUSECANON_VERSION_NUMBER of the header the caller was compiled with.  Never fails.
 */
unsigned fusecanon_version(void);

/**
 * fusecanon_version_string - the same version as text, e.g. "1.0.0".
 *
 * Returns a static NUL-terminated string; do not free it.
 */
const char *fusecanon_version_string(void);

/* ------------------------------------------------------------------------------------------------------ */
/* Errors                                                                                                   */
/* ------------------------------------------------------------------------------------------------------ */

#define FUSECANON_OK                    0
/** A required pointer is NULL, or an argument is outside its documented range. */
#define FUSECANON_E_INVALID_ARGUMENT   (-1)
/** A struct's size field is smaller than the struct's first published version. */
#define FUSECANON_E_STRUCT_SIZE        (-2)
/** An arch id is neither a known uname -m hash nor FUSECANON_ARCH_CANONICAL. */
#define FUSECANON_E_UNKNOWN_ARCH       (-3)
/** A value has no meaning in the source architecture (unknown flag bits, errno, lock type, ioctl). */
#define FUSECANON_E_UNKNOWN_VALUE      (-4)
/** The message is shorter than its header, or than its opcode's body at the negotiated protocol minor. */
#define FUSECANON_E_TRUNCATED          (-5)
/** The len field of the message header disagrees with the length of the buffer. */
#define FUSECANON_E_LENGTH_MISMATCH    (-6)
/** The opcode is not an opcode of the FUSE protocol version the library knows. */
#define FUSECANON_E_UNKNOWN_OPCODE     (-7)
/** The call is not allowed in the session's current state or role. */
#define FUSECANON_E_BAD_STATE          (-8)
/** The session refused its peer during INIT; fusecanon_session_reason() says why. */
#define FUSECANON_E_REJECTED           (-9)
/** Memory could not be allocated. */
#define FUSECANON_E_NO_MEMORY          (-10)
/** An unexpected failure inside the library.  It was contained: the process and buffers are intact. */
#define FUSECANON_E_INTERNAL           (-11)
/** A field of the message is invalid, e.g. a reply error that is positive or <= -512. */
#define FUSECANON_E_BAD_MESSAGE        (-12)
/** The request is valid, but this version of the library does not support it. */
#define FUSECANON_E_UNSUPPORTED        (-13)
/** An output buffer supplied by the caller is too small; nothing was written past its end. */
#define FUSECANON_E_BUFFER_TOO_SMALL   (-14)
/** A reply names a unique the connection tier holds no request for (see fusecanon_server_send()). */
#define FUSECANON_E_UNKNOWN_UNIQUE     (-15)
/** More requests await their reply than struct fusecanon_config.max_in_flight allows. */
#define FUSECANON_E_TOO_MANY_IN_FLIGHT (-16)

/**
 * fusecanon_is_error - tell an error code from a success value.
 *
 * Returns 1 if code is negative (a FUSECANON_E_* code), 0 otherwise.  Never fails.
 */
int fusecanon_is_error(int code);

/**
 * fusecanon_error_name - the symbolic name of a result code, e.g. "FUSECANON_E_TRUNCATED".
 *
 * Returns a static NUL-terminated string; "FUSECANON_OK" for 0 and positive values,
 * "FUSECANON_E_UNKNOWN_CODE" for negative values this version does not define.  Never returns NULL.
 */
const char *fusecanon_error_name(int code);

/**
 * fusecanon_strerror - a one-line English description of a result code, for logs.
 *
 * Returns a static NUL-terminated string; never NULL.  Like fusecanon_error_name(), unknown negative
 * codes give "unknown error code".
 */
const char *fusecanon_strerror(int code);

/**
 * fusecanon_barrier_selftest - prove that internal failures never escape the library.
 *
 * kind 0 returns FUSECANON_OK.  kind 1, 2 and 3 make the library fail internally on purpose (an
 * exception thrown by library code, an out-of-range array access, a null dereference) and return what
 * every function returns in that case: FUSECANON_E_INTERNAL, with the process intact.  Other values return
 * FUSECANON_E_INVALID_ARGUMENT.  Meant for integration tests of consumers; has no effect on any object.
 */
int fusecanon_barrier_selftest(int kind);

/* ------------------------------------------------------------------------------------------------------ */
/* Architectures and scalar translators                                                                     */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * An arch id names an architecture by the FNV-1a hash of its uname -m name.  Constants come from the Linux
 * uapi headers of every Debian architecture (generated tables, see src/FuseCanon.TableGen).
 *
 * THE CANONICAL FORMAT is the asm-generic Linux value of every constant group (open flags, errno, lock
 * types, poll events, ioctl encoding) - the values x86-64 and riscv64 use - in little-endian byte order.
 */

/* The canonical pseudo arch: asm-generic Linux values for every constant group (= x86-64's and riscv64's),
 * little-endian. No uname -m name hashes to it. */
#define FUSECANON_ARCH_CANONICAL 0xFFFFFFFFu

/**
 * fusecanon_arch_id_from_name - the arch id of a uname -m name: FNV-1a 32-bit (offset basis 2166136261,
 * prime 16777619) over the exact bytes of the NUL-terminated name; a name hashing to 0 gets 1.
 * Returns 0 ("unknown") for NULL or "". Any name hashes, known or not: check with fusecanon_arch_known().
 */
uint32_t fusecanon_arch_id_from_name(const char *uname_machine);

/**
 * fusecanon_arch_known - 1 if arch_id is the id of a uname -m name this library has constants for (every
 * spelling a Linux 6.1 kernel reports for an architecture with a Debian port: x86_64, i386..i686, aarch64,
 * aarch64_be, armv8l/b, armv4l..armv7ml and their big-endian 'b' forms, riscv64, ppc64le, ppc64, ppc, ppcle,
 * s390x, s390, mips, mips64, sparc64, sparc, alpha, parisc, parisc64, m68k, sh, sh2..sh4al-dsp, arc,
 * loongarch64, ia64), or FUSECANON_ARCH_CANONICAL; 0 otherwise (0 itself included). riscv32 is not known.
 */
int fusecanon_arch_known(uint32_t arch_id);

/** fusecanon_arch_host - the arch id of this machine's uname -m (uname(2)); it may be an id that
 * fusecanon_arch_known() rejects if this library has no constants for the machine; 0 if uname(2) failed. */
uint32_t fusecanon_arch_host(void);

/**
 * fusecanon_arch_name - the uname -m name arch_id is the hash of ("canonical" for FUSECANON_ARCH_CANONICAL),
 * as a static NUL-terminated string valid for the life of the process; NULL for an unknown id.
 */
const char *fusecanon_arch_name(uint32_t arch_id);

/*
 * Common to the five translations below: from_arch and to_arch are known arch ids or
 * FUSECANON_ARCH_CANONICAL; the result goes to *out and the input is never modified in place. Returns
 * FUSECANON_OK; FUSECANON_E_INVALID_ARGUMENT if out is NULL (nothing written); FUSECANON_E_UNKNOWN_ARCH if
 * either arch id is unknown (*out = the input unchanged); FUSECANON_E_UNKNOWN_VALUE if the value, or part
 * of it, has no meaning on from_arch or no equivalent on to_arch (*out as each function says);
 * FUSECANON_E_INTERNAL never in practice. Arch ids whose constants agree (e.g. aarch64 and armv7l for
 * errno) translate to the same value.
 *
 * Aliases: a name that is another name's alias on one arch can be a value of its own on another (EDEADLOCK
 * is EDEADLK on x86-64 but 58 beside 35 on powerpc, 56 on mips, 108 on sparc; sparc's O_NDELAY is a bit of its
 * own beside O_NONBLOCK).  Such a value translates by its own name where the destination has that name as a
 * value of its own (powerpc EDEADLOCK 58 -> mips 56), and by the primary name where the destination only has
 * the alias (powerpc 58 -> x86-64 EDEADLK 35; sparc O_NDELAY -> x86-64 O_NONBLOCK).
 * Identity: between two arch ids with identical constants of a group (same arch, aarch64 and armv7l for
 * errno, x86-64 and FUSECANON_ARCH_CANONICAL) every value translates to itself.
 * Round trips: arch -> canonical -> arch gives back every value made of primary names the canonical arch
 * defines.  The canonical arch has EDEADLOCK and O_NDELAY only as aliases, so powerpc's EDEADLOCK 58 comes
 * back as EDEADLK 35 and sparc's O_NDELAY bit as O_NONBLOCK; values with no canonical equivalent do not come
 * back either.
 */

/**
 * fusecanon_xlate_open_flags - open(2) flags (fuse_open_in/create_in/read_in/write_in/release_in .flags).
 * Each flag bit is mapped on its own, from the original value (moved bits never collide): x86-64 O_DIRECT
 * becomes arm64 O_DIRECT even though it has arm64 O_DIRECTORY's value. The access mode (O_RDONLY, O_WRONLY,
 * O_RDWR, mode 3) is translated as one unit. Composites translate as composites: O_SYNC = __O_SYNC|O_DSYNC,
 * O_TMPFILE = __O_TMPFILE|O_DIRECTORY. O_NDELAY is O_NONBLOCK (sparc's own O_NDELAY bit: see Aliases
 * above). FASYNC and O_LARGEFILE are flags like the others
 * (64-bit kernels always add O_LARGEFILE). The kernel-internal f_flags bits a kernel puts in FUSE flags beside
 * them translate as themselves: __FMODE_EXEC (execve opens with O_RDONLY|__FMODE_EXEC|O_LARGEFILE and the
 * kernel repeats f_flags in READ, WRITE, RELEASE, ...) and __FMODE_NONOTIFY (fanotify's own opens, in kernels
 * that keep it in f_flags); their values come from the kernel source (include/linux/fs.h), they are the same on
 * every arch and the kernel checks that they collide with no open flag. Bits that no open flag of from_arch
 * defines are dropped: FUSECANON_E_UNKNOWN_VALUE with *out = the translation of all the known bits.
 */
int fusecanon_xlate_open_flags(uint32_t from_arch, uint32_t to_arch, uint32_t flags, uint32_t *out);

/**
 * fusecanon_xlate_errno - a POSITIVE errno (negate fuse_out_header.error around the call).
 * 0 translates to 0 (FUSECANON_OK). Names sharing a value translate by the primary name: EWOULDBLOCK is EAGAIN,
 * parisc's ECANCELLED and EREFUSED are ECANCELED and ECONNREFUSED; EDEADLOCK as Aliases above says. An errno that from_arch does not define, or that to_arch has no
 * name for (e.g. mips EINIT, sparc EPROCLIM to a generic arch), gives FUSECANON_E_UNKNOWN_VALUE with
 * *out = to_arch's EIO. A negative err gives FUSECANON_E_INVALID_ARGUMENT with *out = to_arch's EIO.
 * Note: mips EDQUOT is 1133, beyond what a FUSE reply can carry (the kernel rejects error <= -512).
 */
int fusecanon_xlate_errno(uint32_t from_arch, uint32_t to_arch, int32_t err, int32_t *out);

/**
 * fusecanon_xlate_lock_type - struct flock l_type (fuse_lk_in.lk.type, fuse_lk_out.lk.type): F_RDLCK,
 * F_WRLCK, F_UNLCK, F_EXLCK, F_SHLCK. Any other value gives FUSECANON_E_UNKNOWN_VALUE with
 * *out = 0xFFFFFFFF, which is no lock type on any arch (a receiver rejects it rather than acting on a wrong
 * lock type; 0 would be F_RDLCK on most arches).
 */
int fusecanon_xlate_lock_type(uint32_t from_arch, uint32_t to_arch, uint32_t type, uint32_t *out);

/**
 * fusecanon_xlate_poll_events - poll(2) events (fuse_poll_in.events, fuse_poll_out.revents), bit by bit
 * like open flags. Where one value is several names on from_arch (mips, m68k and sparc POLLWRNORM ==
 * POLLOUT) the result has every one of them set (POLLOUT|POLLWRNORM on a generic arch), as the kernel's
 * demangle_poll() does. Undefined bits: FUSECANON_E_UNKNOWN_VALUE, *out = the known bits translated.
 */
int fusecanon_xlate_poll_events(uint32_t from_arch, uint32_t to_arch, uint32_t events, uint32_t *out);

/**
 * fusecanon_xlate_ioctl_cmd - an _IOC-encoded ioctl command (fuse_ioctl_in.cmd): the direction and size
 * fields are re-encoded in to_arch's _IOC layout (generic: 14 size bits, NONE=0 WRITE=1 READ=2; powerpc, mips,
 * alpha, sparc: 13 size bits, 3 direction bits, NONE=1 READ=2 WRITE=4; parisc: READ=1 WRITE=2); type and
 * number are kept. Only the encoding is translated, not the command's meaning (numbers of legacy ioctls
 * such as TCGETS differ between arches and are not recognised). A direction that is not NONE, READ, WRITE
 * or READ|WRITE of from_arch (e.g. 0 on powerpc), or a size larger than to_arch can encode (>= 8192 towards a
 * 13-bit arch), gives FUSECANON_E_UNKNOWN_VALUE with *out = cmd unchanged.
 */
int fusecanon_xlate_ioctl_cmd(uint32_t from_arch, uint32_t to_arch, uint32_t cmd, uint32_t *out);

/* ------------------------------------------------------------------------------------------------------ */
/* Sessions                                                                                                 */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * A session holds everything needed to translate the messages of one FUSE connection: this side's role and
 * architecture, the wire format (fixed by configuration or negotiated by INIT), and translation plans
 * precomputed for that pair.  Messages are translated in place, between the format on the wire and this
 * side's own format:
 *
 *                       server role                          client role
 *     requests          fusecanon_request_decode  (wire->local)   fusecanon_request_encode (local->wire)
 *     replies           fusecanon_reply_encode    (local->wire)   fusecanon_reply_decode   (wire->local)
 *
 * A message buffer starts with struct fuse_in_header (requests) or struct fuse_out_header (replies); len is
 * the length of the buffer and must equal the header's len field.  Messages are in this side's byte order
 * on the local side and in the wire's byte order on the wire side.
 *
 * Lifetime and threads: a session is created, optionally negotiated through the four INIT functions below
 * (the only functions that change it, to be called by one thread before any message is translated), and
 * from then on is immutable: any number of threads may translate messages on it concurrently.  Statistics
 * counters are updated atomically.
 */
typedef struct fusecanon_session fusecanon_session;

/* Roles (struct fusecanon_config.role). */
#define FUSECANON_ROLE_SERVER 1u   /* receives requests: decodes requests, encodes replies */
#define FUSECANON_ROLE_CLIENT 2u   /* sends requests: encodes requests, decodes replies */

/* Wire formats (struct fusecanon_config.wire): 0, an arch id, or FUSECANON_ARCH_CANONICAL. */
#define FUSECANON_WIRE_NEGOTIATE 0u

/* Unknown-value policies (struct fusecanon_config.unknown_policy). */
#define FUSECANON_UNKNOWN_REJECT 0u /* fail the message with FUSECANON_E_UNKNOWN_VALUE, leave it unchanged */
#define FUSECANON_UNKNOWN_PASS   1u /* translate what is known, keep unknown bits or values as they are */
#define FUSECANON_UNKNOWN_DROP   2u /* translate what is known, clear unknown flag bits; scalars reject */

/* Configuration flags (struct fusecanon_config.flags). */
#define FUSECANON_CFG_TRANSLATE_IOCTL   (1u << 0) /* re-encode ioctl commands (default: leave them) */
#define FUSECANON_CFG_REFUSE_PEER       (1u << 1) /* server: refuse a foreign arch that offers no flag */
#define FUSECANON_CFG_REFUSE_UNKNOWN    (1u << 2) /* server: refuse an unknown arch that offers no flag */
#define FUSECANON_CFG_LOCAL_BIG_ENDIAN  (1u << 3) /* client: local messages are big-endian (testing) */

/* Byte orders of a fixed arch wire (struct fusecanon_config.wire_byte_order, since 1.1). */
#define FUSECANON_BYTE_ORDER_AUTO   0u /* as the arch's uname -m name tells; this side's for mips, mips64, sh, arc */
#define FUSECANON_BYTE_ORDER_LITTLE 1u
#define FUSECANON_BYTE_ORDER_BIG    2u

/*
 * INIT profiles (struct fusecanon_config.profile): where the canonical flag and arch_id travel.
 *
 * FUSECANON_PROFILE_DEFAULT uses INIT flag bit 63 (bit 31 of flags2) and the last reserved word of
 * struct fuse_init_in, unused[10] (byte 60 of the INIT body).  The June 2024 draft's bit 40 has since
 * become FUSE_ALLOW_IDMAP (protocol 7.41), 41 FUSE_OVER_IO_URING, 42 FUSE_REQUEST_TIMEOUT, and 43-45
 * are proposed; upstream allocates flags upward and reserved words from unused[0], so bit 63 and
 * unused[10] are the furthest from both and no flag of protocol 7.45 uses them.
 *
 * FUSECANON_PROFILE_SEED_2024 speaks the draft exactly: bit 40 and unused[0] (byte 20 of the body), for
 * peers built from it.  Because a modern kernel offers bit 40 (as FUSE_ALLOW_IDMAP) on every INIT, the
 * server counts the flag only together with a nonzero arch_id, and sets bit 40 in its reply only when it
 * negotiated canonical mode; otherwise it leaves the server's own answer to FUSE_ALLOW_IDMAP untouched.
 * A client of this profile cannot tell a canonical answer from a legacy server's FUSE_ALLOW_IDMAP answer.
 */
#define FUSECANON_PROFILE_DEFAULT    0u
#define FUSECANON_PROFILE_SEED_2024  1u

/* The wire positions of each profile, for peers that implement the handshake without this library. */
#define FUSECANON_INIT_FLAG_DEFAULT          (1ULL << 63) /* in the 64-bit INIT flags (flags2 bit 31) */
#define FUSECANON_INIT_ARCH_WORD_DEFAULT     10           /* index into fuse_init_in.unused[] */
#define FUSECANON_INIT_FLAG_SEED_2024        (1ULL << 40) /* = FUSE_ALLOW_IDMAP upstream */
#define FUSECANON_INIT_ARCH_WORD_SEED_2024   0

/**
 * struct fusecanon_config - how to set up a session.  Every field's zero value means its default, so a
 * zeroed struct with size and role set is valid.
 */
struct fusecanon_config {
    uint32_t size;             /* sizeof(struct fusecanon_config) */
    uint32_t role;             /* FUSECANON_ROLE_SERVER or FUSECANON_ROLE_CLIENT (required) */
    uint32_t local_arch;       /* this side's arch id; 0 = fusecanon_arch_host() */
    uint32_t wire;             /* FUSECANON_WIRE_NEGOTIATE (0): decided by INIT; or an arch id, or
                                  FUSECANON_ARCH_CANONICAL: fixed from the start, no INIT needed (the
                                  "arch told out of band" deployment of DPUs) */
    uint32_t legacy_peer_arch; /* server: arch assumed for a client that sends arch_id 0; 0 = none */
    uint32_t unknown_policy;   /* FUSECANON_UNKNOWN_REJECT (0), _PASS or _DROP */
    uint32_t flags;            /* FUSECANON_CFG_* */
    uint32_t profile;          /* FUSECANON_PROFILE_DEFAULT (0) or FUSECANON_PROFILE_SEED_2024 */
    /* since 1.1 (40 bytes): */
    uint32_t wire_byte_order;  /* fixed arch wire only: FUSECANON_BYTE_ORDER_AUTO (0), _LITTLE or _BIG; states
                                  the order of a peer whose uname -m name covers both (a big-endian mips) */
    uint32_t max_in_flight;    /* connection tier: slots for requests awaiting their reply, rounded up to a
                                  power of two; 0 = 16384; at most 4194304 */
};

/**
 * fusecanon_session_create - create a session.
 *
 * cfg:  the configuration; copied, not retained.
 * out:  receives the new session, or NULL on error.
 *
 * With wire FUSECANON_WIRE_NEGOTIATE the session starts in FUSECANON_MODE_PENDING and translates nothing
 * until INIT has been negotiated.  With a fixed wire it starts in its final mode: FUSECANON_MODE_CANONICAL
 * for FUSECANON_ARCH_CANONICAL, FUSECANON_MODE_PEER for an arch id (FUSECANON_MODE_NONE if that arch has
 * this side's format).
 *
 * Returns FUSECANON_OK, or FUSECANON_E_INVALID_ARGUMENT (NULL cfg or out, role not a FUSECANON_ROLE_*,
 * unknown policy, profile or flag bits, legacy_peer_arch or a server-only flag (FUSECANON_CFG_REFUSE_PEER,
 * _REFUSE_UNKNOWN) on a client, a wire_byte_order without a fixed wire, unknown, or contradicting the wire
 * arch's name or the canonical format's little-endian order, max_in_flight above 4194304),
 * FUSECANON_E_STRUCT_SIZE (cfg->size smaller than the first version of the struct, 32 bytes, or above 4096),
 * FUSECANON_E_UNSUPPORTED
 * (cfg->size is larger than this library's struct and a byte it does not know is nonzero: a setting it
 * cannot honour), FUSECANON_E_UNKNOWN_ARCH (local_arch, wire or legacy_peer_arch is not a known arch id),
 * FUSECANON_E_NO_MEMORY.
 */
int fusecanon_session_create(const struct fusecanon_config *cfg, fusecanon_session **out);

/**
 * fusecanon_session_destroy - free a session.  NULL does nothing.  No call on the session may be running
 * or follow.
 */
void fusecanon_session_destroy(fusecanon_session *s);

/* Modes (fusecanon_session_mode()). */
#define FUSECANON_MODE_PENDING   0 /* waiting for INIT: message calls fail with FUSECANON_E_BAD_STATE */
#define FUSECANON_MODE_NONE      1 /* no translation: the peer speaks this side's format */
#define FUSECANON_MODE_CANONICAL 2 /* the wire carries the canonical format */
#define FUSECANON_MODE_PEER      3 /* the wire carries the peer's format; this side translates it */
#define FUSECANON_MODE_REJECTED  4 /* the server refused the peer during INIT */

/**
 * fusecanon_session_mode - the session's current FUSECANON_MODE_*, or FUSECANON_E_INVALID_ARGUMENT for
 * NULL.
 */
int fusecanon_session_mode(const fusecanon_session *s);

/**
 * fusecanon_session_peer_arch - the peer's arch id as far as it is known: the arch_id the client sent
 * (server role), the configured legacy_peer_arch for a legacy client, or the fixed wire arch; 0 if
 * unknown or s is NULL.  Servers use it to interpret ioctl payloads, which are never canonicalised.
 */
uint32_t fusecanon_session_peer_arch(const fusecanon_session *s);

/**
 * fusecanon_session_reason - why the session is in its mode, as one line of English naming the arches
 * involved, e.g. "client offered the canonical flag: canonical mode (client aarch64, server x86_64)".
 * For the server's log, and for the reason of FUSECANON_MODE_REJECTED.  Returns a string owned by the
 * session, valid until it is destroyed; "" for NULL.
 */
const char *fusecanon_session_reason(const fusecanon_session *s);

/**
 * struct fusecanon_session_info - what a session knows about its connection, for logs (fusecanon_session_info()).
 */
struct fusecanon_session_info {
    uint32_t size;            /* in: sizeof(struct fusecanon_session_info); out: bytes written */
    int32_t  mode;            /* FUSECANON_MODE_* */
    uint32_t role;            /* FUSECANON_ROLE_* */
    uint32_t local_arch;      /* this side's arch id */
    uint32_t peer_arch;       /* as fusecanon_session_peer_arch() */
    uint32_t wire_arch;       /* whose constants travel on the wire: FUSECANON_ARCH_CANONICAL, the peer's arch,
                                 or local_arch (no translation); 0 while pending or rejected */
    uint32_t minor;           /* negotiated protocol minor (45 for a fixed wire), governs body sizes */
    uint32_t wire_big_endian; /* 1 if messages on the wire are big-endian */
    uint32_t wire_swapped;    /* 1 if the wire's byte order differs from this side's: every message is swapped */
    uint32_t profile;         /* FUSECANON_PROFILE_* */
    uint64_t init_flags;      /* the INIT flags of the reply (flags | flags2 << 32 with FUSE_INIT_EXT), 0 before */
};

/**
 * fusecanon_session_info - fill *out (out->size set by the caller, at least the first version, 48 bytes).
 * Returns FUSECANON_OK, FUSECANON_E_INVALID_ARGUMENT (NULL), FUSECANON_E_STRUCT_SIZE.
 */
int fusecanon_session_info(const fusecanon_session *s, struct fusecanon_session_info *out);

struct iovec;

/* ------------------------------------------------------------------------------------------------------ */
/* Connections: one call per message (the simple tier)                                                      */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * A server calls fusecanon_server_recv() on every message it receives and fusecanon_server_send() (or
 * fusecanon_server_send_iov()) on every reply and notification it sends; a client calls
 * fusecanon_client_send() and fusecanon_client_recv().  The library does the rest: it routes INIT, of
 * either byte order, to the negotiation below and stamps the INIT reply; it translates every other message
 * as the advanced tier's per-message calls do, byte for byte; and it keeps what a reply's translation needs
 * to know about its request (its opcode, whether a GETXATTR/LISTXATTR asked for the size) until the reply
 * goes out.
 *
 * WHERE THE CONTEXT LIVES.  In the session, in a table of struct fusecanon_config.max_in_flight slots keyed by
 * the request's unique, claimed and freed with atomic operations (no lock).  That choice lets a caller that
 * only sees bytes (a proxy, libfuse's custom I/O, a vhost-user queue) use the tier without a request struct of
 * its own, and costs no memory outside translating sessions (a connection in mode NONE with the same byte
 * order allocates nothing and never touches the table).  Every request that gets a reply is held, from
 * fusecanon_server_recv() (or fusecanon_client_send()) until a reply to it is sent (received) successfully,
 * so a caller whose reply failed can still send an error reply instead; requests without a reply (FORGET,
 * BATCH_FORGET, INTERRUPT, NOTIFY_REPLY) are never held.  A request is placed within 32 slots of where its
 * unique hashes to; when those are all taken it is refused (FUSECANON_E_TOO_MANY_IN_FLIGHT), which in a table
 * less than half full practically never happens: size max_in_flight at twice the requests you expect in
 * flight.  A request the kernel never gets an answer to occupies its slot until the session is destroyed.
 * Holding costs a hash and one compare-and-swap per request, one store per reply (docs/performance.md).
 *
 * ORDER AND THREADS.  The INIT exchange happens first and alone: the first message received must be the
 * INIT request, and nothing but its reply may be sent before that reply (FUSECANON_E_BAD_STATE otherwise),
 * which is how every FUSE kernel behaves.  After it, any number of threads may call the four functions
 * concurrently on one session; a reply must be sent after its request's fusecanon_server_recv() returned.
 *
 * SKIPPING THE LIBRARY.  After INIT, fusecanon_session_passthrough() tells whether the connection needs no
 * translation at all; a caller may then stop calling the library for that connection.
 */

/**
 * fusecanon_server_recv - server: a message was received; make it ready for dispatch.
 *
 * msg/len: the whole message as received, in the wire's format.
 *
 * Returns 0 when msg now holds the request in this side's format (an INIT request also in this side's byte
 * order): dispatch it.  Returns a positive n when the library answered the request itself, because it cannot
 * be handed to the filesystem: msg now holds an n-byte error reply (n = 16), in the client's numbering and
 * byte order, to send as it is; do not dispatch.  That happens for an unknown opcode (ENOSYS), for a value the
 * client's arch does not define under FUSECANON_UNKNOWN_REJECT, for a malformed body, and when
 * max_in_flight requests already await their reply (each EIO, the same reasons counted in
 * fusecanon_session_stats()).  Returns a negative FUSECANON_E_* code, msg unchanged, when there is nothing to
 * answer: FUSECANON_E_INVALID_ARGUMENT (NULL), FUSECANON_E_TRUNCATED or FUSECANON_E_LENGTH_MISMATCH (no whole
 * header), FUSECANON_E_BAD_STATE (wrong role, a request while the INIT reply is pending, a second INIT),
 * FUSECANON_E_REJECTED (the session refused the client), the errors of fusecanon_server_init_request() for
 * the first message, which is taken as the INIT (so a request before INIT gets FUSECANON_E_BAD_MESSAGE: not
 * an INIT), and the request codes of fusecanon_request_decode() for requests that get no reply.  Drop such a
 * message.
 */
int fusecanon_server_recv(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_server_recv_iov - fusecanon_server_recv() for a request whose parts sit apart: the message is the
 * concatenation of iov[0..iovcnt), and its header's len must equal the total of the iov_len values.  For
 * transports that do not deliver a request in one buffer: FUSE-over-io_uring's ring entries (iov[0] the
 * fuse_in_header of fuse_uring_req_header.in_out, iov[1] the op struct in op_in, of len - 40 - payload_sz
 * bytes, iov[2] the payload), virtiofsd's zero-copy WRITE (the headers copied out, the data still in guest
 * memory), a proxy's scatter list.  Fields may straddle entries.  Only bytes that change are written, so an
 * entry whose bytes carry no field to translate (WRITE data, a name) may point at read-only memory; on a
 * wire of this host's byte order only the first 256 bytes are read (the header and the largest fixed body),
 * a byte-swapped wire or the INIT needs the whole message.  Returns what fusecanon_server_recv() returns;
 * for a positive n, the first n bytes of the message (across entries) hold the library's answer.
 * Additional result: FUSECANON_E_INVALID_ARGUMENT for a NULL iov, an iovcnt outside 1..1024, or an entry
 * with iov_len > 0 and a NULL iov_base.  Costs a copy of up to 256 bytes in and out of the library beyond
 * fusecanon_server_recv() (docs/performance.md).
 */
int fusecanon_server_recv_iov(fusecanon_session *s, const struct iovec *iov, int iovcnt);

/**
 * fusecanon_server_send - server: a reply or notification is about to be sent; make it ready for the wire.
 *
 * msg/len: the whole message in this side's format; translated in place.
 *
 * Returns the number of bytes to send from msg: len, or 16 when this is the INIT reply and the session
 * refused the client (msg was rewritten into a failed INIT; fusecanon_session_reason() says why, and later
 * calls return FUSECANON_E_REJECTED).  On error, msg is unchanged and the request stays held:
 * FUSECANON_E_INVALID_ARGUMENT, FUSECANON_E_BAD_STATE (wrong role, before INIT, or anything but the INIT
 * reply while it is pending), FUSECANON_E_UNKNOWN_UNIQUE (a reply whose unique is not held: never received,
 * or already answered), and the reply codes of fusecanon_reply_encode().  A reply to INTERRUPT (unique with
 * bit 0 set) needs nothing held.
 */
int fusecanon_server_send(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_server_send_iov - fusecanon_server_send() for a message scattered over iov[0..iovcnt), as
 * fusecanon_reply_encode_iov() takes it (only bytes that change are written, so entries may point at
 * read-only data).  Returns the number of bytes to send: the total of the iov_len values, or 16 for a
 * refused INIT (send only the first 16 bytes, the fuse_out_header).  Additional result:
 * FUSECANON_E_INVALID_ARGUMENT for a NULL iov or an iovcnt outside 1..1024.
 */
int fusecanon_server_send_iov(fusecanon_session *s, const struct iovec *iov, int iovcnt);

/**
 * fusecanon_client_send - client: a request is about to be sent; make it ready for the wire.
 *
 * msg/len: the whole request in this side's format; translated in place (the INIT request is stamped with
 * arch_id and the canonical flag, see fusecanon_client_init_request()).  Returns len, the number of bytes to
 * send, or a negative code with msg unchanged: FUSECANON_E_INVALID_ARGUMENT, FUSECANON_E_BAD_STATE (wrong
 * role; a request other than INIT before the INIT reply arrived), FUSECANON_E_TOO_MANY_IN_FLIGHT, the
 * errors of fusecanon_client_init_request() and of fusecanon_request_encode().
 */
int fusecanon_client_send(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_client_recv - client: a reply or notification was received; make it ready for this side.
 *
 * msg/len: the whole message as received; translated in place.  The INIT reply decides the session's mode
 * (fusecanon_client_init_reply()) and is left as it is.  Returns 0, or a negative code with msg unchanged:
 * FUSECANON_E_INVALID_ARGUMENT, FUSECANON_E_BAD_STATE (wrong role; anything but the INIT reply before it),
 * FUSECANON_E_UNKNOWN_UNIQUE (as for fusecanon_server_send()), the errors of fusecanon_client_init_reply() and
 * of fusecanon_reply_decode().
 */
int fusecanon_client_recv(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_session_passthrough - whether the connection needs no translation at all: 1 once INIT (or a fixed
 * wire) settled on mode FUSECANON_MODE_NONE with the same byte order on both sides, where every call of every
 * tier leaves every byte as it is; 0 otherwise (pending, translating, byte-swapped, rejected);
 * FUSECANON_E_INVALID_ARGUMENT for NULL.  A caller may stop calling the library for the connection once it
 * returns 1; the answer never changes afterwards.
 */
int fusecanon_session_passthrough(const fusecanon_session *s);

/* ------------------------------------------------------------------------------------------------------ */
/* INIT negotiation (advanced tier)                                                                         */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * The upstream consensus (linux-fsdevel, June 2024): the client puts its arch_id in struct fuse_init_in
 * and sets the canonical flag when it can translate its constants to the canonical format; the server
 * answers with the flag when it wants canonical messages and leaves it out when the arches match.  A peer
 * that does not run FuseCanon keeps today's behaviour.  Decisions use flags and arch_id only, never the
 * protocol minor.  Flags at bit 32 and above count only when FUSE_INIT_EXT (bit 30) is set.
 *
 * A server calls fusecanon_server_init_request() on the INIT request it received (before its own INIT
 * handling, on the wire bytes) and fusecanon_server_init_reply() on the INIT reply it is about to send.
 * The server decides:
 *
 *     client sends                               server session
 *     arch_id 0, no flag (legacy client)         NONE; or PEER with legacy_peer_arch if configured
 *     arch with this side's format               NONE, flag cleared in the reply
 *     other arch (known or not), flag            CANONICAL, flag set in the reply
 *     other known arch, no flag                  PEER (server translates that arch), or REJECTED with
 *                                                FUSECANON_CFG_REFUSE_PEER
 *     unknown nonzero arch, no flag              NONE, or REJECTED with FUSECANON_CFG_REFUSE_UNKNOWN
 *
 * A client calls fusecanon_client_init_request() on the INIT request it is about to send and
 * fusecanon_client_init_reply() on the reply it received: the reply's flag means CANONICAL, its absence
 * NONE (the server either has the same format or translates the client's arch itself).
 *
 * All four return FUSECANON_E_INVALID_ARGUMENT (NULL), FUSECANON_E_BAD_STATE (wrong role, session not
 * negotiating, INIT already completed), FUSECANON_E_TRUNCATED / FUSECANON_E_LENGTH_MISMATCH (malformed
 * message; TRUNCATED also for an INIT request whose body is shorter than fuse_init_in at the minor it
 * announces, e.g. 8 bytes claiming 7.38), FUSECANON_E_BAD_MESSAGE (not an INIT, a protocol major below 7,
 * a reply error the client's kernel would refuse).  On those errors the buffer and the session are unchanged.
 */

/**
 * fusecanon_client_init_request - stamp this side's arch_id and the canonical flag into an INIT request.
 *
 * msg/len: the whole request (struct fuse_in_header + struct fuse_init_in), in this side's byte order.
 * An INIT body shorter than 64 bytes (protocol before 7.36) has no room for flags2: it is left unchanged
 * and the session will end in FUSECANON_MODE_NONE.  Otherwise FUSE_INIT_EXT is set, the profile's flag is
 * set in flags2 and arch_id (of local_arch) is written to the profile's reserved word.
 */
int fusecanon_client_init_request(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_client_init_reply - learn the server's decision from its INIT reply.
 *
 * msg/len: the whole reply (struct fuse_out_header + struct fuse_init_out), in this side's byte order.
 * The session moves to FUSECANON_MODE_CANONICAL if the reply carries the flag (with FUSE_INIT_EXT), else
 * to FUSECANON_MODE_NONE; also when the reply is an error.  A reply with major above 7 (the server asks
 * for a second INIT) leaves the session pending.  The reply is not modified.
 */
int fusecanon_client_init_reply(fusecanon_session *s, const void *msg, size_t len);

/**
 * fusecanon_server_init_request - read a client's INIT request and decide the session's mode.
 *
 * msg/len: the whole request as received.  A request whose major is above 7 only records the client's
 * minor: the server will answer with its own major and expect a second INIT.  An INIT body of 16 bytes
 * (before 7.36) is a legacy client.  The request is not modified, except that an INIT in the other byte
 * order (opcode FUSE_INIT << 24: a big-endian client of a little-endian server, or the reverse) is swapped
 * in place into this side's order, so the server's own INIT code can read it; the session then swaps every
 * later message of this peer in both directions, its INIT reply included.  The decision is final only once
 * fusecanon_server_init_reply() has stamped it; fusecanon_session_mode() reports it from now on.
 */
int fusecanon_server_init_request(fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_server_init_reply - stamp the decision into the server's INIT reply and complete INIT.
 *
 * msg/len: the whole reply about to be sent (struct fuse_out_header + struct fuse_init_out), in this
 * side's byte order; it is translated to the wire's order like every reply.  The flag is set (with
 * FUSE_INIT_EXT) in canonical mode and cleared otherwise; other flags are left as the server set them
 * (under FUSECANON_PROFILE_SEED_2024 bit 40 keeps its FUSE_ALLOW_IDMAP meaning unless canonical mode was
 * negotiated with a client that sent a nonzero arch_id).  The negotiated minor becomes the smaller of the
 * client's and the reply's.
 *
 * An error reply (the server itself failed INIT, e.g. libfuse's -EPROTO) completes INIT in FUSECANON_MODE_NONE;
 * its error is translated into the client's numbering when the client's arch is known (arch_id, or
 * legacy_peer_arch), like every reply's: an alpha client gets its EPROTO 85, not x86-64's 71.
 * When the session is REJECTED, the reply is rewritten into an error reply the client's kernel treats as a
 * failed INIT: len 16 and error -EPROTO (the client arch's value when it is known); the function returns FUSECANON_E_REJECTED and the caller sends
 * the first 16 bytes.  A reply body too short to carry flags2 (minor below 23) cannot confirm canonical
 * mode: the server falls back to PEER mode for a known client arch, NONE otherwise.
 */
int fusecanon_server_init_reply(fusecanon_session *s, void *msg, size_t len);

/* ------------------------------------------------------------------------------------------------------ */
/* Message translation (advanced tier)                                                                      */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * What is translated (FUSE protocol 7.45; every other field is the same on every Linux architecture):
 *
 *   requests   open flags    OPEN, OPENDIR (fuse_open_in.flags), CREATE, TMPFILE (fuse_create_in.flags),
 *                            READ, READDIR, READDIRPLUS (fuse_read_in.flags, from minor 9),
 *                            WRITE (fuse_write_in.flags, from minor 9), RELEASE, RELEASEDIR
 *              lock type     GETLK, SETLK, SETLKW (fuse_lk_in.lk.type)
 *              poll events   POLL (fuse_poll_in.events, from minor 21)
 *              ioctl cmd     IOCTL (fuse_ioctl_in.cmd), only with FUSECANON_CFG_TRANSLATE_IOCTL: ioctl
 *                            payloads cannot be canonicalised, so by default the command stays as the
 *                            client sent it and the server interprets it with fusecanon_session_peer_arch()
 *   replies    errno         fuse_out_header.error of every reply (unique != 0); never of a notification
 *                            (unique == 0), where the field is a notification code
 *              lock type     GETLK (fuse_lk_out.lk.type)
 *              poll events   POLL (fuse_poll_out.revents)
 *
 * Byte order: the canonical format is little-endian; in peer and legacy modes the wire has the peer's own
 * order.  A negotiated wire detects it from a byte-swapped INIT (opcode FUSE_INIT << 24), not from the arch
 * name.  A fixed arch wire, which has no INIT to tell, takes struct fusecanon_config.wire_byte_order when set,
 * else the order the arch's uname -m name implies (ppc64: big, ppc64le: little), else, for a name that both
 * orders report (mips, mips64, sh*, arc), this side's own order: set wire_byte_order for a big-endian mips
 * peer of a little-endian host.  When the wire
 * and this side differ, every field of the whole message is swapped (headers, fixed structs, dirent and
 * direntplus records, BATCH_FORGET and ioctl iovec arrays, notification bodies, extension headers; names and
 * data stay bytes), before constant translation when decoding and after it when encoding, after the whole
 * message has been validated record by record.  A little-endian peer of a little-endian host pays nothing.
 *
 * When the wire and this side use the same values for a group (e.g. an x86-64 server in canonical mode),
 * the values of that group pass through untouched: the identity fast path costs only the validation.
 *
 * Validation, always, before anything is written: len >= the header, the header's len == the buffer's
 * length, a known opcode, a body at least as long as the opcode's fixed struct at the negotiated minor
 * (older minors have shorter structs), a reply error of 0 or negative with no body after an error and, on
 * the wire, in -1..-511: what arrives when decoding, the translation when encoding (a mips server's EDQUOT
 * -1133 is -122 on a generic wire, which the kernel accepts).  A message that is swapped is also walked
 * record by record: a malformed body (a name without its NUL, bytes left over after what its fields
 * announce, an extension that does not start where the body ends) is FUSECANON_E_BAD_MESSAGE.
 *
 * Errno: a value with no equivalent on the destination, or one the destination kernel cannot accept
 * (>= 512, e.g. mips EDQUOT 1133), becomes the destination's EIO and is counted in the statistics; errno
 * translation never fails a message.  Other unknown values follow the session's unknown_policy and are
 * counted per category.
 *
 * Results: FUSECANON_OK; FUSECANON_E_INVALID_ARGUMENT (NULL session or buffer), FUSECANON_E_BAD_STATE
 * (wrong role for the call, INIT not completed, or an INIT request on a negotiated session),
 * FUSECANON_E_REJECTED (the session refused its peer), FUSECANON_E_TRUNCATED, FUSECANON_E_LENGTH_MISMATCH,
 * FUSECANON_E_UNKNOWN_OPCODE, FUSECANON_E_BAD_MESSAGE (invalid reply error, a reply to an opcode that has
 * none, a malformed body), FUSECANON_E_UNKNOWN_VALUE (policy FUSECANON_UNKNOWN_REJECT).  On every error the buffer is
 * unchanged.  Thread-safe on a negotiated session.
 */

/**
 * fusecanon_request_decode - server: translate a request from the wire format to this side's, in place.
 */
int fusecanon_request_decode(const fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_request_encode - client: translate a request from this side's format to the wire's, in place.
 */
int fusecanon_request_encode(const fusecanon_session *s, void *msg, size_t len);

/**
 * fusecanon_reply_encode - server: translate a reply (or notification) from this side's format to the
 * wire's, in place.  Replies do not name their opcode: pass the opcode of the request being answered.
 * For a notification (unique == 0) opcode is ignored and the error field, a notification code, is kept.
 */
int fusecanon_reply_encode(const fusecanon_session *s, uint32_t opcode, void *msg, size_t len);

/**
 * FUSECANON_REPLY_XATTR_SIZE - OR this into the opcode argument of the reply functions for a GETXATTR or
 * LISTXATTR reply when the request asked for the size (fuse_getxattr_in.size == 0): the reply is then a
 * struct fuse_getxattr_out, which has a byte order, and not raw data.  Only swapping needs it.
 */
#define FUSECANON_REPLY_XATTR_SIZE (1u << 31)

/**
 * fusecanon_reply_decode - client: translate a reply from the wire format to this side's, in place.
 * opcode is the opcode of the request it answers.
 */
int fusecanon_reply_decode(const fusecanon_session *s, uint32_t opcode, void *msg, size_t len);

/**
 * fusecanon_reply_encode_iov - fusecanon_reply_encode() for a reply scattered over an iovec array, as
 * libfuse's fuse_send_reply_iov() and writev() paths build it: iov[0] usually holds fuse_out_header and the
 * rest the body, but fields may straddle entries.  The total of the iov_len values must equal the header's
 * len.  iovcnt must be 1..1024 (IOV_MAX); an entry with iov_len > 0 must have a non-NULL iov_base.
 * Only bytes whose value changes are written, so entries may point at read-only data that needs no
 * translation (a reply body straight from a string literal).  The header and fixed body are copied to the
 * stack and translated there; when the byte order must be swapped the whole reply is (on the heap above
 * 8 KiB: the one case where a translation allocates).
 * Additional result: FUSECANON_E_INVALID_ARGUMENT for a NULL iov or an iovcnt out of range.
 */
int fusecanon_reply_encode_iov(const fusecanon_session *s, uint32_t opcode, const struct iovec *iov, int iovcnt);

/**
 * struct fusecanon_stats - what a session's translation met (fusecanon_session_stats()).
 */
struct fusecanon_stats {
    uint32_t size;                   /* in: sizeof(struct fusecanon_stats) */
    uint32_t reserved;               /* zero */
    uint64_t messages_translated;    /* messages that passed (translated or identity) */
    uint64_t messages_rejected;      /* messages refused with an error code */
    uint64_t unknown_open_flags;     /* messages with open flag bits unknown to the source arch */
    uint64_t unknown_lock_types;
    uint64_t unknown_poll_events;
    uint64_t unknown_ioctl_cmds;     /* ioctl commands that could not be re-encoded */
    uint64_t errno_fallbacks;        /* errno values with no equivalent, replaced by EIO */
    uint64_t errno_unrepresentable;  /* errno values >= 512 on the destination, replaced by EIO */
};

/**
 * fusecanon_session_stats - a snapshot of the session's counters.
 *
 * out->size must be set by the caller; the library fills as many fields as fit in out->size (at least
 * the first version, 72 bytes) and sets out->size to what it wrote.  Counters are read one by one
 * without a lock: each is exact, the set is not an atomic snapshot.
 * Returns FUSECANON_OK, FUSECANON_E_INVALID_ARGUMENT (NULL), FUSECANON_E_STRUCT_SIZE.
 */
int fusecanon_session_stats(const fusecanon_session *s, struct fusecanon_stats *out);

/* ------------------------------------------------------------------------------------------------------ */
/* Text for logs                                                                                            */
/* ------------------------------------------------------------------------------------------------------ */

/* Constant groups (fusecanon_describe_value()). */
#define FUSECANON_GROUP_OPEN_FLAGS  0
#define FUSECANON_GROUP_ERRNO       1
#define FUSECANON_GROUP_LOCK_TYPE   2
#define FUSECANON_GROUP_POLL_EVENTS 3

/*
 * The describe functions write one line of text, NUL-terminated, into buf (len bytes) and return its length
 * without the NUL.  If the text does not fit they write the longest prefix that does (still NUL-terminated,
 * when len > 0) and return FUSECANON_E_BUFFER_TOO_SMALL.  Other results: FUSECANON_E_INVALID_ARGUMENT (NULL
 * pointer, unknown group), FUSECANON_E_UNKNOWN_ARCH, FUSECANON_E_TRUNCATED (message shorter than its header).
 * Names are the arch's own, from the generated tables; what it does not name is printed as a number.
 * For logs and debugging, not for hot paths.  Messages must be in this host's byte order.
 */

/**
 * fusecanon_describe_value - a value in one arch's terms: open flags "O_RDONLY|O_DIRECT|O_LARGEFILE" (the
 * access mode first, composites such as O_SYNC as themselves, kernel-internal bits by their kernel names
 * such as "__FMODE_EXEC", unnamed bits as "0x..."), poll events
 * "POLLIN|POLLOUT", a positive errno "ENOTDIR", a lock type "F_RDLCK".
 */
int fusecanon_describe_value(uint32_t arch, int group, int64_t value, char *buf, size_t len);

/**
 * fusecanon_describe_request - a request's header and arch-specific field in the given arch's terms, e.g.
 * "FUSE_OPEN len=48 unique=7 nodeid=1 flags=O_RDONLY|O_DIRECT|O_LARGEFILE".  An INIT adds its version, its
 * flags by name (FuseCanon's own bit 63 as " canonical") and the arch_id a FuseCanon client stamped:
 * "FUSE_INIT ... major.minor=7.45 flags=FUSE_ASYNC_READ|...|FUSE_INIT_EXT|... arch_id=aarch64 canonical"
 * (seed_arch_id= / seed_canonical for FUSECANON_PROFILE_SEED_2024's word).  Requests that carry names
 * (LOOKUP, CREATE, MKDIR, MKNOD, SYMLINK, LINK, UNLINK, RMDIR, RENAME, RENAME2, TMPFILE, the xattr calls)
 * add name="..." (RENAME: newname=, SYMLINK: target=), found after the opcode's protocol-7.45 struct and
 * before the extension area, at most 64 bytes each ("..." after), quote and backslash escaped, other bytes
 * outside printable ASCII as \xHH.
 */
int fusecanon_describe_request(uint32_t arch, const void *msg, size_t msg_len, char *buf, size_t len);

/**
 * fusecanon_describe_reply - a reply to opcode, e.g. "reply to FUSE_GETLK unique=7 error=0 lk.type=F_RDLCK",
 * "reply to FUSE_POLL unique=7 error=0 revents=POLLIN" or "reply to FUSE_OPEN unique=7 error=-ENOTDIR"; an
 * INIT reply adds major.minor and its flags by name as for requests; a notification (unique 0) is named,
 * "notification FUSE_NOTIFY_INVAL_ENTRY" ("notification <code>" for a code this version does not know).
 */
int fusecanon_describe_reply(uint32_t arch, uint32_t opcode, const void *msg, size_t msg_len, char *buf, size_t len);

/* ------------------------------------------------------------------------------------------------------ */
/* Fast path: batches and inline translators                                                                */
/* ------------------------------------------------------------------------------------------------------ */

/*
 * Two ways to pay less per message than one call per message:
 *
 *   Batches      fusecanon_*_batch() translate many messages in one call: the fixed cost of entering the
 *                library (argument checks, the runtime's transition) is paid once per batch.  Each message
 *                gets exactly the result, statistics and buffer guarantees of the single-message call.
 *   Inline       A session's translation plans are immutable, flat tables in memory the library owns.
 *                fusecanon_session_plan() hands them out as a const struct fusecanon_plan, and the static
 *                inline fusecanon_plan_*() helpers below translate one field with a few table loads and no
 *                call into the library at all (liburing style).  The caller finds the field and validates
 *                the message itself.
 */

/**
 * struct fusecanon_msg - one message of a batch.  An array element, not a versioned struct: it has no size
 * field and its layout is fixed for major version 1 (24 bytes on LP64).
 */
struct fusecanon_msg {
    void *data;          /* the whole message, translated in place */
    size_t len;          /* its length, as for the single-message calls */
    uint32_t opcode;     /* replies: the answered request's opcode (| FUSECANON_REPLY_XATTR_SIZE); requests: ignored */
    uint32_t reserved;   /* zero; ignored */
};

/*
 * The batch calls: msgs[0..count) are translated in order, each exactly as by the single-message call of the
 * same name (same checks, same per-message result, buffer unchanged on that message's error, statistics
 * counted per message); results[i] receives message i's FUSECANON_OK or FUSECANON_E_* code.  A failing
 * message does not stop the batch.  A message whose data is NULL gets FUSECANON_E_INVALID_ARGUMENT.
 * Returns the number of messages that gave FUSECANON_OK (0..count), or FUSECANON_E_INVALID_ARGUMENT, with
 * nothing translated and results not written, for a NULL or destroyed session, NULL msgs or results with
 * count > 0, or count > 1048576.  count 0 returns 0.  msgs and results must not overlap the messages.
 * Thread-safe on a negotiated session, like the single calls.
 */

/** fusecanon_request_decode_batch - fusecanon_request_decode() on each of count requests (server). */
int fusecanon_request_decode_batch(const fusecanon_session *s, const struct fusecanon_msg *msgs, size_t count,
                                   int *results);

/** fusecanon_request_encode_batch - fusecanon_request_encode() on each of count requests (client). */
int fusecanon_request_encode_batch(const fusecanon_session *s, const struct fusecanon_msg *msgs, size_t count,
                                   int *results);

/** fusecanon_reply_encode_batch - fusecanon_reply_encode() on each of count replies (server), with msgs[i].opcode. */
int fusecanon_reply_encode_batch(const fusecanon_session *s, const struct fusecanon_msg *msgs, size_t count,
                                 int *results);

/** fusecanon_reply_decode_batch - fusecanon_reply_decode() on each of count replies (client), with msgs[i].opcode. */
int fusecanon_reply_decode_batch(const fusecanon_session *s, const struct fusecanon_msg *msgs, size_t count,
                                 int *results);

/* Directions of fusecanon_session_plan(). */
#define FUSECANON_DIR_DECODE 0 /* wire -> this side: a server's requests, a client's replies */
#define FUSECANON_DIR_ENCODE 1 /* this side -> wire: a client's requests, a server's replies */

/** Entries of struct fusecanon_errno_plan.map: every errno below it can be looked up (mips EDQUOT 1133 is the largest). */
#define FUSECANON_PLAN_ERRNO_LIMIT 1134
/** A FUSE reply can carry errno 1..511 only (the kernel rejects error <= -512). */
#define FUSECANON_PLAN_ERRNO_REPLY_LIMIT 512
/** Entries of struct fusecanon_lock_plan. */
#define FUSECANON_PLAN_LOCK_PAIRS 8
/** The lock type an unknown lock type becomes: no lock type on any arch. */
#define FUSECANON_PLAN_LOCK_INVALID 0xFFFFFFFFu

/**
 * struct fusecanon_flag_plan - a bit-flag translation (open flags, poll events): the result is the OR of
 * table[k][byte k of the value] for k = 0..3, computed from the original value, so moved bits never
 * collide; the access mode of open flags is folded into table[0].  Bits outside known have no translation
 * and contribute nothing.  valid is nonzero in every plan the library hands out.
 */
struct fusecanon_flag_plan {
    uint32_t table[4][256];
    uint32_t known;
    uint32_t valid;
};

/**
 * struct fusecanon_errno_plan - a direct-index errno translation: map[e] is the destination's value of
 * source errno e (1 <= e < FUSECANON_PLAN_ERRNO_LIMIT), 0 when it has none; eio is the destination's EIO.
 */
struct fusecanon_errno_plan {
    uint16_t map[FUSECANON_PLAN_ERRNO_LIMIT];
    uint16_t eio;
    uint16_t valid;
};

/**
 * struct fusecanon_lock_plan - lock types as count (1..8) pairs: source from[i] becomes to[i].
 */
struct fusecanon_lock_plan {
    uint32_t from[FUSECANON_PLAN_LOCK_PAIRS];
    uint32_t to[FUSECANON_PLAN_LOCK_PAIRS];
    int32_t count;
};

/**
 * struct fusecanon_ioctl_plan - the _IOC re-encoding (fusecanon_xlate_ioctl_cmd()): dir_map[source
 * direction] is the destination direction (0xFF: none), then each field's shift and mask, source and
 * destination.  No inline helper uses it; it is here because it is part of the plan's layout.
 */
struct fusecanon_ioctl_plan {
    uint8_t dir_map[8];
    int32_t from_nr_shift, from_type_shift, from_size_shift, from_dir_shift;
    uint32_t from_nr_mask, from_type_mask, from_size_mask, from_dir_mask;
    int32_t to_nr_shift, to_type_shift, to_size_shift, to_dir_shift;
    uint32_t to_nr_mask, to_type_mask, to_size_mask;
    int32_t valid;
};

/**
 * struct fusecanon_plan - every translation of one direction of a session, exactly as the library's
 * message calls use it (its layout is the library's own, not a copy).  A group whose *_identity byte is
 * nonzero has the same values on both sides: its values pass through untouched, unknown bits included, as
 * in the message calls.  all_identity: every group is identity (a message needs validation only).
 * Read-only: the library never changes a plan it has handed out, and frees it with the session.
 */
struct fusecanon_plan {
    struct fusecanon_flag_plan open_flags;
    struct fusecanon_flag_plan poll_events;
    struct fusecanon_errno_plan errno_map;
    struct fusecanon_lock_plan lock_types;
    struct fusecanon_ioctl_plan ioctl;
    uint8_t open_flags_identity;
    uint8_t poll_events_identity;
    uint8_t errno_identity;
    uint8_t lock_types_identity;
    uint8_t ioctl_identity;
    uint8_t all_identity;
};

/**
 * fusecanon_session_plan - the session's translation plan for one direction, for the inline helpers.
 *
 * direction:  FUSECANON_DIR_DECODE (wire -> this side) or FUSECANON_DIR_ENCODE (this side -> wire).
 * plan_size:  sizeof(struct fusecanon_plan) as the caller was compiled; a library whose plan has another
 *             layout returns NULL instead of letting the caller misread it.
 *
 * Returns a pointer into the session, valid and unchanging until fusecanon_session_destroy(); NULL if s is
 * NULL or destroyed, direction or plan_size is wrong, or the session has no final mode yet (INIT pending, a
 * server between its two INIT calls) or was REJECTED.  Call it once per session after INIT, not per message.
 * The plan translates values in this host's byte order: on a byte-swapped wire (a big-endian peer of a
 * little-endian host, see Message translation) the caller swaps the field before decoding and after
 * encoding, or uses the message calls, which do.
 */
const struct fusecanon_plan *fusecanon_session_plan(const fusecanon_session *s, int direction, size_t plan_size);

/*
 * The inline helpers.  plan must come from fusecanon_session_plan(); value is in host order; *out always
 * receives a value.  They return FUSECANON_OK or FUSECANON_E_UNKNOWN_VALUE and never call the library.
 *
 * UNKNOWN VALUES: the helpers report them and leave the policy to the caller.  *out is then what the
 * scalar fusecanon_xlate_*() give: the known bits translated (flags), FUSECANON_PLAN_LOCK_INVALID (lock
 * types), the destination's EIO (errno).  A caller that wants the session's FUSECANON_UNKNOWN_PASS
 * behaviour ORs the unknown bits back (value & ~plan->open_flags.known) or keeps the value; _DROP keeps
 * *out; _REJECT fails the message.  Unlike the message calls, the helpers count nothing in
 * fusecanon_session_stats() (they cannot write to the session).
 */

/** fusecanon_flag_plan_apply - the table lookup behind the flag helpers; identity is the group's *_identity. */
static inline int fusecanon_flag_plan_apply(const struct fusecanon_flag_plan *f, uint8_t identity, uint32_t value,
                                            uint32_t *out)
{
    if (identity) {
        *out = value;
        return FUSECANON_OK;
    }
    *out = f->table[0][value & 0xFFu] | f->table[1][(value >> 8) & 0xFFu] | f->table[2][(value >> 16) & 0xFFu] |
           f->table[3][value >> 24];
    return (value & ~f->known) ? FUSECANON_E_UNKNOWN_VALUE : FUSECANON_OK;
}

/** fusecanon_plan_open_flags - open(2) flags, as fusecanon_request_decode()/_encode() translate them. */
static inline int fusecanon_plan_open_flags(const struct fusecanon_plan *plan, uint32_t flags, uint32_t *out)
{
    return fusecanon_flag_plan_apply(&plan->open_flags, plan->open_flags_identity, flags, out);
}

/** fusecanon_plan_poll_events - poll(2) events (fuse_poll_in.events, fuse_poll_out.revents). */
static inline int fusecanon_plan_poll_events(const struct fusecanon_plan *plan, uint32_t events, uint32_t *out)
{
    return fusecanon_flag_plan_apply(&plan->poll_events, plan->poll_events_identity, events, out);
}

/**
 * fusecanon_plan_errno - a POSITIVE errno of a reply (negate fuse_out_header.error around the call), as the
 * reply calls translate it: 0 gives 0; an errno with no equivalent, or whose equivalent a FUSE reply cannot
 * carry (>= FUSECANON_PLAN_ERRNO_REPLY_LIMIT), gives the destination's EIO and FUSECANON_E_UNKNOWN_VALUE
 * (the message calls use the same EIO without failing the message).  A negative err gives EIO and
 * FUSECANON_E_UNKNOWN_VALUE too.  An identity plan passes every nonnegative err through.
 */
static inline int fusecanon_plan_errno(const struct fusecanon_plan *plan, int32_t err, int32_t *out)
{
    uint32_t v;
    if (err >= 0 && (err == 0 || plan->errno_identity)) {
        *out = err;
        return FUSECANON_OK;
    }
    v = (err > 0 && err < FUSECANON_PLAN_ERRNO_LIMIT) ? plan->errno_map.map[err] : 0u;
    if (v == 0u || v >= FUSECANON_PLAN_ERRNO_REPLY_LIMIT) {
        *out = (int32_t)plan->errno_map.eio;
        return FUSECANON_E_UNKNOWN_VALUE;
    }
    *out = (int32_t)v;
    return FUSECANON_OK;
}

/** fusecanon_plan_lock_type - struct flock l_type (fuse_lk_in.lk.type, fuse_lk_out.lk.type). */
static inline int fusecanon_plan_lock_type(const struct fusecanon_plan *plan, uint32_t type, uint32_t *out)
{
    int32_t i;
    if (plan->lock_types_identity) {
        *out = type;
        return FUSECANON_OK;
    }
    for (i = 0; i < plan->lock_types.count && i < FUSECANON_PLAN_LOCK_PAIRS; i++) {
        if (plan->lock_types.from[i] == type) {
            *out = plan->lock_types.to[i];
            return FUSECANON_OK;
        }
    }
    *out = FUSECANON_PLAN_LOCK_INVALID;
    return FUSECANON_E_UNKNOWN_VALUE;
}

#ifdef __cplusplus
}
#endif

#endif /* FUSECANON_H */
