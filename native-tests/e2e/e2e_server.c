/*
 * fusecanon_e2e_server - a small libfuse low-level passthrough filesystem over a real directory, served
 * through fuse_session_custom_io() on an inherited file descriptor (one end of a SOCK_SEQPACKET socket pair,
 * whose other end is the emulated foreign FUSE client, e2e_client.c).
 *
 * usage: fusecanon_e2e_server (--fd N | --mount MNT) --root DIR [--trace-fd N] [--adapter]
 *                             [--adapter-peer-arch NAME] [--adapter-refuse-peer] [--clone-fd]
 *                             [-- LIBFUSE-OPTIONS...]
 *
 *   --mount MNT:       mount on MNT with fuse_session_mount() (a real kernel client; root) instead of serving an
 *                      inherited descriptor; the adapter attaches to the session's /dev/fuse.
 *   --clone-fd:        the multi-threaded loop with clone_fd=1 (a /dev/fuse descriptor per worker thread).
 *
 *   without --adapter: custom I/O with plain read(2)/writev(2) callbacks.  Whatever libfuse3.so.3 the dynamic
 *                      linker finds does the rest: Debian's (no translation; the negative control) or the
 *                      patched build (LD_LIBRARY_PATH), which translates when given -o canon_arch /
 *                      -o peer_arch=NAME.
 *   --adapter:         the zero-patch adapter (bindings/libfuse) between libfuse and the descriptor.
 *
 * Every open/create/getlk/setlk/poll writes one line to the trace descriptor: what reached the filesystem, in
 * this host's (x86-64) terms, and what the filesystem answered.  Names of flag bits come from the generated
 * tables (e2e_arch_values.h), not from this file.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_arch_values.h"
#include "e2e_names.h"
#include "fusecanon_fuse_adapter.h"

#define MAX_NODES 64

static int root_fd = -1;
static int trace_fd = -1;
static char *node_name[MAX_NODES]; /* ino = index + 2; ino 1 is the root directory */
static pthread_mutex_t node_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct e2e_arch_values *host;

static void trace(const char *fmt, ...)
{
    if (trace_fd < 0)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    (void)!write(trace_fd, line, (size_t)n);
}

static const char *result_name(int err)
{
    if (err == 0)
        return "ok";
    const char *n = strerrorname_np(err);
    return n ? n : "?";
}

/* "O_RDONLY|O_DIRECT|O_LARGEFILE" in this host's numbering (the x86_64 row of the generated tables) */
static void open_flag_names(uint32_t flags, char *buf, size_t len)
{
    e2e_open_flag_names(host, flags, buf, len);
}

static const char *lock_name(int type)
{
    return type == F_RDLCK ? "F_RDLCK" : type == F_WRLCK ? "F_WRLCK" : type == F_UNLCK ? "F_UNLCK" : "F_?";
}

static const char *name_of(fuse_ino_t ino)
{
    if (ino < 2 || ino >= MAX_NODES + 2)
        return NULL;
    pthread_mutex_lock(&node_lock);
    const char *n = node_name[ino - 2];
    pthread_mutex_unlock(&node_lock);
    return n;
}

static fuse_ino_t ino_of(const char *name)
{
    pthread_mutex_lock(&node_lock);
    fuse_ino_t ino = 0;
    for (int i = 0; i < MAX_NODES; i++) {
        if (node_name[i] && strcmp(node_name[i], name) == 0) {
            ino = (fuse_ino_t)i + 2;
            break;
        }
        if (!node_name[i]) {
            node_name[i] = strdup(name);
            ino = (fuse_ino_t)i + 2;
            break;
        }
    }
    pthread_mutex_unlock(&node_lock);
    return ino;
}

static int stat_ino(fuse_ino_t ino, struct stat *st)
{
    int res;
    if (ino == FUSE_ROOT_ID) {
        res = fstat(root_fd, st);
    } else {
        const char *n = name_of(ino);
        if (!n)
            return ENOENT;
        res = fstatat(root_fd, n, st, AT_SYMLINK_NOFOLLOW);
    }
    if (res == -1)
        return errno;
    st->st_ino = ino;
    return 0;
}

static int fill_entry(fuse_ino_t parent, const char *name, struct fuse_entry_param *e)
{
    if (parent != FUSE_ROOT_ID || strchr(name, '/'))
        return ENOENT;
    memset(e, 0, sizeof(*e));
    if (fstatat(root_fd, name, &e->attr, AT_SYMLINK_NOFOLLOW) == -1)
        return errno;
    e->ino = ino_of(name);
    if (e->ino == 0)
        return ENOSPC;
    e->attr.st_ino = e->ino;
    return 0;
}

