/*
 * vm_guest: the scenarios a real guest kernel runs against a virtio-fs mount (native-tests/vm).
 *
 * Built static by each architecture's Debian cross compiler and run as part of the guest's initramfs, on
 * the guest's own kernel: every constant here (open flags, errno values, lock types) is the guest's own,
 * from its toolchain's headers.  Each scenario runs in a child process with an alarm, so a hung or crashed
 * scenario is reported and the others still run.  Output, one line per scenario on the console:
 *
 *     VMTEST <name> PASS [detail]
 *     VMTEST <name> FAIL <what happened>
 *
 * usage: vm_guest DIR                 all scenarios in DIR (the mount)
 *        vm_guest --soak DIR SECONDS  fsx-style random operations with content verification
 *        vm_guest --exec-probe        what the exec scenario runs from the mount: prints and exits 42
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define FUSE_SUPER_MAGIC 0x65735546
#define SCENARIO_SECONDS 30

static const char *dir;           /* the mount */
static char fail_msg[512];

/* Record why a scenario failed; returns -1 for `return fail(...)`. */
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fail_msg, sizeof(fail_msg), fmt, ap);
    va_end(ap);
    return -1;
}

static char *path(const char *name)
{
    static char buf[4][1024];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
    return p;
}

static int write_file(const char *p, const void *data, size_t len, int flags)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | flags, 0644);
    if (fd < 0)
        return fail("open(%s) for writing: %s", p, strerror(errno));
    ssize_t n = write(fd, data, len);
    if (n != (ssize_t)len) {
        int e = errno;
        close(fd);
        return fail("write(%s) = %zd: %s", p, n, strerror(e));
    }
    if (close(fd) != 0)
        return fail("close(%s): %s", p, strerror(errno));
    return 0;
}

static int expect_content(const char *p, const void *data, size_t len, int flags)
{
    char *buf = malloc(len + 16);
    int fd = open(p, O_RDONLY | flags);
    if (fd < 0) {
        free(buf);
        return fail("open(%s) for reading: %s", p, strerror(errno));
    }
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd, buf + got, len + 16 - got)) > 0)
        got += n;
    int e = errno;
    close(fd);
    int ok = n == 0 && got == len && memcmp(buf, data, len) == 0;
    free(buf);
    if (n < 0)
        return fail("read(%s): %s", p, strerror(e));
    if (!ok)
        return fail("%s: read back %zu bytes, expected %zu identical bytes", p, got, len);
    return 0;
}

/* An open that must fail with the guest's own errno value `want`. */
static int expect_open_errno(const char *p, int flags, int want, const char *want_name)
{
    int fd = open(p, flags, 0644);
    if (fd >= 0) {
        close(fd);
        return fail("open(%s, 0%o) succeeded, expected %s", p, flags, want_name);
    }
    if (errno != want)
        return fail("open(%s, 0%o): errno %d (%s), expected %s (%d)", p, flags, errno, strerror(errno),
                    want_name, want);
    return 0;
}

static int expect_errno(int res, int want, const char *what, const char *want_name)
{
    if (res == 0)
        return fail("%s succeeded, expected %s", what, want_name);
    if (errno != want)
        return fail("%s: errno %d (%s), expected %s (%d)", what, errno, strerror(errno), want_name, want);
    return 0;
}

