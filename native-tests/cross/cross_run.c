/*
 * cross_run - runs cross_client (built per architecture by Debian's cross compilers, executed by
 * qemu-<arch>-static -L /usr/<triplet>) against the x86-64 libfuse passthrough server fusecanon_e2e_server
 * over a SOCK_SEQPACKET socket pair, and judges every scenario.
 *
 * A scenario passes when the client saw the answer its own constants predict (cross_client.c) AND every
 * value it put on the wire reached the filesystem as this host's equivalent (the server's trace: open flags,
 * lock types, poll events in x86-64 terms).  The expected outcome of each run is predicted from the
 * constants alone (both sides print them: cross_client --constants, run natively for the host):
 *   translating server (adapter or patched libfuse), client sends arch_id, or server told peer_arch: all pass;
 *   translating server, legacy client, no peer_arch: byte order is fixed, constants are not: a scenario fails
 *     exactly when one of the values it uses differs from x86-64's;
 *   no translation (Debian's libfuse, or the patched one without canon options): as above, and a
 *     big-endian client fails everything.
 *
 * usage: cross_run --bin-dir DIR --server-path PATH --patched-libdir DIR --fusecanon-libdir DIR
 *                  [--arch NAME]... (--matrix | --off-matrix | --canonical) [-v]
 *   --matrix      translating configurations: adapter and patched x legacy, legacy+peer_arch, peer
 *   --off-matrix  no translation: unpatched libfuse and patched libfuse without options (client in peer mode)
 *   --canonical   FuseCanon-enabled clients (cross_client-<arch>-canonical, linked with libfusecanon published
 *                 for that arch; default arch aarch64): adapter and patched (-o canon_arch) x canonical client.
 *                 Everything must pass, the client session must end in canonical mode, and the server's log
 *                 must report canonical mode (libfusecanon's session reason, logged by the adapter and the
 *                 patched libfuse).
 * Prints the table, and exits 1 if any run differs from its prediction.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct arch {
    const char *name;    /* column name, and the cross_client-<name> binary */
    const char *qemu;    /* qemu-<qemu>-static; NULL: native */
    const char *triplet; /* -L /usr/<triplet> */
};

static const struct arch arches[] = {
    { "x86_64", NULL, NULL },
    { "aarch64", "aarch64", "aarch64-linux-gnu" },
    { "ppc64le", "ppc64le", "powerpc64le-linux-gnu" },
    { "ppc64", "ppc64", "powerpc64-linux-gnu" },
    { "s390x", "s390x", "s390x-linux-gnu" },
    { "mips64el", "mips64el", "mips64el-linux-gnuabi64" },
    { "sparc64", "sparc64", "sparc64-linux-gnu" },
    { "alpha", "alpha", "alpha-linux-gnu" },
    { "hppa", "hppa", "hppa-linux-gnu" },
};
#define N_ARCH (sizeof(arches) / sizeof(arches[0]))

enum { K_O_RDONLY, K_O_WRONLY, K_O_RDWR, K_O_CREAT, K_O_EXCL, K_O_DIRECT, K_O_DIRECTORY, K_O_NOFOLLOW,
       K_O_LARGEFILE, K_ENOTDIR, K_ELOOP, K_EEXIST, K_EAGAIN, K_F_RDLCK, K_F_WRLCK, K_F_UNLCK, K_POLL_MASK,
       K_BIG_ENDIAN, N_CONST };
static const char *const const_names[N_CONST] = {
    "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW",
    "O_LARGEFILE", "ENOTDIR", "ELOOP", "EEXIST", "EAGAIN", "F_RDLCK", "F_WRLCK", "F_UNLCK", "POLL_MASK",
    "big_endian" };

struct consts {
    int have;
    char machine[64];
    unsigned long v[N_CONST];
};

enum { SC_DIRECT, SC_DIRECTORY, SC_NOFOLLOW, SC_EXCL, SC_GETLK, SC_EAGAIN, SC_POLL, SC_XATTR, N_SC };
static const char *const sc_names[N_SC] = { "open_direct", "open_directory_enotdir", "open_nofollow_eloop",
                                            "create_excl_eexist", "getlk_reports_rdlck",
                                            "setlk_wouldblock_eagain", "poll_events", "xattr_sizes" };
static const char *const sc_short[N_SC] = { "O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW", "O_EXCL", "GETLK",
                                            "EAGAIN", "POLL", "XATTR" };