static void e2e_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
    struct fuse_entry_param e;
    int err = fill_entry(parent, name, &e);
    if (err)
        fuse_reply_err(req, err);
    else
        fuse_reply_entry(req, &e);
}

static void e2e_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)fi;
    struct stat st;
    int err = stat_ino(ino, &st);
    if (err)
        fuse_reply_err(req, err);
    else
        fuse_reply_attr(req, &st, 0);
}

static void e2e_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    char names[256];
    open_flag_names((uint32_t)fi->flags, names, sizeof(names));
    const char *n = name_of(ino);
    int fd = n ? openat(root_fd, n, fi->flags) : -1;
    int err = n ? (fd == -1 ? errno : 0) : ENOENT;
    trace("fs open(\"%s\", %s = 0x%x) -> %s", n ? n : "?", names, (unsigned)fi->flags, result_name(err));
    if (err) {
        fuse_reply_err(req, err);
        return;
    }
    fi->fh = (uint64_t)fd;
    fi->direct_io = 1;
    if (fuse_reply_open(req, fi) == -ENOENT)
        close(fd);
}

static void e2e_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, struct fuse_file_info *fi)
{
    char names[256];
    open_flag_names((uint32_t)fi->flags, names, sizeof(names));
    int err = 0;
    int fd = -1;
    if (parent != FUSE_ROOT_ID)
        err = ENOENT;
    else if ((fd = openat(root_fd, name, fi->flags | O_CREAT, mode)) == -1)
        err = errno;
    trace("fs create(\"%s\", %s = 0x%x) -> %s", name, names, (unsigned)fi->flags, result_name(err));
    struct fuse_entry_param e;
    if (!err && (err = fill_entry(parent, name, &e)) != 0)
        close(fd);
    if (err) {
        fuse_reply_err(req, err);
        return;
    }
    fi->fh = (uint64_t)fd;
    fi->direct_io = 1;
    if (fuse_reply_create(req, &e, fi) == -ENOENT)
        close(fd);
}

static void e2e_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)ino;
    char buf[4096];
    if (size > sizeof(buf))
        size = sizeof(buf);
    ssize_t n = pread((int)fi->fh, buf, size, off);
    if (n == -1)
        fuse_reply_err(req, errno);
    else
        fuse_reply_buf(req, buf, (size_t)n);
}

static void e2e_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                      struct fuse_file_info *fi)
{
    (void)ino;
    ssize_t n = pwrite((int)fi->fh, buf, size, off);
    if (n == -1)
        fuse_reply_err(req, errno);
    else
        fuse_reply_write(req, (size_t)n);
}

static void e2e_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    (void)fi;
    fuse_reply_err(req, 0);
}

static void e2e_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    close((int)fi->fh);
    fuse_reply_err(req, 0);
}

/* Locks are real open-file-description locks on the descriptors opened for each FUSE open. */
static void e2e_getlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct flock *lock)
{
    (void)ino;
    struct flock fl = *lock;
    int asked = fl.l_type;
    fl.l_pid = 0;
    int err = fcntl((int)fi->fh, F_OFD_GETLK, &fl) == -1 ? errno : 0;
    trace("fs getlk(%s) -> %s%s%s", lock_name(asked), result_name(err), err ? "" : ", held: ",
          err ? "" : lock_name(fl.l_type));
    if (err)
        fuse_reply_err(req, err);
    else
        fuse_reply_lock(req, &fl);
}

static void e2e_setlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct flock *lock, int sleep)
{
    (void)ino;
    struct flock fl = *lock;
    fl.l_pid = 0;
    int err = fcntl((int)fi->fh, sleep ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == -1 ? errno : 0;
    trace("fs setlk(%s) -> %s", lock_name(lock->l_type), result_name(err));
    fuse_reply_err(req, err);
}

static void e2e_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct fuse_pollhandle *ph)
{
    (void)ino;
    struct pollfd p = { .fd = (int)fi->fh, .events = (short)fi->poll_events };
    int err = poll(&p, 1, 0) == -1 ? errno : 0;
    trace("fs poll(events 0x%x) -> %s, revents 0x%x", fi->poll_events, result_name(err), (unsigned)p.revents);
    if (ph)
        fuse_pollhandle_destroy(ph);
    if (err)
        fuse_reply_err(req, err);
    else
        fuse_reply_poll(req, (unsigned)p.revents);
}

/* Extended attributes live in memory, one per node at most: the file system under test may not support
   user xattrs, and the scenarios only need their sizes and bytes to travel. */