/* Run a program and return its exit status (-1 if it did not exit normally). */
static int run(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void pattern(unsigned char *buf, size_t len, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
}

/* ---- scenarios ------------------------------------------------------------------------------------ */

static int sc_statfs(void)
{
    struct statfs st;
    if (statfs(dir, &st) != 0)
        return fail("statfs: %s", strerror(errno));
    if ((unsigned long)st.f_type != FUSE_SUPER_MAGIC)
        return fail("f_type 0x%lx is not FUSE", (unsigned long)st.f_type);
    if (st.f_bsize == 0 || st.f_blocks == 0)
        return fail("f_bsize %ld f_blocks %lu", (long)st.f_bsize, (unsigned long)st.f_blocks);
    return 0;
}

static int sc_create_write_read(void)
{
    static const char text[] = "hello from the guest\n";
    if (write_file(path("cwr"), text, sizeof(text) - 1, 0))
        return -1;
    return expect_content(path("cwr"), text, sizeof(text) - 1, 0);
}

/* dd itself (busybox), as the user would: O_DIRECT through a real program. */
static int dd(const char *in, const char *out, const char *flag)
{
    char ifarg[1100], ofarg[1100];
    snprintf(ifarg, sizeof(ifarg), "if=%s", in);
    snprintf(ofarg, sizeof(ofarg), "of=%s", out);
    char *argv[] = { "/bin/dd", ifarg, ofarg, "bs=4096", "count=16", (char *)flag, NULL };
    return run(argv);
}

static int sc_dd_oflag_direct_new(void)
{
    unlink(path("dd_new"));
    int st = dd("/dev/urandom", path("dd_new"), "oflag=direct");
    if (st != 0)
        return fail("dd oflag=direct to a new file exited %d", st);
    struct stat sb;
    if (stat(path("dd_new"), &sb) != 0 || sb.st_size != 65536)
        return fail("after dd: size %lld", (long long)sb.st_size);
    return 0;
}

static int sc_dd_oflag_direct_existing(void)
{
    unsigned char buf[4096];
    pattern(buf, sizeof(buf), 1);
    if (write_file(path("dd_old"), buf, sizeof(buf), 0))
        return -1;
    int st = dd("/dev/zero", path("dd_old"), "oflag=direct");
    if (st != 0)
        return fail("dd oflag=direct to an existing file exited %d", st);
    return 0;
}

static int sc_dd_iflag_direct(void)
{
    unsigned char buf[65536];
    pattern(buf, sizeof(buf), 2);
    if (write_file(path("dd_in"), buf, sizeof(buf), 0))
        return -1;
    int st = dd(path("dd_in"), path("dd_copy"), "iflag=direct");
    if (st != 0)
        return fail("dd iflag=direct exited %d", st);
    return expect_content(path("dd_copy"), buf, sizeof(buf), 0);
}

static int sc_o_directory_on_file(void)
{
    if (write_file(path("plain"), "x", 1, 0))
        return -1;
    return expect_open_errno(path("plain"), O_RDONLY | O_DIRECTORY, ENOTDIR, "ENOTDIR");
}

static int sc_o_nofollow_symlink(void)
{
    if (write_file(path("target"), "x", 1, 0))
        return -1;
    unlink(path("link"));
    if (symlink("target", path("link")) != 0)
        return fail("symlink: %s", strerror(errno));
    return expect_open_errno(path("link"), O_RDONLY | O_NOFOLLOW, ELOOP, "ELOOP");
}

static int sc_o_creat_excl(void)
{
    unlink(path("excl"));
    int fd = open(path("excl"), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return fail("first O_CREAT|O_EXCL: %s", strerror(errno));
    close(fd);
    return expect_open_errno(path("excl"), O_WRONLY | O_CREAT | O_EXCL, EEXIST, "EEXIST");
}

static int sc_o_trunc(void)
{
    if (write_file(path("trunc"), "0123456789", 10, 0))
        return -1;
    int fd = open(path("trunc"), O_WRONLY | O_TRUNC);
    if (fd < 0)
        return fail("open O_TRUNC: %s", strerror(errno));
    close(fd);
    struct stat sb;
    if (stat(path("trunc"), &sb) != 0 || sb.st_size != 0)
        return fail("size after O_TRUNC: %lld", (long long)sb.st_size);
    return 0;
}

static int sc_o_append(void)
{
    if (write_file(path("append"), "abc", 3, 0))
        return -1;
    int fd = open(path("append"), O_WRONLY | O_APPEND);
    if (fd < 0)
        return fail("open O_APPEND: %s", strerror(errno));
    lseek(fd, 0, SEEK_SET);
    if (write(fd, "def", 3) != 3) {
        close(fd);
        return fail("write O_APPEND: %s", strerror(errno));
    }
    close(fd);
    return expect_content(path("append"), "abcdef", 6, 0);
}

static int sc_o_sync_dsync(void)
{
    if (write_file(path("sync"), "synced", 6, O_SYNC))
        return -1;
    if (expect_content(path("sync"), "synced", 6, 0))
        return -1;
    if (write_file(path("dsync"), "dsynced", 7, O_DSYNC))
        return -1;
    return expect_content(path("dsync"), "dsynced", 7, 0);
}

static int sc_o_noatime(void)
{
    if (write_file(path("noatime"), "n", 1, 0))
        return -1;
    return expect_content(path("noatime"), "n", 1, O_NOATIME);
}

/* Linux 6.1's FUSE has no TMPFILE request (protocol 7.37, Linux 6.3): the guest kernel itself answers
   EOPNOTSUPP there, and that is the expected result; a kernel that sends it must get a working file. */
static int sc_o_tmpfile(void)
{
    int fd = open(dir, O_TMPFILE | O_RDWR, 0600);
    if (fd < 0) {
        if (errno == EOPNOTSUPP)
            return 0;
        return fail("open O_TMPFILE: errno %d (%s)", errno, strerror(errno));
    }
    int ok = write(fd, "tmp", 3) == 3;
    close(fd);
    return ok ? 0 : fail("write to O_TMPFILE: %s", strerror(errno));
}

static int sc_exec_from_mount(void)
{
    /* this very program, copied onto the mount */
    static unsigned char buf[4 << 20];
    int in = open("/proc/self/exe", O_RDONLY);
    if (in < 0)
        return fail("open /proc/self/exe: %s", strerror(errno));
    ssize_t n = read(in, buf, sizeof(buf));
    close(in);
    if (n <= 0 || n == (ssize_t)sizeof(buf))
        return fail("read /proc/self/exe: %zd", n);
    if (write_file(path("prog"), buf, (size_t)n, 0))
        return -1;
    if (chmod(path("prog"), 0755) != 0)
        return fail("chmod: %s", strerror(errno));
    char *argv[] = { path("prog"), "--exec-probe", NULL };
    int st = run(argv);
    if (st != 42)
        return fail("exec of %s: exit status %d, expected 42 (127: execv failed)", argv[0], st);
    return 0;
}

static int sc_rename(void)
{
    if (write_file(path("ren_a"), "r", 1, 0))
        return -1;
    unlink(path("ren_b"));
    if (rename(path("ren_a"), path("ren_b")) != 0)
        return fail("rename: %s", strerror(errno));
    if (access(path("ren_a"), F_OK) == 0)
        return fail("old name still exists");
    return expect_content(path("ren_b"), "r", 1, 0);
}

static int sc_unlink(void)
{
    if (write_file(path("unl"), "u", 1, 0))
        return -1;
    if (unlink(path("unl")) != 0)
        return fail("unlink: %s", strerror(errno));
    return expect_errno(access(path("unl"), F_OK), ENOENT, "access after unlink", "ENOENT");
}

static int sc_links(void)
{
    if (write_file(path("hl_a"), "h", 1, 0))
        return -1;
    unlink(path("hl_b"));
    unlink(path("sl"));
    if (link(path("hl_a"), path("hl_b")) != 0)
        return fail("link: %s", strerror(errno));
    struct stat sb;
    if (stat(path("hl_a"), &sb) != 0 || sb.st_nlink != 2)
        return fail("st_nlink %lu after link", (unsigned long)sb.st_nlink);
    if (symlink("hl_a", path("sl")) != 0)
        return fail("symlink: %s", strerror(errno));
    char target[64] = { 0 };
    if (readlink(path("sl"), target, sizeof(target) - 1) != 4 || strcmp(target, "hl_a") != 0)
        return fail("readlink: '%s'", target);
    return expect_content(path("sl"), "h", 1, 0);
}

static int sc_readdir_many(void)
{
    enum { N = 300 };
    mkdir(path("many"), 0755);
    for (int i = 0; i < N; i++) {
        char name[64];
        snprintf(name, sizeof(name), "many/entry-with-a-longish-name-%04d", i);
        if (write_file(path(name), "", 0, 0))
            return -1;
    }
    DIR *d = opendir(path("many"));
    if (!d)
        return fail("opendir: %s", strerror(errno));
    static unsigned char seen[N];
    memset(seen, 0, sizeof(seen));
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int i;
        if (sscanf(e->d_name, "entry-with-a-longish-name-%d", &i) == 1 && i >= 0 && i < N && !seen[i]) {
            if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
                return fail("%s: d_type %d", e->d_name, e->d_type);
            seen[i] = 1;
            count++;
        }
    }
    closedir(d);
    return count == N ? 0 : fail("readdir found %d of %d entries", count, N);
}

/* Large files written and read back in big chunks, compared byte for byte.  With O_DIRECT each chunk
   reaches the daemon in requests as large as the kernel negotiated: max_write for writes, max_pages (in the
   guest's pages: 64 KiB on Debian's ppc64el kernel) for reads, where a page-size mismatch would show. */
static int large_rw(const char *name, int flags, size_t chunk, size_t total)
{
    unsigned char *w, *r;
    if (posix_memalign((void **)&w, 65536, chunk) || posix_memalign((void **)&r, 65536, chunk))
        return fail("posix_memalign");
    int fd = open(path(name), O_RDWR | O_CREAT | O_TRUNC | flags, 0644);
    if (fd < 0)
        return fail("open(%s): %s", name, strerror(errno));
    for (size_t i = 0; i < total / chunk; i++) {
        pattern(w, chunk, 100 + (unsigned)i);
        ssize_t n = pwrite(fd, w, chunk, (off_t)(i * chunk));
        if (n != (ssize_t)chunk)
            return fail("pwrite chunk %zu = %zd: %s", i, n, strerror(errno));
    }
    for (size_t i = 0; i < total / chunk; i++) {
        pattern(w, chunk, 100 + (unsigned)i);
        ssize_t n = pread(fd, r, chunk, (off_t)(i * chunk));
        if (n != (ssize_t)chunk)
            return fail("pread chunk %zu = %zd: %s", i, n, strerror(errno));
        if (memcmp(w, r, chunk) != 0)
            return fail("chunk %zu differs", i);
    }
    close(fd);
    struct stat sb;
    if (stat(path(name), &sb) != 0 || sb.st_size != (off_t)total)
        return fail("size %lld", (long long)sb.st_size);
    return 0;
}

static int sc_large_rw(void) { return large_rw("large", 0, 1 << 20, 4 << 20); }
static int sc_large_rw_direct(void) { return large_rw("large_direct", O_DIRECT, 16 << 20, 16 << 20); }

static int sc_stat_chmod_truncate(void)
{
    if (write_file(path("attrs"), "0123456789", 10, 0))
        return -1;
    if (chmod(path("attrs"), 0640) != 0)
        return fail("chmod: %s", strerror(errno));
    struct stat sb;
    if (stat(path("attrs"), &sb) != 0)
        return fail("stat: %s", strerror(errno));
    if ((sb.st_mode & 07777) != 0640 || !S_ISREG(sb.st_mode))
        return fail("mode 0%o after chmod 0640", sb.st_mode);
    if (truncate(path("attrs"), 12345) != 0)
        return fail("truncate: %s", strerror(errno));
    if (stat(path("attrs"), &sb) != 0 || sb.st_size != 12345)
        return fail("size %lld after truncate(12345)", (long long)sb.st_size);
    int fd = open(path("attrs"), O_RDWR);
    if (fd < 0 || ftruncate(fd, 3) != 0)
        return fail("ftruncate: %s", strerror(errno));
    close(fd);
    return expect_content(path("attrs"), "012", 3, 0);
}

static int sc_xattr(void)
{
    static const char value[] = "a value of 23 bytes....";
    if (write_file(path("xa"), "x", 1, 0))
        return -1;
    if (setxattr(path("xa"), "user.fusecanon", value, sizeof(value) - 1, 0) != 0)
        return fail("setxattr: %s", strerror(errno));
    ssize_t n = getxattr(path("xa"), "user.fusecanon", NULL, 0);
    if (n != (ssize_t)sizeof(value) - 1)
        return fail("getxattr size query = %zd (%s), expected %zu", n, n < 0 ? strerror(errno) : "",
                    sizeof(value) - 1);
    char buf[64] = { 0 };
    n = getxattr(path("xa"), "user.fusecanon", buf, sizeof(buf));
    if (n != (ssize_t)sizeof(value) - 1 || memcmp(buf, value, (size_t)n) != 0)
        return fail("getxattr value: %zd '%s'", n, buf);
    n = listxattr(path("xa"), NULL, 0);
    if (n < (ssize_t)sizeof("user.fusecanon"))
        return fail("listxattr size query = %zd", n);
    char list[256];
    ssize_t m = listxattr(path("xa"), list, sizeof(list));
    if (m != n || memmem(list, (size_t)m, "user.fusecanon", sizeof("user.fusecanon")) == NULL)
        return fail("listxattr = %zd", m);
    if (removexattr(path("xa"), "user.fusecanon") != 0)
        return fail("removexattr: %s", strerror(errno));
    return expect_errno(getxattr(path("xa"), "user.fusecanon", buf, sizeof(buf)) >= 0 ? 0 : -1, ENODATA,
                        "getxattr of a removed attribute", "ENODATA");
}

/* Two guest processes: the parent holds a write lock, the child must see it (F_GETLK reports F_WRLCK over
   the parent's range) and be refused (F_SETLK: EAGAIN or EACCES, both allowed by POSIX).  virtiofsd holds
   the locks as OFD locks on the host, which have no owner pid: l_pid comes back 0 on every guest. */
static int sc_posix_locks(void)
{
    if (write_file(path("lockf"), "0123456789", 10, 0))
        return -1;
    int fd = open(path("lockf"), O_RDWR);
    if (fd < 0)
        return fail("open: %s", strerror(errno));
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    if (fcntl(fd, F_SETLK, &fl) != 0)
        return fail("F_SETLK F_WRLCK: %s", strerror(errno));
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return fail("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        char msg[256] = "";
        int cfd = open(path("lockf"), O_RDWR);
        struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
        if (cfd < 0)
            snprintf(msg, sizeof(msg), "child open: %s", strerror(errno));
        else if (fcntl(cfd, F_GETLK, &q) != 0)
            snprintf(msg, sizeof(msg), "F_GETLK: %s", strerror(errno));
        else if (q.l_type != F_WRLCK || q.l_start != 0 || q.l_len != 5)
            snprintf(msg, sizeof(msg), "F_GETLK reports type %d start %lld len %lld, expected F_WRLCK (%d) 0 5",
                     q.l_type, (long long)q.l_start, (long long)q.l_len, F_WRLCK);
        else {
            struct flock s = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1 };
            if (fcntl(cfd, F_SETLK, &s) == 0)
                snprintf(msg, sizeof(msg), "F_SETLK F_RDLCK over the parent's lock succeeded");
            else if (errno != EAGAIN && errno != EACCES)
                snprintf(msg, sizeof(msg), "F_SETLK: errno %d (%s), expected EAGAIN/EACCES", errno,
                         strerror(errno));
            else {
                s.l_start = 7; /* outside the parent's range */
                if (fcntl(cfd, F_SETLK, &s) != 0)
                    snprintf(msg, sizeof(msg), "F_SETLK F_RDLCK outside the lock: %s", strerror(errno));
            }
        }
        if (write(pipefd[1], msg, strlen(msg) + 1) < 0)
            _exit(2);
        _exit(0);
    }
    char msg[256] = "";
    ssize_t n = read(pipefd[0], msg, sizeof(msg) - 1);
    waitpid(pid, NULL, 0);
    close(fd);
    if (n <= 0)
        return fail("no answer from the child");
    return msg[0] ? fail("%s", msg) : 0;
}