enum server { SRV_ADAPTER, SRV_PATCHED, SRV_UNPATCHED, SRV_PATCHED_OFF };
static const char *const server_names[] = { "adapter", "patched", "unpatched", "patched-no-options" };
enum mode { MODE_LEGACY, MODE_LEGACY_PEER_ARCH, MODE_PEER, MODE_CANONICAL };
static const char *const mode_names[] = { "legacy", "legacy+peer_arch", "peer", "canonical" };

static const char *bin_dir, *server_path, *patched_libdir, *fusecanon_libdir;
static int verbose, canonical_run; /* canonical_run: the cross_client-<arch>-canonical binaries */
static struct consts consts[N_ARCH];

/* ---- processes ------------------------------------------------------------------------------------- */

/* in a child: make fd `from` descriptor `to`, inherited across exec (also when from == to) */
static int give_fd(int from, int to)
{
    int high = fcntl(from, F_DUPFD, 64); /* out of the way of the targets, without FD_CLOEXEC */
    return high == -1 || dup2(high, to) == -1 ? -1 : 0;
}

/* runs argv with fd `give` as descriptor 3 (if >= 0), stdout into *out (malloc'd), waiting at most timeout_s */
static int run_capture(char *const argv[], int give, char **out, int timeout_s)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) == -1)
        return -1;
    pid_t pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        dup2(p[1], 1);
        if (give >= 0 && give_fd(give, 3) == -1)
            _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    time_t end = time(NULL) + timeout_s;
    int status = -1, timed_out = 0;
    for (;;) { /* stdout until EOF (or the time limit) */
        ssize_t n = read(p[0], buf + len, cap - 1 - len);
        if (n > 0) {
            len += (size_t)n;
            if (len + 1 >= cap)
                buf = realloc(buf, cap *= 2);
            continue;
        }
        if (n == 0)
            break;
        if (time(NULL) > end) {
            timed_out = 1;
            break;
        }
        usleep(2000);
    }
    while (!timed_out && waitpid(pid, &status, WNOHANG) != pid) {
        if (time(NULL) > end)
            timed_out = 1;
        else
            usleep(2000);
    }
    if (timed_out) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        fprintf(stderr, "cross_run: %s timed out\n", argv[0]);
    }
    close(p[0]);
    buf[len] = 0;
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* qemu-<arch>-static -L /usr/<triplet> DIR/cross_client-<arch> args... */
static void client_argv(const struct arch *a, char **argv, const char *a1, const char *a2, const char *a3,
                        const char *a4, char *qemu, char *sysroot, char *prog)
{
    int n = 0;
    snprintf(prog, 512, "%s/cross_client-%s%s", bin_dir, a->name, canonical_run ? "-canonical" : "");
    if (a->qemu) {
        snprintf(qemu, 64, "qemu-%s-static", a->qemu);
        snprintf(sysroot, 128, "/usr/%s", a->triplet);
        argv[n++] = qemu;
        argv[n++] = "-L";
        argv[n++] = sysroot;
    }
    argv[n++] = prog;
    argv[n++] = (char *)a1;
    if (a2) {
        argv[n++] = (char *)a2;
        argv[n++] = (char *)a3;
        argv[n++] = (char *)a4;
    }
    argv[n] = NULL;
}

static int load_constants(size_t i)
{
    char qemu[64], sysroot[128], prog[512], *argv[12], *out;
    client_argv(&arches[i], argv, "--constants", NULL, NULL, NULL, qemu, sysroot, prog);
    int st = run_capture(argv, -1, &out, 30);
    struct consts *c = &consts[i];
    int found = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char name[64], val[64];
        if (sscanf(line, "CONST %63s %63s", name, val) != 2)
            continue;
        if (strcmp(name, "machine") == 0)
            snprintf(c->machine, sizeof(c->machine), "%s", val);
        for (int k = 0; k < N_CONST; k++)
            if (strcmp(name, const_names[k]) == 0) {
                c->v[k] = strtoul(val, NULL, 10);
                found++;
            }
    }
    free(out);
    c->have = st == 0 && found == N_CONST && c->machine[0];
    if (!c->have)
        fprintf(stderr, "cross_run: cannot read the constants of %s (status %d)\n", arches[i].name, st);
    return c->have ? 0 : -1;
}

/* ---- what each scenario puts on the wire ------------------------------------------------------------ */

