/*
 * fusecanon_e2e_client / fusecanon_e2e_demo - an emulated foreign FUSE client.
 *
 * The client plays the FUSE kernel of a chosen architecture against fusecanon_e2e_server (a libfuse
 * passthrough filesystem over a real temporary directory) through a SOCK_SEQPACKET socket pair.  It speaks
 * that architecture's constants (from the generated tables, e2e_arch_values.h) in this host's byte order, and
 * checks every answer in its own terms.
 *
 * Client modes (how the client announces itself in INIT, starting from the INIT bytes a 6.18 kernel sent):
 *   canonical  a FuseCanon-enabled kernel: a client libfusecanon session stamps arch_id + canonical flag,
 *              encodes every request and decodes every reply
 *   peer       arch_id written into fuse_init_in, no flag: the kernel cannot translate, the server must
 *   legacy     arch_id 0, no flag (today's kernels); the server is told the arch out of band (peer_arch)
 * Servers:
 *   patched    libfuse 3.14 built with bindings/libfuse/patches (LD_LIBRARY_PATH), plain custom I/O;
 *              -o canon_arch (canonical, peer) or -o peer_arch=ARCH (legacy)
 *   adapter    Debian's libfuse3, bindings/libfuse adapter (zero patches)
 *   unpatched  Debian's libfuse3, plain custom I/O: the negative control
 *   patched318, adapter318, unpatched318
 *              the same three on upstream libfuse 3.18.2 (bindings/libfuse/patches-3.18): the server and the
 *              adapter compiled against 3.18.2's headers by the e2e.libfuse318_build fixture, run on its patched
 *              or unpatched library; exit 77 (skipped) when that fixture built nothing (no 3.18.2 tarball)
 *   external   any server program given with --server-cmd PATH, started like the others: PATH --fd 3 --root DIR
 *              --trace-fd 4, plus --peer-arch UNAME in legacy mode (e.g. the Rust example server of
 *              bindings/rust/fusecanon/examples/e2e_server)
 *
 * usage: fusecanon_e2e_client --arch UNAME --mode canonical|peer|legacy --server KIND (patched, adapter, ...)
 *                             [--expect-bug] [-v]
 *        fusecanon_e2e_client --arch UNAME --mode MODE --server-cmd PATH [-v]
 *        fusecanon_e2e_client --matrix [--server KIND]...   every arch x mode x server, one line each
 *        fusecanon_e2e_demo [--arch UNAME]                    the scenario-by-scenario demo
 *        fusecanon_e2e_client --bench [SECONDS]               requests/s, translation on vs off (scripts/bench.sh)
 * Env: FUSECANON_E2E_LIBFUSE_DIR = directory of the patched libfuse3.so.3 (default: the CMake build's);
 *      FUSECANON_E2E_LIBFUSE318_DIR = the 3.18.2 fixture's output directory (default: the CMake build's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fusecanon.h>

#include "e2e_arch_values.h"
#include "e2e_names.h"

#ifndef E2E_SERVER_PATH
#error E2E_SERVER_PATH must name the fusecanon_e2e_server binary
#endif
#ifndef E2E_PATCHED_LIBDIR
#define E2E_PATCHED_LIBDIR ""
#endif
#ifndef E2E_LIBFUSE318_DIR
#define E2E_LIBFUSE318_DIR ""
#endif
#ifndef E2E_FUSECANON_LIBDIR
#define E2E_FUSECANON_LIBDIR ""
#endif
#ifndef E2E_INIT_TEMPLATE
#error E2E_INIT_TEMPLATE must name native-tests/data/kernel-6.18-init-request.bin
#endif

enum mode { M_CANONICAL, M_PEER, M_LEGACY };
/* Each libfuse release has the three kinds in this order: patched, adapter, unpatched (see server_kind()). */
enum server { S_PATCHED, S_ADAPTER, S_UNPATCHED, S_PATCHED318, S_ADAPTER318, S_UNPATCHED318, S_EXTERNAL };
#define SERVER_KINDS S_EXTERNAL
static const char *mode_names[] = { "canonical", "peer", "legacy" };
static const char *server_names[] = { "patched",    "adapter",    "unpatched",
                                      "patched318", "adapter318", "unpatched318", "external" };
static const char *external_cmd; /* --server-cmd */

static int verbose;

/* ---- one step's record, for the checks and the demo ------------------------------------------------- */

#define MAX_STEPS 32
struct step {
    char asked[192];   /* what the client asked, in its own terms */
    char fs[256];      /* what reached the filesystem (server trace), in the server's terms */
    char got[192];     /* what the client got back, in its own terms */
    char want[192];
    int pass;
};

struct run {
    const struct e2e_arch_values *a;
    enum mode mode;
    enum server server;
    int sock;
    int trace;
    pid_t pid;
    char dir[256];
    char log[300];
    fusecanon_session *cs; /* client session (canonical mode) */
    int client_translates;
    uint64_t unique;
    uint32_t minor;
    struct step steps[MAX_STEPS];
    int nsteps;
    int failed;
    char fatal[256];
};

static const char *libfuse_dir(void)
{
    const char *d = getenv("FUSECANON_E2E_LIBFUSE_DIR");
    return d && *d ? d : E2E_PATCHED_LIBDIR;
}

static const char *libfuse318_dir(void)
{
    const char *d = getenv("FUSECANON_E2E_LIBFUSE318_DIR");
    return d && *d ? d : E2E_LIBFUSE318_DIR;
}

/* patched, adapter or unpatched, whatever the release */
static enum server server_kind(enum server s)
{
    return s == S_EXTERNAL ? S_EXTERNAL : (enum server)(s % 3);
}

static const char *server_program(enum server s, char *buf, size_t len)
{
    if (s == S_EXTERNAL)
        return external_cmd;
    if (s < S_PATCHED318)
        return E2E_SERVER_PATH;
    snprintf(buf, len, "%s/e2e-server", libfuse318_dir());
    return buf;
}