static int sc_err_enoent(void)
{
    return expect_open_errno(path("does-not-exist"), O_RDONLY, ENOENT, "ENOENT");
}

static int sc_err_eexist(void)
{
    mkdir(path("exists"), 0755);
    return expect_errno(mkdir(path("exists"), 0755), EEXIST, "mkdir of an existing directory", "EEXIST");
}

static int sc_err_eisdir(void)
{
    mkdir(path("isdir"), 0755);
    return expect_open_errno(path("isdir"), O_WRONLY, EISDIR, "EISDIR");
}

static int sc_err_enotdir(void)
{
    if (write_file(path("notdir"), "x", 1, 0))
        return -1;
    return expect_errno(mkdir(path("notdir/sub"), 0755), ENOTDIR, "mkdir under a file", "ENOTDIR");
}

static int sc_err_enotempty(void)
{
    mkdir(path("full"), 0755);
    if (write_file(path("full/f"), "x", 1, 0))
        return -1;
    return expect_errno(rmdir(path("full")), ENOTEMPTY, "rmdir of a non-empty directory", "ENOTEMPTY");
}

static int sc_err_eloop(void)
{
    unlink(path("loop_a"));
    unlink(path("loop_b"));
    if (symlink("loop_b", path("loop_a")) != 0 || symlink("loop_a", path("loop_b")) != 0)
        return fail("symlink: %s", strerror(errno));
    return expect_open_errno(path("loop_a"), O_RDONLY, ELOOP, "ELOOP");
}