/* The open flags (or lock type, poll events) the scenario sends, in the numbering of c, and the errno it
   expects back (0: success).  The lock and poll scenarios also depend on the O_RDWR opens of "locks". */
static unsigned long sc_open_flags(const struct consts *c, int sc)
{
    const unsigned long *v = c->v;
    switch (sc) {
    case SC_DIRECT: return v[K_O_RDONLY] | v[K_O_DIRECT] | v[K_O_LARGEFILE];
    case SC_DIRECTORY: return v[K_O_RDONLY] | v[K_O_DIRECTORY] | v[K_O_LARGEFILE];
    case SC_NOFOLLOW: return v[K_O_RDONLY] | v[K_O_NOFOLLOW] | v[K_O_LARGEFILE];
    case SC_EXCL: return v[K_O_WRONLY] | v[K_O_CREAT] | v[K_O_EXCL] | v[K_O_LARGEFILE];
    default: return v[K_O_RDWR] | v[K_O_LARGEFILE]; /* the opens of "locks" */
    }
}

/* Does scenario sc use a value whose number differs between client c and host h? */
static int constants_differ(const struct consts *c, const struct consts *h, int sc)
{
#define D(k) (c->v[k] != h->v[k])
    if (sc == SC_XATTR)
        return 0; /* sizes and bytes only: the same numbers on every arch */
    if (sc_open_flags(c, sc) != sc_open_flags(h, sc))
        return 1;
    switch (sc) {
    case SC_DIRECTORY: return D(K_ENOTDIR);
    case SC_NOFOLLOW: return D(K_ELOOP);
    case SC_EXCL: return D(K_EEXIST);
    case SC_GETLK: return D(K_F_RDLCK) || D(K_F_WRLCK);
    case SC_EAGAIN: return D(K_F_WRLCK) || D(K_EAGAIN);
    case SC_POLL: return D(K_POLL_MASK);
    default: return 0;
    }
#undef D
}

static int predicted_fail(size_t ai, enum server s, enum mode m, int sc)
{
    const struct consts *c = &consts[ai], *h = &consts[0];
    if (m == MODE_CANONICAL)
        return 0; /* the client translates to canonical, the server from it */
    if (s == SRV_ADAPTER || s == SRV_PATCHED)
        return m == MODE_LEGACY && constants_differ(c, h, sc);
    return c->v[K_BIG_ENDIAN] != h->v[K_BIG_ENDIAN] || constants_differ(c, h, sc);
}

/* ---- the server's trace: what reached the filesystem, in this host's terms --------------------------- */

/* the n-th (0-based) trace line starting with prefix, or NULL */
static const char *trace_line(const char *trace, const char *prefix, int n)
{
    for (const char *p = trace; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, strlen(prefix)) == 0 && n-- == 0)
            return p;
    return NULL;
}

/* "fs open("NAME", NAMES = 0xHEX) -> RESULT": does HEX equal want (and RESULT start with result)? */
static int trace_open_is(const char *trace, const char *call, int n, unsigned long want, const char *result)
{
    const char *l = trace_line(trace, call, n);
    if (!l)
        return 0;
    const char *eq = strstr(l, " = 0x");
    const char *arrow = strstr(l, ") -> ");
    const char *nl = strchr(l, '\n');
    if (!eq || !arrow || (nl && arrow > nl))
        return 0;
    if (strtoul(eq + 5, NULL, 16) != want)
        return 0;
    return strncmp(arrow + 5, result, strlen(result)) == 0;
}

static int trace_has(const char *trace, const char *prefix, int n, const char *rest)
{
    const char *l = trace_line(trace, prefix, n);
    return l && strncmp(l + strlen(prefix), rest, strlen(rest)) == 0;
}