/* the directory of the libfuse3.so the server must run on ("" = the system's) */
static const char *server_libdir(enum server s, char *buf, size_t len)
{
    if (s == S_PATCHED)
        return libfuse_dir();
    if (s < S_PATCHED318 || s == S_EXTERNAL)
        return "";
    snprintf(buf, len, "%s/%s/meson/lib", libfuse318_dir(), s == S_PATCHED318 ? "canon" : "plain");
    return buf;
}

/* the server kind can run here: its program and library were built */
static int have_server(enum server s)
{
    char prog[512], dir[512], lib[600];
    if (s == S_EXTERNAL)
        return 1;
    if (access(server_program(s, prog, sizeof(prog)), X_OK) != 0)
        return 0;
    const char *d = server_libdir(s, dir, sizeof(dir));
    snprintf(lib, sizeof(lib), "%s/libfuse3.so", d); /* 3.14: libfuse3.so.3, 3.18: libfuse3.so.4 */
    return !*d || access(lib, R_OK) == 0;
}

static int have_patched_libfuse(void)
{
    return have_server(S_PATCHED);
}

/* ---- names in the client's terms -------------------------------------------------------------------- */

#define flag_names e2e_open_flag_names

static const char *errno_name(const struct e2e_arch_values *a, int err, char *buf, size_t len)
{
    static const char *names[E2E_E_COUNT] = { "ENOTDIR", "ELOOP", "EEXIST", "EAGAIN", "EIO", "ENOENT", "ENOSYS" };
    if (err == 0)
        return "0";
    for (int i = 0; i < E2E_E_COUNT; i++)
        if ((uint32_t)-err == a->e[i]) {
            snprintf(buf, len, "-%s", names[i]);
            return buf;
        }
    snprintf(buf, len, "-%d", -err);
    return buf;
}

static const char *lock_name(const struct e2e_arch_values *a, uint32_t t)
{
    return t == a->f[E2E_F_RDLCK] ? "F_RDLCK" : t == a->f[E2E_F_WRLCK] ? "F_WRLCK" : t == a->f[E2E_F_UNLCK] ? "F_UNLCK" : "?";
}

static void poll_names(const struct e2e_arch_values *a, uint32_t ev, char *buf, size_t len)
{
    static const char *names[E2E_POLL_COUNT] = { "POLLIN", "POLLOUT", "POLLRDNORM", "POLLWRNORM" };
    buf[0] = 0;
    uint32_t rest = ev;
    for (int i = 0; i < E2E_POLL_COUNT; i++) {
        if (a->poll[i] && (ev & a->poll[i]) == a->poll[i]) {
            if (buf[0])
                strncat(buf, "|", len - strlen(buf) - 1);
            strncat(buf, names[i], len - strlen(buf) - 1);
            rest &= ~a->poll[i];
        }
    }
    if (rest || !buf[0]) {
        char x[24];
        snprintf(x, sizeof(x), "%s0x%x", buf[0] ? "|" : "", rest);
        strncat(buf, x, len - strlen(buf) - 1);
    }
}

/* ---- server process ----------------------------------------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int start_server(struct run *r)
{
    snprintf(r->dir, sizeof(r->dir), "/tmp/fusecanon-e2e-XXXXXX");
    if (!mkdtemp(r->dir))
        return -1;
    char root[300], path[400];
    snprintf(root, sizeof(root), "%s/root", r->dir);
    snprintf(r->log, sizeof(r->log), "%s/server.log", r->dir);
    if (mkdir(root, 0755) == -1)
        return -1;
    snprintf(path, sizeof(path), "%s/file", root);
    if (write_file(path, "regular file\n") == -1)
        return -1;
    snprintf(path, sizeof(path), "%s/link", root);
    if (symlink("file", path) == -1)
        return -1;

    int sv[2], tp[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
        return -1;
    if (pipe2(tp, O_CLOEXEC) == -1)
        return -1;

    char *argv[16];
    int n = 0;
    char prog[512], libdir[512];
    argv[n++] = (char *)server_program(r->server, prog, sizeof(prog));
    const char *lib = server_libdir(r->server, libdir, sizeof(libdir));
    enum server kind = server_kind(r->server);
    argv[n++] = "--fd";
    argv[n++] = "3";
    argv[n++] = "--root";
    argv[n++] = root;
    argv[n++] = "--trace-fd";
    argv[n++] = "4";
    char peer_opt[64];
    if (kind == S_ADAPTER) {
        argv[n++] = "--adapter";
        if (r->mode == M_LEGACY) {
            argv[n++] = "--adapter-peer-arch";
            argv[n++] = (char *)r->a->uname;
        }
    } else if (kind == S_EXTERNAL) {
        if (r->mode == M_LEGACY) {
            argv[n++] = "--peer-arch";
            argv[n++] = (char *)r->a->uname;
        }
    } else if (kind == S_PATCHED) {
        argv[n++] = "--";
        if (r->mode == M_LEGACY) {
            snprintf(peer_opt, sizeof(peer_opt), "peer_arch=%s", r->a->uname);
            argv[n++] = "-o";
            argv[n++] = peer_opt;
        } else {
            argv[n++] = "-o";
            argv[n++] = "canon_arch";
        }
    }
    argv[n] = NULL;

    char ldpath[1200];
    if (*lib) {
        const char *old = getenv("LD_LIBRARY_PATH");
        snprintf(ldpath, sizeof(ldpath), "%s:%s%s%s", lib, E2E_FUSECANON_LIBDIR, old ? ":" : "", old ? old : "");
    }

    pid_t pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        int logfd = open(r->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (logfd >= 0) {
            dup2(logfd, 2);
            dup2(logfd, 1);
        }
        if (dup2(sv[1], 3) == -1 || dup2(tp[1], 4) == -1)
            _exit(127);
        if (*lib)
            setenv("LD_LIBRARY_PATH", ldpath, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    close(sv[1]);
    close(tp[1]);
    r->sock = sv[0];
    r->trace = tp[0];
    r->pid = pid;
    fcntl(r->trace, F_SETFL, O_NONBLOCK);
    return 0;
}

static void rm_rf(const char *dir)
{
    char cmd[400];
    if (strncmp(dir, "/tmp/fusecanon-e2e-", 19) != 0)
        return;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    (void)!system(cmd);
}

static void dump_log(const struct run *r)
{
    FILE *f = fopen(r->log, "r");
    if (!f)
        return;
    char line[512];
    fprintf(stderr, "---- server log (%s %s %s)\n", r->a->uname, mode_names[r->mode], server_names[r->server]);
    while (fgets(line, sizeof(line), f))
        fprintf(stderr, "| %s", line);
    fclose(f);
}

/* the server's one-line account of the INIT decision (libfuse's or the adapter's log) */
static void show_negotiation(const struct run *r)
{
    FILE *f = fopen(r->log, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof(line), f))
        if (strstr(line, "mode") || strstr(line, "fusecanon") || strstr(line, "fuse:"))
            printf("  server: %s", line);
    fclose(f);
}