/* 255 bytes is NAME_MAX on the host's file system: 256 must be refused by it, whatever the guest allows */
static int sc_err_enametoolong(void)
{
    char name[300];
    memset(name, 'n', 256);
    name[256] = 0;
    return expect_open_errno(path(name), O_WRONLY | O_CREAT, ENAMETOOLONG, "ENAMETOOLONG");
}

/* ---- soak: fsx-style random operations on a few files, checked against a model in memory -------------- */

enum { SOAK_FILES = 4, SOAK_MAX = 256 * 1024 };
struct model { int exists; size_t size; unsigned char *data; };

static int soak(const char *d, double seconds)
{
    dir = d;
    struct model m[SOAK_FILES];
    unsigned char *buf = malloc(SOAK_MAX);
    for (int i = 0; i < SOAK_FILES; i++) {
        m[i].exists = 0;
        m[i].size = 0;
        m[i].data = calloc(1, SOAK_MAX);
        char name[32];
        snprintf(name, sizeof(name), "soak%d", i);
        unlink(path(name));
    }
    srand(12345);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long ops = 0;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
            break;
        int f = rand() % SOAK_FILES, op = rand() % 6;
        char name[32], other[32];
        snprintf(name, sizeof(name), "soak%d", f);
        char *p = path(name);
        if (!m[f].exists && op != 5)
            op = 0;
        if (op == 0) { /* create (O_TRUNC) and write */
            size_t len = (size_t)rand() % 8192;
            pattern(m[f].data, len, (unsigned)ops);
            memset(m[f].data + len, 0, SOAK_MAX - len);
            if (write_file(p, m[f].data, len, 0))
                goto bad;
            m[f].exists = 1;
            m[f].size = len;
        } else if (op == 1) { /* write at a random offset, maybe extending */
            size_t off = (size_t)rand() % (SOAK_MAX / 2), len = 1 + (size_t)rand() % 65536;
            pattern(buf, len, (unsigned)ops);
            int fd = open(p, O_WRONLY);
            if (fd < 0 || pwrite(fd, buf, len, (off_t)off) != (ssize_t)len) {
                fail("soak op %lu: pwrite %s: %s", ops, name, strerror(errno));
                goto bad;
            }
            close(fd);
            memcpy(m[f].data + off, buf, len);
            if (off + len > m[f].size)
                m[f].size = off + len;
        } else if (op == 2) { /* read everything back and compare */
            if (expect_content(p, m[f].data, m[f].size, 0))
                goto bad;
        } else if (op == 3) { /* truncate up or down */
            size_t len = (size_t)rand() % (SOAK_MAX / 2);
            if (truncate(p, (off_t)len) != 0) {
                fail("soak op %lu: truncate %s: %s", ops, name, strerror(errno));
                goto bad;
            }
            if (len < m[f].size)
                memset(m[f].data + len, 0, m[f].size - len);
            m[f].size = len;
        } else if (op == 4) { /* rename onto another slot */
            int g = (f + 1 + rand() % (SOAK_FILES - 1)) % SOAK_FILES;
            snprintf(other, sizeof(other), "soak%d", g);
            if (rename(p, path(other)) != 0) {
                fail("soak op %lu: rename %s %s: %s", ops, name, other, strerror(errno));
                goto bad;
            }
            unsigned char *tmp = m[g].data;
            m[g] = m[f];
            m[f].data = tmp;
            memset(m[f].data, 0, SOAK_MAX);
            m[f].exists = 0;
            m[f].size = 0;
        } else { /* unlink (ENOENT when absent, in the guest's terms) */
            int r = unlink(p);
            if (m[f].exists ? r != 0 : (r == 0 || errno != ENOENT)) {
                fail("soak op %lu: unlink %s: %d %s", ops, name, r, strerror(errno));
                goto bad;
            }
            memset(m[f].data, 0, SOAK_MAX);
            m[f].exists = 0;
            m[f].size = 0;
        }
        ops++;
    }
    for (int f = 0; f < SOAK_FILES; f++) { /* final check of every file */
        char name[32];
        snprintf(name, sizeof(name), "soak%d", f);
        if (m[f].exists ? expect_content(path(name), m[f].data, m[f].size, 0)
                        : access(path(name), F_OK) == 0 ? fail("%s exists", name) : 0)
            goto bad;
    }
    printf("VMTEST soak PASS ops=%lu seconds=%.0f\n", ops, seconds);
    return 0;
