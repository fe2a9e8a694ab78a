/*
 * cross_client - a foreign FUSE "kernel" built by Debian's cross compiler for its architecture and run under
 * qemu-user against the x86-64 libfuse server of this machine (native-tests/cross/cross_run.c starts both).
 *
 * Nothing here comes from FuseCanon: every constant is this toolchain's own (<fcntl.h>, <asm/fcntl.h> through
 * cross_uapi.c, <errno.h>, <poll.h>, and the sysroot's <linux/fuse.h>), messages are written with this
 * architecture's struct layout and byte order, and arch_id is FNV-1a 32 of this process's own uname -m
 * (under qemu-user the emulated machine).
 *
 * usage: cross_client --constants
 *          prints "CONST NAME VALUE" lines: the values the scenarios put on the wire.
 *        cross_client --fd N --mode legacy|peer
 *          speaks FUSE on descriptor N (a SOCK_SEQPACKET socket: one message per packet), as a kernel would:
 *          INIT (legacy: arch_id 0; peer: arch_id, no canonical flag), then the scenarios.  Prints
 *          "SCENARIO NAME PASS|FAIL DETAIL" lines, checked against this toolchain's constants.
 *        cross_client --fd N --mode canonical
 *          only when built with -DCROSS_WITH_LIBFUSECANON and linked with libfusecanon built for this
 *          architecture (CMakeLists.txt: aarch64): a FuseCanon-enabled kernel.  A client session
 *          (FUSECANON_ROLE_CLIENT, wire negotiated, driven by fusecanon_client_send()/_recv()) stamps INIT
 *          (arch_id + canonical flag), must end in canonical mode, then encodes every request and decodes
 *          every reply with the context the library kept for it; the scenarios' values are
 *          still this toolchain's.  "WIRE" lines show each open flag / lock type before and after encoding.
 * Exit status: 0 when it could run (whatever the scenarios gave), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

extern const unsigned int cross_uapi_o_largefile; /* cross_uapi.c */

#ifdef CROSS_WITH_LIBFUSECANON
#include <fusecanon.h>
static fusecanon_session *canon; /* --mode canonical: the client session */
#endif

/* The FuseCanon default INIT profile, as its public header documents it for peers without the library:
   arch_id travels in fuse_init_in.unused[10]; the canonical flag (not sent here) is flags2 bit 31. */
#define ARCH_ID_WORD 10

#define POLL_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

static int sock = -1;
static uint64_t next_unique = 2; /* like the kernel: the first request is 2, then steps of 2 */

/* FNV-1a, 32 bit: offset basis 2166136261, prime 16777619 */
static uint32_t arch_id_of(const char *name)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

static int big_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 0;
}

static void print_constants(void)
{
    struct utsname u;
    if (uname(&u) == -1)
        strcpy(u.machine, "?");
    printf("CONST machine %s\n", u.machine);
    printf("CONST big_endian %d\n", big_endian());
#define C(name, value) printf("CONST %s %lu\n", name, (unsigned long)(value))
    C("O_RDONLY", O_RDONLY);
    C("O_WRONLY", O_WRONLY);
    C("O_RDWR", O_RDWR);
    C("O_CREAT", O_CREAT);
    C("O_EXCL", O_EXCL);
    C("O_DIRECT", O_DIRECT);
    C("O_DIRECTORY", O_DIRECTORY);
    C("O_NOFOLLOW", O_NOFOLLOW);
    C("O_LARGEFILE", cross_uapi_o_largefile);
    C("ENOTDIR", ENOTDIR);
    C("ELOOP", ELOOP);
    C("EEXIST", EEXIST);
    C("EAGAIN", EAGAIN);
    C("F_RDLCK", F_RDLCK);
    C("F_WRLCK", F_WRLCK);
    C("F_UNLCK", F_UNLCK);
    C("POLL_MASK", POLL_MASK);
#undef C
}

/* ---- one request, one reply ------------------------------------------------------------------------- */