static void stop_server(struct run *r)
{
    if (r->sock >= 0)
        close(r->sock);
    r->sock = -1;
    if (r->pid > 0) {
        int status;
        for (int i = 0; i < 200; i++) { /* 2 s for the loop to see EOF */
            if (waitpid(r->pid, &status, WNOHANG) == r->pid) {
                r->pid = 0;
                break;
            }
            usleep(10000);
        }
        if (r->pid > 0) {
            kill(r->pid, SIGKILL);
            waitpid(r->pid, &status, 0);
            r->pid = 0;
        }
    }
    if (r->trace >= 0)
        close(r->trace);
    r->trace = -1;
}

/* ---- talking FUSE ------------------------------------------------------------------------------------ */

static void read_trace(struct run *r, char *out, size_t len)
{
    out[0] = 0;
    char buf[1024];
    ssize_t n = read(r->trace, buf, sizeof(buf) - 1);
    if (n <= 0)
        return;
    buf[n] = 0;
    char *end = strrchr(buf, '\n');
    if (end)
        *end = 0;
    /* several lines (e.g. release): keep the last one */
    char *last = strrchr(buf, '\n');
    snprintf(out, len, "%s", last ? last + 1 : buf);
}

static int recv_timeout(int fd, void *buf, size_t len)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int res = poll(&p, 1, 5000);
    if (res <= 0)
        return -1;
    return (int)recv(fd, buf, len, 0);
}

/*
 * Sends one request (body in the client's terms) and waits for its reply.  Returns the reply's error (<= 0,
 * client's terms) or 1 on a transport failure (r->fatal says why); *out receives the reply body.
 */
static int fuse_call(struct run *r, uint32_t opcode, uint64_t nodeid, const void *body, size_t blen, void *out,
                     size_t outlen, size_t *got)
{
    unsigned char msg[512];
    struct fuse_in_header *in = (void *)msg;
    if (sizeof(*in) + blen > sizeof(msg)) {
        snprintf(r->fatal, sizeof(r->fatal), "request too long");
        return 1;
    }
    memset(in, 0, sizeof(*in));
    in->len = (uint32_t)(sizeof(*in) + blen);
    in->opcode = opcode;
    in->unique = (r->unique += 2);
    in->nodeid = nodeid;
    in->pid = 4242;
    memcpy(msg + sizeof(*in), body, blen);
    if (r->client_translates) {
        int res = fusecanon_request_encode(r->cs, msg, in->len);
        if (res != FUSECANON_OK) {
            snprintf(r->fatal, sizeof(r->fatal), "client: fusecanon_request_encode(opcode %u): %s", opcode,
                     fusecanon_error_name(res));
            return 1;
        }
    }
    if (send(r->sock, msg, in->len, MSG_NOSIGNAL) != (ssize_t)in->len) {
        snprintf(r->fatal, sizeof(r->fatal), "send: %s", strerror(errno));
        return 1;
    }
    unsigned char rep[8192];
    int n = recv_timeout(r->sock, rep, sizeof(rep));
    if (n < (int)sizeof(struct fuse_out_header)) {
        snprintf(r->fatal, sizeof(r->fatal), "no reply to opcode %u (server gone or silent)", opcode);
        return 1;
    }
    struct fuse_out_header *oh = (void *)rep;
    if (oh->unique != in->unique || oh->len != (uint32_t)n) {
        snprintf(r->fatal, sizeof(r->fatal), "bad reply header (unique %llu len %u)", (unsigned long long)oh->unique,
                 oh->len);
        return 1;
    }
    if (r->client_translates) {
        int res = fusecanon_reply_decode(r->cs, opcode, rep, (size_t)n);
        if (res != FUSECANON_OK) {
            snprintf(r->fatal, sizeof(r->fatal), "client: fusecanon_reply_decode(opcode %u): %s", opcode,
                     fusecanon_error_name(res));
            return 1;
        }
    }
    size_t bl = (size_t)n - sizeof(*oh);
    if (out) {
        memset(out, 0, outlen);
        memcpy(out, rep + sizeof(*oh), bl < outlen ? bl : outlen);
    }
    if (got)
        *got = bl;
    return oh->error;
}