static struct { fuse_ino_t ino; char name[64]; char value[256]; size_t size; } xattr;
static pthread_mutex_t xattr_lock = PTHREAD_MUTEX_INITIALIZER;

static void e2e_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value, size_t size, int flags)
{
    (void)flags;
    int err = strlen(name) >= sizeof(xattr.name) || size > sizeof(xattr.value) ? ERANGE : 0;
    if (!err) {
        pthread_mutex_lock(&xattr_lock);
        xattr.ino = ino;
        strcpy(xattr.name, name);
        memcpy(xattr.value, value, size);
        xattr.size = size;
        pthread_mutex_unlock(&xattr_lock);
    }
    trace("fs setxattr(\"%s\", %zu bytes) -> %s", name, size, result_name(err));
    fuse_reply_err(req, err);
}

/* size 0 asks for the size (fuse_reply_xattr), otherwise for the bytes (fuse_reply_buf) */
static void reply_xattr_bytes(fuse_req_t req, const char *bytes, size_t len, size_t size, const char *what)
{
    if (size == 0) {
        trace("fs %s, size 0) -> %zu", what, len);
        fuse_reply_xattr(req, len);
    } else if (size < len) {
        trace("fs %s, size %zu) -> ERANGE", what, size);
        fuse_reply_err(req, ERANGE);
    } else {
        trace("fs %s, size %zu) -> %zu bytes", what, size, len);
        fuse_reply_buf(req, bytes, len);
    }
}

static void e2e_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
    char what[128], value[256];
    snprintf(what, sizeof(what), "getxattr(\"%s\"", name);
    pthread_mutex_lock(&xattr_lock);
    int found = xattr.ino == ino && strcmp(xattr.name, name) == 0;
    size_t len = xattr.size;
    memcpy(value, xattr.value, len);
    pthread_mutex_unlock(&xattr_lock);
    if (!found) {
        trace("fs %s, size %zu) -> ENODATA", what, size);
        fuse_reply_err(req, ENODATA);
        return;
    }
    reply_xattr_bytes(req, value, len, size, what);
}

static void e2e_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
    char list[64];
    pthread_mutex_lock(&xattr_lock);
    size_t len = xattr.ino == ino ? strlen(xattr.name) + 1 : 0;
    memcpy(list, xattr.name, len);
    pthread_mutex_unlock(&xattr_lock);
    reply_xattr_bytes(req, list, len, size, "listxattr(");
}

static const struct fuse_lowlevel_ops ops = {
    .setxattr = e2e_setxattr,
    .getxattr = e2e_getxattr,
    .listxattr = e2e_listxattr,
    .lookup = e2e_lookup,
    .getattr = e2e_getattr,
    .open = e2e_open,
    .create = e2e_create,
    .read = e2e_read,
    .write = e2e_write,
    .flush = e2e_flush,
    .release = e2e_release,
    .getlk = e2e_getlk,
    .setlk = e2e_setlk,
    .poll = e2e_poll,
};

static ssize_t plain_read(int fd, void *buf, size_t len, void *userdata)
{
    (void)userdata;
    return read(fd, buf, len);
}

static ssize_t plain_writev(int fd, struct iovec *iov, int count, void *userdata)
{
    (void)userdata;
    return writev(fd, iov, count);
}