static int filesystem_saw_host_values(const char *trace, int sc)
{
    const struct consts *h = &consts[0];
    char buf[64];
    switch (sc) {
    case SC_XATTR: /* the sizes as this host reads them */
        return trace_has(trace, "fs setxattr(", 0, "\"user.canon\", 15 bytes) -> ok") &&
               trace_has(trace, "fs getxattr(", 0, "\"user.canon\", size 0) -> 15") &&
               trace_has(trace, "fs listxattr(", 0, ", size 0) -> 11");
    case SC_DIRECT: return trace_open_is(trace, "fs open(\"direct\"", 0, sc_open_flags(h, sc), "ok");
    case SC_DIRECTORY: return trace_open_is(trace, "fs open(\"plain\"", 0, sc_open_flags(h, sc), "ENOTDIR");
    case SC_NOFOLLOW: return trace_open_is(trace, "fs open(\"link\"", 0, sc_open_flags(h, sc), "ELOOP");
    case SC_EXCL: return trace_open_is(trace, "fs create(\"exists\"", 0, sc_open_flags(h, sc), "EEXIST");
    case SC_POLL: /* on the first open of "locks" */
        snprintf(buf, sizeof(buf), "0x%lx) -> ok", h->v[K_POLL_MASK]);
        return trace_open_is(trace, "fs open(\"locks\"", 0, sc_open_flags(h, sc), "ok") &&
               trace_has(trace, "fs poll(events ", 0, buf);
    default: /* the lock scenarios: both opens, then setlk, getlk, setlk in this order */
        if (!trace_open_is(trace, "fs open(\"locks\"", 0, sc_open_flags(h, sc), "ok") ||
            !trace_open_is(trace, "fs open(\"locks\"", 1, sc_open_flags(h, sc), "ok"))
            return 0;
        if (sc == SC_GETLK)
            return trace_has(trace, "fs setlk(", 0, "F_RDLCK) -> ok") &&
                   trace_has(trace, "fs getlk(", 0, "F_WRLCK) -> ok, held: F_RDLCK");
        return trace_has(trace, "fs setlk(", 1, "F_WRLCK) -> EAGAIN");
    }
}

/* ---- one run --------------------------------------------------------------------------------------- */

static int write_file(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd == -1)
        return -1;
    int ok = write(fd, "cross\n", 6) == 6;
    close(fd);
    return ok ? 0 : -1;
}