static int fuse_init(struct run *r)
{
    unsigned char msg[256];
    FILE *f = fopen(E2E_INIT_TEMPLATE, "rb");
    if (!f) {
        snprintf(r->fatal, sizeof(r->fatal), "cannot read %s", E2E_INIT_TEMPLATE);
        return -1;
    }
    size_t len = fread(msg, 1, sizeof(msg), f);
    fclose(f);
    struct fuse_in_header *in = (void *)msg;
    struct fuse_init_in *arg = (void *)(msg + sizeof(*in));
    if (len != in->len || len < sizeof(*in) + sizeof(*arg) || in->opcode != FUSE_INIT) {
        snprintf(r->fatal, sizeof(r->fatal), "unexpected INIT template");
        return -1;
    }
    r->unique = in->unique;

    if (r->mode == M_CANONICAL) {
        struct fusecanon_config cfg;
        memset(&cfg, 0, sizeof(cfg));
        cfg.size = sizeof(cfg);
        cfg.role = FUSECANON_ROLE_CLIENT;
        cfg.local_arch = r->a->id;
        int res = fusecanon_session_create(&cfg, &r->cs);
        if (res == FUSECANON_OK)
            res = fusecanon_client_init_request(r->cs, msg, len);
        if (res != FUSECANON_OK) {
            snprintf(r->fatal, sizeof(r->fatal), "client session: %s", fusecanon_error_name(res));
            return -1;
        }
    } else if (r->mode == M_PEER) {
        /* the handshake without the library, as fusecanon.h documents the wire positions */
        arg->flags |= FUSE_INIT_EXT;
        arg->unused[FUSECANON_INIT_ARCH_WORD_DEFAULT] = fusecanon_arch_id_from_name(r->a->uname);
    }
    if (send(r->sock, msg, len, MSG_NOSIGNAL) != (ssize_t)len) {
        snprintf(r->fatal, sizeof(r->fatal), "send INIT: %s", strerror(errno));
        return -1;
    }
    unsigned char rep[256];
    int n = recv_timeout(r->sock, rep, sizeof(rep));
    if (n < (int)sizeof(struct fuse_out_header)) {
        snprintf(r->fatal, sizeof(r->fatal), "no INIT reply");
        return -1;
    }
    struct fuse_out_header *oh = (void *)rep;
    if (r->cs) {
        int res = fusecanon_client_init_reply(r->cs, rep, (size_t)n);
        if (res != FUSECANON_OK) {
            snprintf(r->fatal, sizeof(r->fatal), "fusecanon_client_init_reply: %s", fusecanon_error_name(res));
            return -1;
        }
        r->client_translates = fusecanon_session_mode(r->cs) == FUSECANON_MODE_CANONICAL;
    }
    if (oh->error != 0 || n < (int)(sizeof(*oh) + 24)) {
        snprintf(r->fatal, sizeof(r->fatal), "INIT failed: error %d", oh->error);
        return -1;
    }
    struct fuse_init_out *io = (void *)(rep + sizeof(*oh));
    r->minor = io->minor < 45 ? io->minor : 45;
    return 0;
}

/* ---- the scenarios ------------------------------------------------------------------------------------ */

static struct step *step_new(struct run *r)
{
    if (r->nsteps >= MAX_STEPS)
        return &r->steps[MAX_STEPS - 1];
    struct step *s = &r->steps[r->nsteps++];
    memset(s, 0, sizeof(*s));
    return s;
}

static void step_result(struct run *r, struct step *s, int pass)
{
    s->pass = pass;
    if (!pass)
        r->failed++;
    if (verbose)
        printf("  %-4s %s\n       fs: %s\n       got %s, want %s\n", pass ? "ok" : "FAIL", s->asked,
               s->fs[0] ? s->fs : "(nothing)", s->got, s->want);
}

/* Records an errno-only result (err in the client's terms); returns 1 if the transport failed. */
static int errno_step(struct run *r, struct step *s, int err, int want)
{
    char eb[32], wb[32];
    if (err > 0)
        return 1;
    read_trace(r, s->fs, sizeof(s->fs));
    snprintf(s->got, sizeof(s->got), "%s", errno_name(r->a, err, eb, sizeof(eb)));
    snprintf(s->want, sizeof(s->want), "%s", errno_name(r->a, want, wb, sizeof(wb)));
    step_result(r, s, err == want);
    return 0;
}

/* CREATE name in the root directory */
static int create_call(struct run *r, const char *name, uint32_t flags, void *out, size_t outlen)
{
    unsigned char body[64];
    struct fuse_create_in ci = { .flags = flags, .mode = S_IFREG | 0644, .umask = 022 };
    size_t n = strlen(name) + 1;
    memcpy(body, &ci, sizeof(ci));
    memcpy(body + sizeof(ci), name, n);
    return fuse_call(r, FUSE_CREATE, FUSE_ROOT_ID, body, sizeof(ci) + n, out, outlen, NULL);
}

static uint64_t lookup(struct run *r, const char *name)
{
    struct fuse_entry_out e;
    int err = fuse_call(r, FUSE_LOOKUP, FUSE_ROOT_ID, name, strlen(name) + 1, &e, sizeof(e), NULL);
    return err == 0 ? e.nodeid : 0;
}

static int do_open(struct run *r, uint64_t node, const char *name, uint32_t flags, uint64_t *fh, int want,
                   const char *what)
{
    struct step *s = step_new(r);
    char fl[160];
    flag_names(r->a, flags, fl, sizeof(fl));
    snprintf(s->asked, sizeof(s->asked), "%s open(\"%s\", %s = 0x%x)%s", r->a->uname, name, fl, flags, what);
    struct fuse_open_in oi = { .flags = flags };
    struct fuse_open_out oo;
    int err = fuse_call(r, FUSE_OPEN, node, &oi, sizeof(oi), &oo, sizeof(oo), NULL);
    if (errno_step(r, s, err, want))
        return err;
    if (err == 0 && fh)
        *fh = oo.fh;
    else if (err == 0) {
        struct fuse_release_in ri = { .fh = oo.fh, .flags = flags };
        (void)fuse_call(r, FUSE_RELEASE, node, &ri, sizeof(ri), NULL, 0, NULL);
    }
    return err;
}

static int release(struct run *r, uint64_t node, uint64_t fh, uint32_t flags)
{
    struct fuse_release_in ri = { .fh = fh, .flags = flags };
    return fuse_call(r, FUSE_RELEASE, node, &ri, sizeof(ri), NULL, 0, NULL);
}

static int lk(struct run *r, uint32_t opcode, uint64_t node, uint64_t fh, uint64_t owner, uint32_t type,
              uint32_t *out_type)
{
    struct fuse_lk_in li;
    memset(&li, 0, sizeof(li));
    li.fh = fh;
    li.owner = owner;
    li.lk.start = 0;
    li.lk.end = 99;
    li.lk.type = type;
    li.lk.pid = 4242;
    struct fuse_lk_out lo;
    int err = fuse_call(r, opcode, node, &li, sizeof(li), &lo, sizeof(lo), NULL);
    if (out_type)
        *out_type = lo.lk.type;
    return err;
}