bad:
    printf("VMTEST soak FAIL after %lu ops: %s\n", ops, fail_msg);
    return 1;
}

/* ---- driver ---------------------------------------------------------------------------------------- */

static const struct scenario {
    const char *name;
    int (*fn)(void);
} scenarios[] = {
    { "statfs", sc_statfs },
    { "create_write_read", sc_create_write_read },
    { "dd_oflag_direct_new", sc_dd_oflag_direct_new },
    { "dd_oflag_direct_existing", sc_dd_oflag_direct_existing },
    { "dd_iflag_direct", sc_dd_iflag_direct },
    { "o_directory_on_file", sc_o_directory_on_file },
    { "o_nofollow_symlink", sc_o_nofollow_symlink },
    { "o_creat_excl", sc_o_creat_excl },
    { "o_trunc", sc_o_trunc },
    { "o_append", sc_o_append },
    { "o_sync_dsync", sc_o_sync_dsync },
    { "o_noatime", sc_o_noatime },
    { "o_tmpfile", sc_o_tmpfile },
    { "exec_from_mount", sc_exec_from_mount },
    { "rename", sc_rename },
    { "unlink", sc_unlink },
    { "links", sc_links },
    { "readdir_many", sc_readdir_many },
    { "large_rw", sc_large_rw },
    { "large_rw_direct", sc_large_rw_direct },
    { "stat_chmod_truncate", sc_stat_chmod_truncate },
    { "xattr", sc_xattr },
    { "posix_locks", sc_posix_locks },
    { "err_enoent", sc_err_enoent },
    { "err_eexist", sc_err_eexist },
    { "err_eisdir", sc_err_eisdir },
    { "err_enotdir", sc_err_enotdir },
    { "err_enotempty", sc_err_enotempty },
    { "err_eloop", sc_err_eloop },
    { "err_enametoolong", sc_err_enametoolong },
};

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && strcmp(argv[1], "--exec-probe") == 0) {
        printf("exec-probe ran\n");
        return 42;
    }
    if (argc == 4 && strcmp(argv[1], "--soak") == 0)
        return soak(argv[2], atof(argv[3]));
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR | --soak DIR SECONDS | --exec-probe\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    struct utsname u;
    uname(&u);
    printf("VMENV machine=%s release=%s pagesize=%ld\n", u.machine, u.release, sysconf(_SC_PAGESIZE));
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        int pipefd[2];
        if (pipe(pipefd) != 0)
            return 1;
        pid_t pid = fork();
        if (pid == 0) {
            close(pipefd[0]);
            alarm(SCENARIO_SECONDS);
            fail_msg[0] = 0;
            int r = scenarios[i].fn();
            if (r != 0 && write(pipefd[1], fail_msg, strlen(fail_msg)) < 0)
                _exit(3);
            _exit(r == 0 ? 0 : 1);
        }
        close(pipefd[1]);
        char msg[sizeof(fail_msg)] = "";
        ssize_t n = read(pipefd[0], msg, sizeof(msg) - 1);
        msg[n > 0 ? n : 0] = 0;
        close(pipefd[0]);
        int st;
        waitpid(pid, &st, 0);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            printf("VMTEST %s PASS\n", scenarios[i].name);
        else if (WIFSIGNALED(st))
            printf("VMTEST %s FAIL killed by signal %d%s\n", scenarios[i].name, WTERMSIG(st),
                   WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
        else
            printf("VMTEST %s FAIL %s\n", scenarios[i].name, msg);
    }
    printf("VMTEST-DONE\n");
    return 0;
}