/* fail[sc] = 1 for each scenario that failed; returns -1 if the run could not be set up */
static int run_one(size_t ai, enum server s, enum mode m, int fail[N_SC])
{
    const struct arch *a = &arches[ai];
    char dir[] = "/tmp/fusecanon-cross-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char root[300], log[300];
    snprintf(root, sizeof(root), "%s/root", dir);
    snprintf(log, sizeof(log), "%s/server.log", dir);
    char link_path[400];
    snprintf(link_path, sizeof(link_path), "%s/link", root);
    if (mkdir(root, 0755) == -1 || write_file(root, "direct") || write_file(root, "plain") ||
        write_file(root, "exists") || write_file(root, "locks") || symlink("plain", link_path) == -1)
        return -1;

    int sv[2], tp[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1 || pipe2(tp, O_CLOEXEC) == -1)
        return -1;
    fcntl(tp[0], F_SETFL, O_NONBLOCK);
    fcntl(tp[1], F_SETPIPE_SZ, 1 << 20);

    char *sargv[16], peer_opt[80];
    int n = 0;
    sargv[n++] = (char *)server_path;
    sargv[n++] = "--fd";
    sargv[n++] = "3";
    sargv[n++] = "--root";
    sargv[n++] = root;
    sargv[n++] = "--trace-fd";
    sargv[n++] = "4";
    if (s == SRV_ADAPTER) {
        sargv[n++] = "--adapter";
        if (m == MODE_LEGACY_PEER_ARCH) {
            sargv[n++] = "--adapter-peer-arch";
            sargv[n++] = consts[ai].machine;
        }
    } else if (s == SRV_PATCHED) {
        sargv[n++] = "--";
        sargv[n++] = "-o";
        snprintf(peer_opt, sizeof(peer_opt), "peer_arch=%s", consts[ai].machine);
        sargv[n++] = m == MODE_LEGACY_PEER_ARCH ? peer_opt : "canon_arch";
    }
    sargv[n] = NULL;

    pid_t spid = fork();
    if (spid == -1)
        return -1;
    if (spid == 0) {
        int logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (logfd >= 0) {
            dup2(logfd, 1);
            dup2(logfd, 2);
        }
        int sock = fcntl(sv[1], F_DUPFD, 64), trace = fcntl(tp[1], F_DUPFD, 64);
        if (sock == -1 || trace == -1 || give_fd(sock, 3) == -1 || give_fd(trace, 4) == -1)
            _exit(127);
        if (s == SRV_PATCHED || s == SRV_PATCHED_OFF) {
            char ld[1200];
            const char *old = getenv("LD_LIBRARY_PATH");
            snprintf(ld, sizeof(ld), "%s:%s%s%s", patched_libdir, fusecanon_libdir, old ? ":" : "", old ? old : "");
            setenv("LD_LIBRARY_PATH", ld, 1);
        }
        execv(sargv[0], sargv);
        _exit(127);
    }
    close(sv[1]);
    close(tp[1]);

    char qemu[64], sysroot[128], prog[512], *cargv[12], *out;
    client_argv(a, cargv, "--fd", "3", "--mode", m == MODE_CANONICAL ? "canonical" : m == MODE_PEER ? "peer" : "legacy",
                qemu, sysroot, prog);
    int st = run_capture(cargv, sv[0], &out, 60);
    close(sv[0]); /* the server's loop ends on EOF */

    int status;
    for (int i = 0; i < 300 && waitpid(spid, &status, WNOHANG) != spid; i++)
        usleep(10000);
    if (kill(spid, 0) == 0) {
        kill(spid, SIGKILL);
        waitpid(spid, &status, 0);
    }
    char trace[1 << 16];
    ssize_t tl = read(tp[0], trace, sizeof(trace) - 1);
    trace[tl > 0 ? tl : 0] = 0;
    close(tp[0]);

    int complete = st == 0 && strstr(out, "\nDONE\n") != NULL; /* the client ran to its end */
    if (m == MODE_CANONICAL) {
        /* both sides must say canonical: the client session (its INIT line), the server session (its log) */
        char slog[8192] = "";
        FILE *f = fopen(log, "r");
        if (f) {
            slog[fread(slog, 1, sizeof(slog) - 1, f)] = 0;
            fclose(f);
        }
        int client_canonical = strstr(out, "client session: server answered the canonical flag: canonical mode") != NULL;
        int server_canonical = strstr(slog, "client offered the canonical flag: canonical mode") != NULL;
        if (!client_canonical || !server_canonical) {
            fprintf(stderr, "cross_run: %s, %s server: client session %s, server session %s\n", a->name,
                    server_names[s], client_canonical ? "canonical" : "NOT canonical",
                    server_canonical ? "canonical" : "NOT canonical (no such line in its log)");
            complete = 0;
        }
    }
    for (int sc = 0; sc < N_SC; sc++) {
        char key[80];
        snprintf(key, sizeof(key), "SCENARIO %s PASS", sc_names[sc]);
        int client_ok = complete && strstr(out, key) != NULL;
        fail[sc] = !(client_ok && filesystem_saw_host_values(trace, sc));
    }
    if (verbose) {
        printf("---- %s, %s server, %s client (exit %d)\n%s", a->name, server_names[s], mode_names[m], st, out);
        printf("-- filesystem trace (x86_64 terms)\n%s", trace);
        FILE *f = fopen(log, "r");
        char line[512];
        while (f && fgets(line, sizeof(line), f))
            printf("-- server: %s", line);
        if (f)
            fclose(f);
    }
    free(out);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    (void)!system(cmd);
    return 0;
}