static void run_scenarios(struct run *r)
{
    const struct e2e_arch_values *a = r->a;
    uint32_t lf = a->o[E2E_O_LARGEFILE]; /* 64-bit kernels add O_LARGEFILE to every open */
    int ENOTDIR_ = -(int)a->e[E2E_ENOTDIR], ELOOP_ = -(int)a->e[E2E_ELOOP], EEXIST_ = -(int)a->e[E2E_EEXIST],
        EAGAIN_ = -(int)a->e[E2E_EAGAIN];
    char eb[32];

    uint64_t file = lookup(r, "file");
    uint64_t link = lookup(r, "link");
    if (!file || !link) {
        if (!r->fatal[0])
            snprintf(r->fatal, sizeof(r->fatal), "LOOKUP failed");
        return;
    }

    /* 1-3: open flags */
    if (do_open(r, file, "file", a->o[E2E_O_RDONLY] | a->o[E2E_O_DIRECT] | lf, NULL, 0, "") > 0)
        return;
    if (do_open(r, file, "file", a->o[E2E_O_RDONLY] | a->o[E2E_O_DIRECTORY] | lf, NULL, ENOTDIR_, "") > 0)
        return;
    if (do_open(r, link, "link", a->o[E2E_O_RDONLY] | a->o[E2E_O_NOFOLLOW] | lf, NULL, ELOOP_, "") > 0)
        return;

    /* 4: O_CREAT|O_EXCL on an existing file */
    {
        struct step *s = step_new(r);
        uint32_t flags = a->o[E2E_O_RDWR] | a->o[E2E_O_CREAT] | a->o[E2E_O_EXCL] | lf;
        char fl[160];
        flag_names(a, flags, fl, sizeof(fl));
        snprintf(s->asked, sizeof(s->asked), "%s create(\"file\", %s = 0x%x)", a->uname, fl, flags);
        unsigned char out[256];
        if (errno_step(r, s, create_call(r, "file", flags, out, sizeof(out)), EEXIST_))
            return;
    }

    /* 5: create a new file, write, read back */
    {
        struct step *s = step_new(r);
        uint32_t flags = a->o[E2E_O_RDWR] | a->o[E2E_O_CREAT] | a->o[E2E_O_EXCL] | lf;
        char fl[160];
        flag_names(a, flags, fl, sizeof(fl));
        snprintf(s->asked, sizeof(s->asked), "%s create(\"new\", %s = 0x%x) + write + read", a->uname, fl, flags);
        struct {
            struct fuse_entry_out e;
            struct fuse_open_out o;
        } out;
        int err = create_call(r, "new", flags, &out, sizeof(out));
        if (err > 0)
            return;
        read_trace(r, s->fs, sizeof(s->fs));
        char data[64] = "";
        if (err == 0) {
            unsigned char wbody[128];
            struct fuse_write_in wi = { .fh = out.o.fh, .offset = 0, .size = 6, .flags = a->o[E2E_O_RDWR] | lf };
            memcpy(wbody, &wi, sizeof(wi));
            memcpy(wbody + sizeof(wi), "hello", 6);
            struct fuse_write_out wo;
            err = fuse_call(r, FUSE_WRITE, out.e.nodeid, wbody, sizeof(wi) + 6, &wo, sizeof(wo), NULL);
            if (err == 0) {
                struct fuse_read_in ri = { .fh = out.o.fh, .offset = 0, .size = 64, .flags = a->o[E2E_O_RDWR] | lf };
                size_t got = 0;
                err = fuse_call(r, FUSE_READ, out.e.nodeid, &ri, sizeof(ri), data, sizeof(data) - 1, &got);
            }
            if (err <= 0)
                (void)release(r, out.e.nodeid, out.o.fh, flags);
            if (err > 0)
                return;
        }
        snprintf(s->got, sizeof(s->got), "%s, read \"%.10s\"", errno_name(a, err, eb, sizeof(eb)), data);
        snprintf(s->want, sizeof(s->want), "0, read \"hello\"");
        step_result(r, s, err == 0 && strcmp(data, "hello") == 0);
    }

    /* 6: locks between two owners */
    uint64_t fh1 = 0, fh2 = 0;
    uint32_t rw = a->o[E2E_O_RDWR] | lf;
    if (do_open(r, file, "file", rw, &fh1, 0, " [lock owner 1]") != 0)
        return;
    if (do_open(r, file, "file", rw, &fh2, 0, " [lock owner 2]") != 0)
        return;
    {
        struct step *s = step_new(r);
        snprintf(s->asked, sizeof(s->asked), "%s owner 1: SETLK(F_RDLCK = %u)", a->uname, a->f[E2E_F_RDLCK]);
        if (errno_step(r, s, lk(r, FUSE_SETLK, file, fh1, 1, a->f[E2E_F_RDLCK], NULL), 0))
            return;
    }
    {
        struct step *s = step_new(r);
        snprintf(s->asked, sizeof(s->asked), "%s owner 2: GETLK(F_WRLCK = %u)", a->uname, a->f[E2E_F_WRLCK]);
        uint32_t type = 0xffff;
        int err = lk(r, FUSE_GETLK, file, fh2, 2, a->f[E2E_F_WRLCK], &type);
        if (err > 0)
            return;
        read_trace(r, s->fs, sizeof(s->fs));
        snprintf(s->got, sizeof(s->got), "%s, held %s = %u", errno_name(a, err, eb, sizeof(eb)), lock_name(a, type), type);
        snprintf(s->want, sizeof(s->want), "0, held F_RDLCK = %u", a->f[E2E_F_RDLCK]);
        step_result(r, s, err == 0 && type == a->f[E2E_F_RDLCK]);
    }
    {
        struct step *s = step_new(r);
        snprintf(s->asked, sizeof(s->asked), "%s owner 2: SETLK(F_WRLCK = %u), would block", a->uname,
                 a->f[E2E_F_WRLCK]);
        if (errno_step(r, s, lk(r, FUSE_SETLK, file, fh2, 2, a->f[E2E_F_WRLCK], NULL), EAGAIN_))
            return;
    }
    {
        struct step *s = step_new(r);
        snprintf(s->asked, sizeof(s->asked), "%s owner 1: SETLK(F_UNLCK = %u), then owner 2: GETLK(F_WRLCK)",
                 a->uname, a->f[E2E_F_UNLCK]);
        int err = lk(r, FUSE_SETLK, file, fh1, 1, a->f[E2E_F_UNLCK], NULL);
        uint32_t type = 0xffff;
        if (err == 0)
            err = lk(r, FUSE_GETLK, file, fh2, 2, a->f[E2E_F_WRLCK], &type);
        if (err > 0)
            return;
        read_trace(r, s->fs, sizeof(s->fs));
        snprintf(s->got, sizeof(s->got), "%s, %s = %u", errno_name(a, err, eb, sizeof(eb)), lock_name(a, type), type);
        snprintf(s->want, sizeof(s->want), "0, F_UNLCK = %u", a->f[E2E_F_UNLCK]);
        step_result(r, s, err == 0 && type == a->f[E2E_F_UNLCK]);
    }

    /* 7: poll */
    {
        struct step *s = step_new(r);
        uint32_t ev = a->poll[E2E_POLLIN] | a->poll[E2E_POLLOUT] | a->poll[E2E_POLLRDNORM] | a->poll[E2E_POLLWRNORM];
        char pn[128], gn[128];
        poll_names(a, ev, pn, sizeof(pn));
        snprintf(s->asked, sizeof(s->asked), "%s poll(%s = 0x%x)", a->uname, pn, ev);
        struct fuse_poll_in pi = { .fh = fh1, .events = ev };
        struct fuse_poll_out po = { 0 };
        int err = fuse_call(r, FUSE_POLL, file, &pi, sizeof(pi), &po, sizeof(po), NULL);
        if (err > 0)
            return;
        read_trace(r, s->fs, sizeof(s->fs));
        poll_names(a, po.revents, gn, sizeof(gn));
        snprintf(s->got, sizeof(s->got), "%s, revents %s", errno_name(a, err, eb, sizeof(eb)), gn);
        snprintf(s->want, sizeof(s->want), "0, revents %s", pn);
        step_result(r, s, err == 0 && po.revents == ev);
    }
    (void)release(r, file, fh1, rw);
    (void)release(r, file, fh2, rw);

    /* 8: execve: the kernel opens with O_RDONLY|__FMODE_EXEC|O_LARGEFILE (a kernel-internal bit) and sends the
     * same f_flags in the READs and the RELEASE of that file */
    {
        struct step *s = step_new(r);
        uint32_t flags = a->o[E2E_O_RDONLY] | a->o[E2E_O_FMODE_EXEC] | lf;
        char fl[160];
        flag_names(a, flags, fl, sizeof(fl));
        snprintf(s->asked, sizeof(s->asked), "%s execve(\"file\"): open(%s = 0x%x) + read + release", a->uname, fl, flags);
        struct fuse_open_in oi = { .flags = flags };
        struct fuse_open_out oo;
        int err = fuse_call(r, FUSE_OPEN, file, &oi, sizeof(oi), &oo, sizeof(oo), NULL);
        if (err > 0)
            return;
        read_trace(r, s->fs, sizeof(s->fs));
        char data[64] = "";
        size_t got = 0;
        if (err == 0) {
            struct fuse_read_in ri = { .fh = oo.fh, .offset = 0, .size = 16, .flags = flags };
            err = fuse_call(r, FUSE_READ, file, &ri, sizeof(ri), data, sizeof(data) - 1, &got);
            int rel = release(r, file, oo.fh, flags);
            if (err > 0 || rel > 0)
                return;
            if (err == 0)
                err = rel;
        }
        snprintf(s->got, sizeof(s->got), "%s, read %zu bytes", errno_name(a, err, eb, sizeof(eb)), got);
        snprintf(s->want, sizeof(s->want), "0, read > 0 bytes");
        step_result(r, s, err == 0 && got > 0);
    }
}