struct reply {
    int ok;         /* a well-formed reply to the request arrived */
    int32_t error;  /* fuse_out_header.error */
    size_t body_len;
    unsigned char body[4096];
};

static void call(uint32_t opcode, uint64_t nodeid, const void *arg, size_t arg_len, const char *name,
                 struct reply *r)
{
    unsigned char msg[8192];
    size_t name_len = name ? strlen(name) + 1 : 0;
    struct fuse_in_header in;
    memset(r, 0, sizeof(*r));
    memset(&in, 0, sizeof(in));
    in.len = (uint32_t)(sizeof(in) + arg_len + name_len);
    in.opcode = opcode;
    in.unique = next_unique;
    next_unique += 2;
    in.nodeid = nodeid;
    in.pid = (uint32_t)getpid();
    memcpy(msg, &in, sizeof(in));
    if (arg_len)
        memcpy(msg + sizeof(in), arg, arg_len);
    if (name_len)
        memcpy(msg + sizeof(in) + arg_len, name, name_len);
#ifdef CROSS_WITH_LIBFUSECANON
    if (canon) {
        uint32_t before = 0, after = 0;
        size_t at = opcode == FUSE_GETLK || opcode == FUSE_SETLK
                        ? sizeof(in) + offsetof(struct fuse_lk_in, lk) + offsetof(struct fuse_file_lock, type)
                        : sizeof(in); /* fuse_open_in.flags, fuse_create_in.flags */
        /* the connection tier keeps what each reply needs (opcode, xattr size query) until it arrives */
        int show = opcode == FUSE_OPEN || opcode == FUSE_CREATE || opcode == FUSE_GETLK || opcode == FUSE_SETLK;
        if (show)
            memcpy(&before, msg + at, sizeof(before));
        int res = fusecanon_client_send(canon, msg, in.len);
        if (res < 0) {
            printf("INFO encoding opcode %u: %s\n", opcode, fusecanon_strerror(res));
            return;
        }
        if (show) {
            memcpy(&after, msg + at, sizeof(after));
            printf("WIRE opcode %u %s 0x%x -> 0x%x\n", opcode, opcode == FUSE_GETLK || opcode == FUSE_SETLK
                   ? "lock type" : "open flags", before, after);
        }
    }
#endif
    if (send(sock, msg, in.len, 0) != (ssize_t)in.len)
        return;

    ssize_t n = recv(sock, msg, sizeof(msg), 0);
    struct fuse_out_header out;
    if (n < (ssize_t)sizeof(out))
        return;
#ifdef CROSS_WITH_LIBFUSECANON
    if (canon) {
        int res = fusecanon_client_recv(canon, msg, (size_t)n);
        if (res != FUSECANON_OK) {
            printf("INFO decoding the reply to opcode %u: %s\n", opcode, fusecanon_strerror(res));
            return;
        }
    }
#endif
    memcpy(&out, msg, sizeof(out));
    if (out.len != (uint32_t)n || out.unique != in.unique || (size_t)n - sizeof(out) > sizeof(r->body))
        return;
    r->ok = 1;
    r->error = out.error;
    r->body_len = (size_t)n - sizeof(out);
    memcpy(r->body, msg + sizeof(out), r->body_len);
}