/* ---- the matrices ---------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int want_arch[N_ARCH] = { 0 }, any_arch = 0, off = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bin-dir") == 0 && i + 1 < argc)
            bin_dir = argv[++i];
        else if (strcmp(argv[i], "--server-path") == 0 && i + 1 < argc)
            server_path = argv[++i];
        else if (strcmp(argv[i], "--patched-libdir") == 0 && i + 1 < argc)
            patched_libdir = argv[++i];
        else if (strcmp(argv[i], "--fusecanon-libdir") == 0 && i + 1 < argc)
            fusecanon_libdir = argv[++i];
        else if (strcmp(argv[i], "--matrix") == 0)
            off = 0;
        else if (strcmp(argv[i], "--off-matrix") == 0)
            off = 1;
        else if (strcmp(argv[i], "--canonical") == 0)
            off = 0, canonical_run = 1;
        else if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--arch") == 0 && i + 1 < argc) {
            const char *name = argv[++i];
            size_t k;
            for (k = 0; k < N_ARCH && strcmp(arches[k].name, name) != 0; k++)
                ;
            if (k == N_ARCH) {
                fprintf(stderr, "cross_run: unknown arch %s\n", name);
                return 2;
            }
            want_arch[k] = any_arch = 1;
        } else {
            fprintf(stderr, "cross_run: bad argument %s (see the comment at the top of cross_run.c)\n", argv[i]);
            return 2;
        }
    }
    if (!bin_dir || !server_path || !patched_libdir || !fusecanon_libdir || off < 0) {
        fprintf(stderr, "usage: cross_run --bin-dir DIR --server-path PATH --patched-libdir DIR "
                        "--fusecanon-libdir DIR [--arch NAME]... (--matrix | --off-matrix | --canonical) [-v]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (canonical_run && !any_arch)
        want_arch[1] = any_arch = 1; /* aarch64: the one arch libfusecanon is published for besides x86_64 */
    /* the host's constants come from the plain host build (there is no x86_64 -canonical client) */
    int saved = canonical_run;
    canonical_run = 0;
    if (load_constants(0) != 0)
        return 1;
    canonical_run = saved;

    static const enum server on_servers[] = { SRV_ADAPTER, SRV_PATCHED };
    static const enum server off_servers[] = { SRV_UNPATCHED, SRV_PATCHED_OFF };
    static const enum mode on_modes[] = { MODE_LEGACY, MODE_LEGACY_PEER_ARCH, MODE_PEER };
    static const enum mode off_modes[] = { MODE_PEER };
    static const enum mode canonical_modes[] = { MODE_CANONICAL };
    const enum server *servers = off ? off_servers : on_servers;
    const enum mode *modes = canonical_run ? canonical_modes : off ? off_modes : on_modes;
    size_t n_servers = 2, n_modes = off || canonical_run ? 1 : 3;

    printf("%s: each cell lists the scenarios that FAILED (- = all %d passed); "
           "[!] marks a run that differs from the prediction from the constants\n",
           off ? "Without translation" : canonical_run ? "Canonical clients (libfusecanon on both sides)"
                                               : "With translation", N_SC);
    printf("scenarios: ");
    for (int sc = 0; sc < N_SC; sc++)
        printf("%s%s = %s", sc ? ", " : "", sc_short[sc], sc_names[sc]);
    printf("\n\n| arch | uname -m | byte order |");
    for (size_t si = 0; si < n_servers; si++)
        for (size_t mi = 0; mi < n_modes; mi++)
            printf(" %s, %s client |", server_names[servers[si]], mode_names[modes[mi]]);
    printf("\n|---|---|---|");
    for (size_t k = 0; k < n_servers * n_modes; k++)
        printf("---|");
    printf("\n");

    int mismatches = 0, runs = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t ai = 0; ai < N_ARCH; ai++) {
        if (any_arch && !want_arch[ai])
            continue;
        if (ai != 0 && load_constants(ai) != 0) {
            mismatches++;
            continue;
        }
        printf("| %s | %s | %s |", arches[ai].name, consts[ai].machine, consts[ai].v[K_BIG_ENDIAN] ? "big" : "little");
        for (size_t si = 0; si < n_servers; si++) {
            for (size_t mi = 0; mi < n_modes; mi++) {
                int fail[N_SC];
                runs++;
                if (run_one(ai, servers[si], modes[mi], fail) != 0) {
                    printf(" setup failed [!] |");
                    mismatches++;
                    continue;
                }
                int nfail = 0, differs = 0;
                char cell[256] = "";
                for (int sc = 0; sc < N_SC; sc++) {
                    if (fail[sc]) {
                        snprintf(cell + strlen(cell), sizeof(cell) - strlen(cell), "%s%s", nfail ? " " : "",
                                 sc_short[sc]);
                        nfail++;
                    }
                    if (fail[sc] != predicted_fail(ai, servers[si], modes[mi], sc))
                        differs = 1;
                }
                if (nfail == N_SC)
                    snprintf(cell, sizeof(cell), "all %d", N_SC);
                printf(" %s%s |", nfail ? cell : "-", differs ? " [!]" : "");
                if (differs) {
                    mismatches++;
                    char pred[256] = "";
                    for (int sc = 0; sc < N_SC; sc++)
                        if (predicted_fail(ai, servers[si], modes[mi], sc))
                            snprintf(pred + strlen(pred), sizeof(pred) - strlen(pred), " %s", sc_short[sc]);
                    fprintf(stderr, "cross_run: %s, %s server, %s client: failed {%s }, predicted {%s }\n",
                            arches[ai].name, server_names[servers[si]], mode_names[modes[mi]], cell, pred);
                }
            }
        }
        printf("\n");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("\n%d runs in %.1f s; %d differ from the prediction from the constants\n", runs,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, mismatches);
    return mismatches ? 1 : 0;
}