static int run_one(struct run *r)
{
    r->sock = r->trace = -1;
    if (start_server(r) == -1) {
        snprintf(r->fatal, sizeof(r->fatal), "cannot start the server: %s", strerror(errno));
        return -1;
    }
    if (fuse_init(r) == 0)
        run_scenarios(r);
    stop_server(r);
    if (r->fatal[0] || (verbose && r->failed))
        dump_log(r);
    else if (verbose)
        show_negotiation(r);
    rm_rf(r->dir);
    fusecanon_session_destroy(r->cs);
    r->cs = NULL;
    return r->fatal[0] ? -1 : 0;
}

static const struct e2e_arch_values *find_arch(const char *name)
{
    for (size_t i = 0; i < E2E_ARCH_COUNT; i++)
        if (strcmp(e2e_arches[i].uname, name) == 0)
            return &e2e_arches[i];
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the demo ----------------------------------------------------------------------------------------- */

static int demo(const char *arch)
{
    const struct e2e_arch_values *a = find_arch(arch);
    if (!a) {
        fprintf(stderr, "unknown arch %s\n", arch);
        return 2;
    }
    int patched = have_patched_libfuse();
    static struct run without, with_adapter, with_patched;
    memset(&without, 0, sizeof(without));
    without.a = with_adapter.a = with_patched.a = a;
    without.mode = M_CANONICAL;
    without.server = S_UNPATCHED;
    with_adapter.mode = M_CANONICAL;
    with_adapter.server = S_ADAPTER;
    with_patched.mode = M_CANONICAL;
    with_patched.server = S_PATCHED;

    printf("FuseCanon end-to-end demo: an emulated %s FUSE kernel (a FuseCanon-enabled one: it offers its arch_id\n"
           "and the canonical flag in INIT) talks to a libfuse passthrough filesystem on this x86_64 host.\n"
           "  without FuseCanon: Debian's libfuse %s, unmodified; the client falls back to its native constants\n"
           "  with FuseCanon:    the same Debian libfuse behind the zero-patch adapter (bindings/libfuse)%s\n\n",
           a->uname, "3.14", patched ? ",\n                     and libfuse 3.14 built with bindings/libfuse/patches" : "");
    run_one(&without);
    run_one(&with_adapter);
    if (patched)
        run_one(&with_patched);
    int n = without.nsteps > with_adapter.nsteps ? without.nsteps : with_adapter.nsteps;
    for (int i = 0; i < n; i++) {
        const struct step *w = i < without.nsteps ? &without.steps[i] : NULL;
        const struct step *c = i < with_adapter.nsteps ? &with_adapter.steps[i] : NULL;
        const struct step *p = patched && i < with_patched.nsteps ? &with_patched.steps[i] : NULL;
        printf("%d. %s\n", i + 1, c ? c->asked : w->asked);
        if (w)
            printf("   without FuseCanon: fs got %s\n                      client sees %s   %s (want %s)\n",
                   w->fs[0] ? w->fs + 3 : "(nothing)", w->got, w->pass ? "ok " : "BUG", w->want);
        if (c)
            printf("   with FuseCanon:    fs got %s\n                      client sees %s   %s\n",
                   c->fs[0] ? c->fs + 3 : "(nothing)", c->got, c->pass ? "ok" : "FAIL");
        if (p)
            printf("   patched libfuse:   client sees %s   %s\n", p->got, p->pass ? "ok" : "FAIL");
    }
    for (int k = 0; k < 3; k++) {
        struct run *r = k == 0 ? &without : k == 1 ? &with_adapter : &with_patched;
        if (r->fatal[0])
            printf("(%s: %s)\n", server_names[r->server], r->fatal);
    }
    int ok = !with_adapter.fatal[0] && !with_adapter.failed && (!patched || (!with_patched.fatal[0] && !with_patched.failed));
    printf("\nwithout FuseCanon: %d of %d steps wrong; with FuseCanon: %d wrong%s.\n", without.failed,
           without.nsteps, with_adapter.failed + (patched ? with_patched.failed : 0),
           patched ? " (adapter and patched libfuse)" : " (patched libfuse not built: see native-tests/e2e/README)");
    return ok ? 0 : 1;
}

/* ---- main ---------------------------------------------------------------------------------------------- */

static int parse_mode(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, mode_names[i]) == 0)
            return i;
    return -1;
}