static int init(uint32_t arch_id, char *detail, size_t len)
{
    struct fuse_init_in arg;
    memset(&arg, 0, sizeof(arg));
    arg.major = FUSE_KERNEL_VERSION;
    arg.minor = FUSE_KERNEL_MINOR_VERSION;
    arg.max_readahead = 131072;
    arg.flags = FUSE_ASYNC_READ | FUSE_POSIX_LOCKS | FUSE_ATOMIC_O_TRUNC | FUSE_BIG_WRITES | FUSE_INIT_EXT;
    arg.unused[ARCH_ID_WORD] = arch_id;
    struct reply r;
    call(FUSE_INIT, 0, &arg, sizeof(arg), NULL, &r);
    struct fuse_init_out out;
    if (!r.ok) {
        snprintf(detail, len, "no well-formed INIT reply (wrong byte order?)");
        return -1;
    }
    if (r.error != 0 || r.body_len < 8) {
        snprintf(detail, len, "INIT refused: error %d", r.error);
        return -1;
    }
    memset(&out, 0, sizeof(out));
    memcpy(&out, r.body, r.body_len < sizeof(out) ? r.body_len : sizeof(out));
    if (out.major != FUSE_KERNEL_VERSION) {
        snprintf(detail, len, "INIT reply major %u", out.major);
        return -1;
    }
#ifdef CROSS_WITH_LIBFUSECANON
    if (canon && fusecanon_session_mode(canon) != FUSECANON_MODE_CANONICAL) {
        snprintf(detail, len, "client session mode %d, not canonical: %s", fusecanon_session_mode(canon),
                 fusecanon_session_reason(canon));
        return -1;
    }
    if (canon) {
        snprintf(detail, len, "INIT ok: protocol 7.%u; client session: %s", out.minor,
                 fusecanon_session_reason(canon));
        return 0;
    }
#endif
    snprintf(detail, len, "INIT ok: protocol 7.%u", out.minor);
    return 0;
}

static uint64_t lookup(const char *name)
{
    struct reply r;
    call(FUSE_LOOKUP, FUSE_ROOT_ID, NULL, 0, name, &r);
    struct fuse_entry_out e;
    if (!r.ok || r.error != 0 || r.body_len < sizeof(e.nodeid))
        return 0;
    memcpy(&e.nodeid, r.body, sizeof(e.nodeid));
    return e.nodeid;
}

/* OPEN with open(2)-style flags; returns 0 and *fh, or the reply's error (negative), or 1 if no reply */
static int open_node(uint64_t nodeid, uint32_t flags, uint64_t *fh)
{
    struct fuse_open_in arg;
    memset(&arg, 0, sizeof(arg));
    arg.flags = flags;
    struct reply r;
    call(FUSE_OPEN, nodeid, &arg, sizeof(arg), NULL, &r);
    if (!r.ok)
        return 1;
    if (r.error != 0)
        return r.error;
    struct fuse_open_out out;
    if (r.body_len < sizeof(out))
        return 1;
    memcpy(&out, r.body, sizeof(out));
    *fh = out.fh;
    return 0;
}

static void release(uint64_t nodeid, uint64_t fh, uint32_t flags)
{
    struct fuse_release_in arg;
    memset(&arg, 0, sizeof(arg));
    arg.fh = fh;
    arg.flags = flags;
    struct reply r;
    call(FUSE_RELEASE, nodeid, &arg, sizeof(arg), NULL, &r);
}

static void lock_req(uint32_t opcode, uint64_t nodeid, uint64_t fh, uint64_t owner, uint32_t type, struct reply *r)
{
    struct fuse_lk_in arg;
    memset(&arg, 0, sizeof(arg));
    arg.fh = fh;
    arg.owner = owner;
    arg.lk.start = 0;
    arg.lk.end = INT64_MAX; /* OFFSET_MAX: to the end of the file */
    arg.lk.type = type;
    arg.lk.pid = (uint32_t)getpid();
    call(opcode, nodeid, &arg, sizeof(arg), NULL, r);
}

/* ---- the scenarios ----------------------------------------------------------------------------------- */