static void usage(void)
{
    fprintf(stderr, "usage: fusecanon_e2e_server (--fd N | --mount MNT) --root DIR [--trace-fd N] [--adapter] "
                    "[--adapter-peer-arch NAME] [--adapter-refuse-peer] [--clone-fd] [-- LIBFUSE-OPTIONS...]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int fd = -1;
    const char *root = NULL;
    int use_adapter = 0;
    const char *adapter_peer_arch = NULL;
    int adapter_refuse_peer = 0;
    const char *mountpoint = NULL;
    int clone_fd = 0;
    int i;

    for (size_t k = 0; k < E2E_ARCH_COUNT; k++)
        if (strcmp(e2e_arches[k].uname, "x86_64") == 0)
            host = &e2e_arches[k];
    if (!host) {
        fprintf(stderr, "e2e_server: no x86_64 row in the generated tables\n");
        return 1;
    }

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--fd") == 0 && i + 1 < argc) {
            fd = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
            root = argv[++i];
        } else if (strcmp(argv[i], "--trace-fd") == 0 && i + 1 < argc) {
            trace_fd = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--adapter") == 0) {
            use_adapter = 1;
        } else if (strcmp(argv[i], "--adapter-peer-arch") == 0 && i + 1 < argc) {
            adapter_peer_arch = argv[++i];
        } else if (strcmp(argv[i], "--adapter-refuse-peer") == 0) {
            adapter_refuse_peer = 1;
        } else if (strcmp(argv[i], "--mount") == 0 && i + 1 < argc) {
            mountpoint = argv[++i];
        } else if (strcmp(argv[i], "--clone-fd") == 0) {
            clone_fd = 1;
        } else {
            usage();
        }
    }
    if ((fd < 0) == !mountpoint || !root)
        usage();
    root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd == -1) {
        perror(root);
        return 1;
    }

    /* libfuse's arguments: argv[0] and everything after "--" */
    struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
    if (fuse_opt_add_arg(&args, argv[0]) == -1)
        return 1;
    for (; i < argc; i++)
        if (fuse_opt_add_arg(&args, argv[i]) == -1)
            return 1;

    struct fusecanon_fuse_adapter *ad = NULL;
    if (use_adapter) {
        struct fusecanon_fuse_adapter_config cfg;
        memset(&cfg, 0, sizeof(cfg));
        cfg.size = sizeof(cfg);
        cfg.session.size = sizeof(cfg.session);
        if (adapter_peer_arch)
            cfg.session.legacy_peer_arch = fusecanon_arch_id_from_name(adapter_peer_arch);
        if (adapter_refuse_peer)
            cfg.session.flags |= FUSECANON_CFG_REFUSE_PEER;
        int res = fusecanon_fuse_adapter_new(&cfg, &ad);
        if (res != FUSECANON_OK) {
            fprintf(stderr, "e2e_server: fusecanon_fuse_adapter_new: %s\n", fusecanon_strerror(res));
            return 1;
        }
    }

    struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
    fuse_opt_free_args(&args);
    if (se == NULL) {
        fprintf(stderr, "e2e_server: fuse_session_new failed\n");
        fusecanon_fuse_adapter_destroy(ad);
        return 1;
    }
    int res = 0;
    if (mountpoint) {
        res = fuse_session_mount(se, mountpoint);
        if (res != 0)
            fprintf(stderr, "e2e_server: cannot mount %s\n", mountpoint);
        else if (fuse_set_signal_handlers(se) != 0)
            res = -1;
    }
    if (res == 0 && ad) {
        res = fusecanon_fuse_adapter_attach(ad, se, fd); /* -1 with --mount: the session's /dev/fuse */
        if (res != FUSECANON_OK)
            fprintf(stderr, "e2e_server: fusecanon_fuse_adapter_attach: %s\n", fusecanon_strerror(res));
    } else if (res == 0 && !mountpoint) {
        static const struct fuse_custom_io io = { .writev = plain_writev, .read = plain_read };
        res = fuse_session_custom_io(se, &io, fd);
        if (res != 0)
            fprintf(stderr, "e2e_server: fuse_session_custom_io: %s\n", strerror(-res));
    }
    if (res != 0) {
        if (mountpoint)
            fuse_session_unmount(se);
        fuse_session_destroy(se);
        fusecanon_fuse_adapter_destroy(ad);
        return 1;
    }

    /* The multi-threaded loop, as most filesystems run: exercises the adapter's unique -> opcode table. */
    struct fuse_loop_config *lc = fuse_loop_cfg_create();
    fuse_loop_cfg_set_clone_fd(lc, (unsigned int)clone_fd);
    fuse_loop_cfg_set_max_threads(lc, 4);
    res = fuse_session_loop_mt(se, lc);
    fuse_loop_cfg_destroy(lc);

    if (ad) {
        struct fusecanon_fuse_adapter_stats st = { .size = sizeof(st) };
        if (fusecanon_fuse_adapter_stats(ad, &st) == FUSECANON_OK)
            fprintf(stderr, "e2e_server: adapter: %llu requests (%llu translated, %llu refused), %llu replies "
                            "(%llu translated, %llu failed), %llu table overflows, %llu clones (%llu requests)\n",
                    (unsigned long long)st.requests, (unsigned long long)st.requests_translated,
                    (unsigned long long)st.requests_refused, (unsigned long long)st.replies,
                    (unsigned long long)st.replies_translated, (unsigned long long)st.replies_failed,
                    (unsigned long long)st.table_overflows, (unsigned long long)st.clones,
                    (unsigned long long)st.requests_on_clones);
    }
    if (mountpoint) {
        fuse_remove_signal_handlers(se);
        fuse_session_unmount(se);
    }
    fuse_session_destroy(se);
    fusecanon_fuse_adapter_destroy(ad);
    for (int k = 0; k < MAX_NODES; k++)
        free(node_name[k]);
    close(root_fd);
    return 0;
}