static int parse_server(const char *s)
{
    for (int i = 0; i < SERVER_KINDS; i++)
        if (strcmp(s, server_names[i]) == 0)
            return i;
    return -1;
}

/* ---- --bench: requests per second with translation on and off --------------------------------------- */

/* CPU seconds (user + system, all threads) a process has used so far, from /proc/PID/stat. */
static double proc_cpu_seconds(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the command name may hold spaces; fields 3.. follow its ')' */
    unsigned long long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct bench_result {
    double rps;     /* requests per wall-clock second */
    double rp_cpu;  /* requests per CPU second of client + server: steadier on a shared machine */
};

/* One configuration for `seconds`: after INIT and one OPEN, rounds of READ 4 KiB (open flags in
 * fuse_read_in), LOOKUP of a missing name (an errno reply) and GETATTR.  rps < 0 on failure. */
static struct bench_result bench_rps(const char *arch, int mode, int server, double seconds)
{
    static struct run r;
    memset(&r, 0, sizeof(r));
    r.a = find_arch(arch);
    r.mode = mode;
    r.server = server;
    r.sock = r.trace = -1;
    struct bench_result res = { -1, -1 };
    if (!r.a || start_server(&r) == -1)
        return res;
    uint64_t file;
    struct fuse_open_in oi = { .flags = r.a->o[E2E_O_RDONLY] | r.a->o[E2E_O_LARGEFILE] };
    struct fuse_open_out oo;
    char tr[256];
    if (fuse_init(&r) == 0 && (file = lookup(&r, "file")) != 0 &&
        fuse_call(&r, FUSE_OPEN, file, &oi, sizeof(oi), &oo, sizeof(oo), NULL) == 0) {
        read_trace(&r, tr, sizeof(tr)); /* the one traced call: keep the trace pipe empty */
        long n = 0;
        int bad = 0;
        double t0 = now(), t, c0 = self_cpu_seconds() + proc_cpu_seconds(r.pid);
        do {
            for (int k = 0; k < 64 && !bad; k++) {
                struct fuse_read_in ri = { .fh = oo.fh, .size = 4096, .flags = oi.flags };
                struct fuse_getattr_in gi = { 0 };
                char buf[4096];
                bad |= fuse_call(&r, FUSE_READ, file, &ri, sizeof(ri), buf, sizeof(buf), NULL) != 0;
                bad |= fuse_call(&r, FUSE_LOOKUP, FUSE_ROOT_ID, "missing", 8, buf, sizeof(buf), NULL) !=
                       -(int)r.a->e[E2E_ENOENT];
                bad |= fuse_call(&r, FUSE_GETATTR, file, &gi, sizeof(gi), buf, sizeof(buf), NULL) != 0;
                n += 3;
            }
        } while (!bad && (t = now()) - t0 < seconds);
        double c1 = self_cpu_seconds() + proc_cpu_seconds(r.pid);
        if (!bad) {
            res.rps = (double)n / (t - t0);
            res.rp_cpu = c1 > c0 ? (double)n / (c1 - c0) : -1;
        }
    }
    stop_server(&r);
    if (r.fatal[0])
        fprintf(stderr, "bench %s %s %s: %s\n", arch, mode_names[mode], server_names[server], r.fatal);
    rm_rf(r.dir);
    fusecanon_session_destroy(r.cs);
    r.cs = NULL;
    return res;
}

static void sort_doubles(double *v, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (v[j] < v[i]) {
                double x = v[i];
                v[i] = v[j];
                v[j] = x;
            }
}

/* --bench [SECONDS]: translation off (x86_64 client, adapter: the library is there, validates, has nothing to
 * translate), on (aarch64 client, adapter: the server translates in peer mode, the client in canonical mode),
 * and no FuseCanon at all (x86_64 client, unmodified libfuse with plain custom I/O, another I/O path).  Runs are
 * interleaved, 5 rounds; the median of each is printed as "bench_rps NAME RPS RP_CPU" (for scripts/bench.sh). */
static int bench(double seconds)
{
    static const struct { const char *name, *arch; int mode, server; } cfgs[] = {
        { "off_adapter_x86_64", "x86_64", M_CANONICAL, S_ADAPTER },
        { "on_adapter_aarch64_peer", "aarch64", M_PEER, S_ADAPTER },
        { "on_adapter_aarch64_canonical", "aarch64", M_CANONICAL, S_ADAPTER },
        { "none_unpatched_x86_64", "x86_64", M_LEGACY, S_UNPATCHED },
    };
    enum { NCFG = sizeof(cfgs) / sizeof(cfgs[0]), ROUNDS = 5 };
    double rps[NCFG][ROUNDS], cpu[NCFG][ROUNDS];
    for (int k = 0; k < ROUNDS; k++)
        for (int c = 0; c < NCFG; c++) {
            struct bench_result b = bench_rps(cfgs[c].arch, cfgs[c].mode, cfgs[c].server, seconds);
            if (b.rps < 0)
                return 1;
            rps[c][k] = b.rps;
            cpu[c][k] = b.rp_cpu;
        }
    for (int c = 0; c < NCFG; c++) {
        sort_doubles(rps[c], ROUNDS);
        sort_doubles(cpu[c], ROUNDS);
        printf("bench_rps %s %.0f %.0f\n", cfgs[c].name, rps[c][ROUNDS / 2], cpu[c][ROUNDS / 2]);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *arch = NULL;
    int mode = M_CANONICAL, server = -1, expect_bug = 0, matrix = 0, demo_mode = 0;
#ifdef E2E_DEMO
    demo_mode = 1;
#endif
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--arch") && i + 1 < argc)
            arch = argv[++i];
        else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
            mode = parse_mode(argv[++i]);
        else if (!strcmp(argv[i], "--server") && i + 1 < argc)
            server = parse_server(argv[++i]);
        else if (!strcmp(argv[i], "--server-cmd") && i + 1 < argc) {
            external_cmd = argv[++i];
            server = S_EXTERNAL;
        }
        else if (!strcmp(argv[i], "--expect-bug"))
            expect_bug = 1;
        else if (!strcmp(argv[i], "--matrix"))
            matrix = 1;
        else if (!strcmp(argv[i], "--demo"))
            demo_mode = 1;
        else if (!strcmp(argv[i], "-v"))
            verbose = 1;
        else if (!strcmp(argv[i], "--bench"))
            return bench(i + 1 < argc ? atof(argv[i + 1]) : 1.0);
        else {
            fprintf(stderr, "usage: see the comment at the top of native-tests/e2e/e2e_client.c\n");
            return 2;
        }
    }
    if (mode < 0) {
        fprintf(stderr, "bad --mode\n");
        return 2;
    }
    if (demo_mode)
        return demo(arch ? arch : "aarch64");

    if (matrix) {
        static const char *arches[] = { "aarch64", "ppc64le", "mips64", "sparc64", "alpha", "parisc", "x86_64" };
        int bad = 0;
        for (int s = 0; s < SERVER_KINDS; s++) {
            if (server >= 0 ? s != server : server_kind(s) == S_UNPATCHED)
                continue;
            if (!have_server(s)) {
                printf("%s server not built: skipping\n", server_names[s]);
                continue;
            }
            for (size_t k = 0; k < sizeof(arches) / sizeof(arches[0]); k++)
                for (int m = 0; m < 3; m++) {
                    static struct run r;
                    memset(&r, 0, sizeof(r));
                    r.a = find_arch(arches[k]);
                    r.mode = m;
                    r.server = s;
                    double t0 = now();
                    run_one(&r);
                    int ok = !r.fatal[0] && !r.failed && r.nsteps > 0;
                    bad += !ok;
                    printf("%-8s %-9s %-9s %2d/%2d steps ok  %5.0f ms  %s%s\n", arches[k], mode_names[m], server_names[s],
                           r.nsteps - r.failed, r.nsteps, (now() - t0) * 1000, ok ? "PASS" : "FAIL ", r.fatal);
                }
        }
        return bad ? 1 : 0;
    }

    if (!arch || server < 0) {
        fprintf(stderr, "--arch and --server are required\n");
        return 2;
    }
    static struct run r;
    r.a = find_arch(arch);
    if (!r.a) {
        fprintf(stderr, "unknown arch %s\n", arch);
        return 2;
    }
    r.mode = mode;
    r.server = server;
    if (server == S_PATCHED && !have_patched_libfuse()) {
        fprintf(stderr, "patched libfuse not found in %s (build it: native-tests/e2e/build-libfuse.sh)\n", libfuse_dir());
        return 1;
    }
    if (server >= S_PATCHED318 && server < S_EXTERNAL && !have_server(server)) {
        /* no 3.18.2 tarball: the fixture built nothing, which it reported; skip rather than fail */
        printf("%s: libfuse 3.18.2 not built in %s (no tarball, see e2e.libfuse318_build): skipped\n",
               server_names[server], libfuse318_dir());
        return 77;
    }
    if (!expect_bug)
        verbose = 1;
    printf("%s client, %s mode, %s server\n", arch, mode_names[mode], server_names[server]);
    double t0 = now();
    run_one(&r);
    if (r.fatal[0]) {
        printf("FATAL: %s\n", r.fatal);
        return 1;
    }
    if (expect_bug) {
        /* the negative control: the first step (O_DIRECT on a regular file) must fail with ENOTDIR */
        const struct step *s = &r.steps[0];
        char want[32];
        errno_name(r.a, -(int)r.a->e[E2E_ENOTDIR], want, sizeof(want));
        int reproduced = r.nsteps > 0 && strcmp(s->got, want) == 0;
        printf("  %s\n       fs: %s\n       got %s: the bug is %s\n", s->asked, s->fs, s->got,
               reproduced ? "reproduced (as expected without FuseCanon)" : "NOT reproduced");
        return reproduced ? 0 : 1;
    }
    printf("%d/%d steps ok in %.0f ms\n", r.nsteps - r.failed, r.nsteps, (now() - t0) * 1000);
    return r.failed || r.nsteps == 0 ? 1 : 0;
}