static void result(const char *name, int pass, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void result(const char *name, int pass, const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    printf("SCENARIO %s %s %s\n", name, pass ? "PASS" : "FAIL", detail);
}

/* the errno a reply carries, named in this toolchain's terms */
static const char *err_name(int32_t error)
{
    static char buf[32];
    if (error == 0)
        return "ok";
    const char *n = strerrorname_np(-error);
    if (n)
        return n;
    snprintf(buf, sizeof(buf), "errno %d", -error);
    return buf;
}

static const char *lock_name(uint32_t type)
{
    return type == (uint32_t)F_RDLCK ? "F_RDLCK" : type == (uint32_t)F_WRLCK ? "F_WRLCK"
         : type == (uint32_t)F_UNLCK ? "F_UNLCK" : "F_?";
}

/* expected failure: the reply carries exactly -expected in this toolchain's numbering */
static void expect_error(const char *scenario, int res, int expected, const char *what)
{
    if (res == 1)
        result(scenario, 0, "%s: no well-formed reply", what);
    else
        result(scenario, res == -expected, "%s -> %s (expected %s = %d)", what, res == 0 ? "ok" : err_name(res),
               strerrorname_np(expected), expected);
}

#define XATTR_NAME "user.canon"
#define XATTR_VALUE "fusecanon-value"

/* GETXATTR (name) or LISTXATTR (name NULL) with fuse_getxattr_in.size = size */
static void getxattr_req(uint64_t nodeid, const char *name, uint32_t size, struct reply *r)
{
    struct fuse_getxattr_in arg;
    memset(&arg, 0, sizeof(arg));
    arg.size = size;
    call(name ? FUSE_GETXATTR : FUSE_LISTXATTR, nodeid, &arg, sizeof(arg), name, r);
}

/* the size a size query answered, or -1 */
static long xattr_size(const struct reply *r)
{
    struct fuse_getxattr_out out;
    if (!r->ok || r->error != 0 || r->body_len != sizeof(out))
        return -1;
    memcpy(&out, r->body, sizeof(out));
    return out.size;
}

static void xattr_scenario(uint64_t nodeid)
{
    /* fuse_setxattr_in as a kernel sends it without FUSE_SETXATTR_EXT: size and flags (8 bytes), the name,
       then the value */
    unsigned char arg[8 + sizeof(XATTR_NAME) + sizeof(XATTR_VALUE)];
    uint32_t size = sizeof(XATTR_VALUE) - 1, flags = 0;
    memcpy(arg, &size, 4);
    memcpy(arg + 4, &flags, 4);
    memcpy(arg + 8, XATTR_NAME, sizeof(XATTR_NAME));
    memcpy(arg + 8 + sizeof(XATTR_NAME), XATTR_VALUE, size);
    struct reply set, gsize, gdata, lsize, ldata;
    call(FUSE_SETXATTR, nodeid, arg, 8 + sizeof(XATTR_NAME) + size, NULL, &set);
    getxattr_req(nodeid, XATTR_NAME, 0, &gsize);
    getxattr_req(nodeid, XATTR_NAME, 64, &gdata);
    getxattr_req(nodeid, NULL, 0, &lsize);
    getxattr_req(nodeid, NULL, 64, &ldata);
    long gs = xattr_size(&gsize), ls = xattr_size(&lsize);
    int got_value = gdata.ok && gdata.error == 0 && gdata.body_len == size && memcmp(gdata.body, XATTR_VALUE, size) == 0;
    int got_list = ldata.ok && ldata.error == 0 && ldata.body_len == sizeof(XATTR_NAME) &&
                   memcmp(ldata.body, XATTR_NAME, sizeof(XATTR_NAME)) == 0;
    int pass = set.ok && set.error == 0 && gs == (long)size && got_value && ls == (long)sizeof(XATTR_NAME) && got_list;
    result("xattr_sizes", pass, "setxattr -> %s; getxattr size query -> %ld (expected %u), value %s; "
           "listxattr size query -> %ld (expected %zu), list %s", set.ok ? err_name(set.error) : "no reply",
           gs, size, got_value ? "ok" : "wrong", ls, sizeof(XATTR_NAME), got_list ? "ok" : "wrong");
}

static void scenarios(void)
{
    const uint32_t largefile = cross_uapi_o_largefile; /* every open carries it, as the kernel sends it */
    uint64_t fh, fh2;
    int res;

    /* 1. open(O_DIRECT) on a regular file succeeds */
    uint64_t direct = lookup("direct");
    res = direct ? open_node(direct, O_RDONLY | O_DIRECT | largefile, &fh) : 1;
    if (res == 0)
        release(direct, fh, O_RDONLY | O_DIRECT | largefile);
    result("open_direct", res == 0, "open(\"direct\", O_RDONLY|O_DIRECT) -> %s",
           res == 1 ? "no reply" : err_name(res));

    /* 2. open(O_DIRECTORY) on a regular file: ENOTDIR */
    uint64_t plain = lookup("plain");
    res = plain ? open_node(plain, O_RDONLY | O_DIRECTORY | largefile, &fh) : 1;
    if (res == 0)
        release(plain, fh, O_RDONLY | O_DIRECTORY | largefile);
    expect_error("open_directory_enotdir", res, ENOTDIR, "open(\"plain\", O_RDONLY|O_DIRECTORY)");

    /* 3. open(O_NOFOLLOW) on a symlink: ELOOP */
    uint64_t link = lookup("link");
    res = link ? open_node(link, O_RDONLY | O_NOFOLLOW | largefile, &fh) : 1;
    if (res == 0)
        release(link, fh, O_RDONLY | O_NOFOLLOW | largefile);
    expect_error("open_nofollow_eloop", res, ELOOP, "open(\"link\", O_RDONLY|O_NOFOLLOW)");

    /* 4. create(O_CREAT|O_EXCL) of an existing file: EEXIST */
    struct fuse_create_in c;
    memset(&c, 0, sizeof(c));
    c.flags = O_WRONLY | O_CREAT | O_EXCL | largefile;
    c.mode = 0100644;
    c.umask = 022;
    struct reply r;
    call(FUSE_CREATE, FUSE_ROOT_ID, &c, sizeof(c), "exists", &r);
    expect_error("create_excl_eexist", r.ok ? r.error : 1, EEXIST, "create(\"exists\", O_WRONLY|O_CREAT|O_EXCL)");

    /* 5./6. two owners on "locks": SETLK F_RDLCK by one, GETLK F_WRLCK by the other reports F_RDLCK;
       SETLK F_WRLCK by the other would block: EAGAIN */
    uint64_t locks = lookup("locks");
    int r1 = locks ? open_node(locks, O_RDWR | largefile, &fh) : 1;
    int r2 = locks ? open_node(locks, O_RDWR | largefile, &fh2) : 1;
    if (r1 != 0 || r2 != 0) {
        result("getlk_reports_rdlck", 0, "open(\"locks\", O_RDWR) -> %s, %s", r1 == 1 ? "no reply" : err_name(r1),
               r2 == 1 ? "no reply" : err_name(r2));
        result("setlk_wouldblock_eagain", 0, "open(\"locks\", O_RDWR) failed");
    } else {
        const uint64_t owner1 = 0x1111, owner2 = 0x2222;
        struct reply s1, g, s2, un;
        lock_req(FUSE_SETLK, locks, fh, owner1, F_RDLCK, &s1);
        lock_req(FUSE_GETLK, locks, fh2, owner2, F_WRLCK, &g);
        struct fuse_lk_out lo;
        memset(&lo, 0, sizeof(lo));
        int got = g.ok && g.error == 0 && g.body_len >= sizeof(lo);
        if (got)
            memcpy(&lo, g.body, sizeof(lo));
        int pass = s1.ok && s1.error == 0 && got && lo.lk.type == (uint32_t)F_RDLCK;
        result("getlk_reports_rdlck", pass, "SETLK F_RDLCK -> %s; GETLK F_WRLCK -> %s, type %u = %s (F_RDLCK = %d)",
               s1.ok ? err_name(s1.error) : "no reply", g.ok ? err_name(g.error) : "no reply", lo.lk.type,
               lock_name(lo.lk.type), F_RDLCK);

        lock_req(FUSE_SETLK, locks, fh2, owner2, F_WRLCK, &s2);
        expect_error("setlk_wouldblock_eagain", s2.ok ? s2.error : 1, EAGAIN, "SETLK F_WRLCK by the other owner");

        lock_req(FUSE_SETLK, locks, fh, owner1, F_UNLCK, &un);
    }

    /* 7. POLL a regular file for POLLIN|POLLOUT|POLLRDNORM|POLLWRNORM: all of them are ready */
    if (r1 == 0) {
        struct fuse_poll_in p;
        memset(&p, 0, sizeof(p));
        p.fh = fh;
        p.events = POLL_MASK;
        call(FUSE_POLL, locks, &p, sizeof(p), NULL, &r);
        struct fuse_poll_out po;
        memset(&po, 0, sizeof(po));
        int got = r.ok && r.error == 0 && r.body_len >= sizeof(po);
        if (got)
            memcpy(&po, r.body, sizeof(po));
        result("poll_events", got && po.revents == POLL_MASK, "POLL events 0x%x -> %s, revents 0x%x",
               (unsigned)POLL_MASK, r.ok ? err_name(r.error) : "no reply", po.revents);
    } else {
        result("poll_events", 0, "open(\"locks\", O_RDWR) failed");
    }
    if (r1 == 0)
        release(locks, fh, O_RDWR | largefile);
    if (r2 == 0)
        release(locks, fh2, O_RDWR | largefile);

    /* 8. SETXATTR, then GETXATTR and LISTXATTR asking for the size (the reply is a struct fuse_getxattr_out,
       with a byte order) and for the bytes */
    xattr_scenario(plain);
}

static void usage(void)
{
#ifdef CROSS_WITH_LIBFUSECANON
    fprintf(stderr, "usage: cross_client --constants | --fd N --mode legacy|peer|canonical\n");
#else
    fprintf(stderr, "usage: cross_client --constants | --fd N --mode legacy|peer\n");
#endif
    exit(2);
}

int main(int argc, char **argv)
{
    const char *mode = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--constants") == 0) {
            print_constants();
            return 0;
        } else if (strcmp(argv[i], "--fd") == 0 && i + 1 < argc) {
            sock = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
            mode = argv[++i];
        } else {
            usage();
        }
    }
    int canonical = 0;
#ifdef CROSS_WITH_LIBFUSECANON
    canonical = mode && strcmp(mode, "canonical") == 0;
#endif
    if (sock < 0 || !mode || (strcmp(mode, "legacy") != 0 && strcmp(mode, "peer") != 0 && !canonical))
        usage();
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* a server that stops answering must not hang the test */
    struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

    struct utsname u;
    if (uname(&u) == -1) {
        perror("uname");
        return 1;
    }
    uint32_t arch_id = strcmp(mode, "peer") == 0 ? arch_id_of(u.machine) : 0; /* canonical: libfusecanon stamps */
    printf("INFO machine %s, %s-endian, arch_id 0x%08x%s, mode %s\n", u.machine, big_endian() ? "big" : "little",
           canonical ? arch_id_of(u.machine) : arch_id, canonical ? " (stamped by libfusecanon)" : "", mode);
#ifdef CROSS_WITH_LIBFUSECANON
    if (canonical) {
        /* local_arch 0: libfusecanon's own idea of this host (its arch_id goes into INIT) */
        struct fusecanon_config cfg = { .size = sizeof(cfg), .role = FUSECANON_ROLE_CLIENT,
                                        .wire = FUSECANON_WIRE_NEGOTIATE };
        int res = fusecanon_session_create(&cfg, &canon);
        if (res != FUSECANON_OK) {
            printf("INFO fusecanon_session_create: %s\n", fusecanon_strerror(res));
            return 1;
        }
        printf("INFO libfusecanon %s, host arch_id 0x%08x (%s), ours 0x%08x\n", fusecanon_version_string(),
               fusecanon_arch_host(), fusecanon_arch_name(fusecanon_arch_host()), arch_id_of(u.machine));
    }
#endif

    char detail[256];
    if (init(arch_id, detail, sizeof(detail)) != 0) {
        printf("INFO %s\n", detail);
        static const char *const all[] = { "open_direct", "open_directory_enotdir", "open_nofollow_eloop",
                                           "create_excl_eexist", "getlk_reports_rdlck", "setlk_wouldblock_eagain",
                                           "poll_events", "xattr_sizes" };
        for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
            result(all[k], 0, "%s", detail);
        printf("DONE\n");
        return 0;
    }
    printf("INFO %s\n", detail);
    scenarios();
    printf("DONE\n");
    return 0;
}
