/*
 * fusecanon_fuse_adapter.c - libfusecanon behind fuse_session_custom_io() (see fusecanon_fuse_adapter.h).
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <fuse_log.h>
#include <linux/fuse.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fusecanon_fuse_adapter.h"

struct fusecanon_fuse_adapter {
    fusecanon_session *session;
    uint32_t flags;
    struct fuse_custom_io inner;
    void *inner_userdata;
    int has_inner;
    int fd;                     /* -1 until attached */
    int init_done;              /* INIT completed (set by the one thread that sent the INIT reply) */
    int passthrough;            /* atomic: the connection needs no translation (read before each message) */
    int swapped;                /* the client's byte order is not ours: copy replies whole */
    int rejected;               /* atomic: the session refused the client */
    uint64_t n_requests, n_requests_translated, n_requests_refused;
    uint64_t n_replies, n_replies_translated, n_replies_failed;
    uint64_t n_clones, n_requests_on_clones;
};

/* ---- process-wide fd -> adapter registry (custom io callbacks get the filesystem's userdata) ---------- */

/* One entry per descriptor: the one given to attach (primary) and every clone made for libfuse's clone_fd.
   Packed: entries [0, registry_len) are in use. */
struct registry_entry {
    int fd;
    int primary;
    struct fusecanon_fuse_adapter *ad;
};

static pthread_rwlock_t registry_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct registry_entry registry[FUSECANON_FUSE_ADAPTER_MAX_FDS];
static int registry_len;

static int registry_index(int fd)
{
    for (int i = 0; i < registry_len; i++)
        if (registry[i].fd == fd)
            return i;
    return -1;
}

static void registry_drop(int i)
{
    registry[i] = registry[--registry_len];
}

/* Register fd for ad.  A clone entry with the same number is stale (libfuse closes a clone when its worker
   thread ends, without telling the I/O layer) and is replaced; a primary entry is a live attachment. */
static int registry_add_locked(struct fusecanon_fuse_adapter *ad, int fd, int primary)
{
    int i = registry_index(fd);
    if (i >= 0) {
        if (registry[i].primary)
            return FUSECANON_E_BAD_STATE;
        registry_drop(i);
    }
    if (registry_len == FUSECANON_FUSE_ADAPTER_MAX_FDS)
        return FUSECANON_E_NO_MEMORY;
    if (primary) {
        int adapters = 0;
        for (int k = 0; k < registry_len; k++)
            adapters += registry[k].primary;
        if (adapters == FUSECANON_FUSE_ADAPTER_MAX)
            return FUSECANON_E_NO_MEMORY;
    }
    registry[registry_len++] = (struct registry_entry){ .fd = fd, .primary = primary, .ad = ad };
    return FUSECANON_OK;
}

static int registry_add(struct fusecanon_fuse_adapter *ad, int fd, int primary)
{
    pthread_rwlock_wrlock(&registry_lock);
    int res = registry_add_locked(ad, fd, primary);
    pthread_rwlock_unlock(&registry_lock);
    return res;
}

static void registry_remove(struct fusecanon_fuse_adapter *ad)
{
    pthread_rwlock_wrlock(&registry_lock);
    for (int i = registry_len - 1; i >= 0; i--)
        if (registry[i].ad == ad)
            registry_drop(i);
    pthread_rwlock_unlock(&registry_lock);
}

#if FUSE_VERSION < FUSE_MAKE_VERSION(3, 17)
/* libfuse before 3.17 clones /dev/fuse for clone_fd itself and hands the clone to the callbacks.  Only a session
   whose I/O is the adapter's calls them, and an adapter serves one session, so a descriptor nobody registered
   belongs to the adapter when exactly one is attached; with several it cannot be told (EBADF). */
static struct fusecanon_fuse_adapter *registry_adopt(int fd)
{
    struct fusecanon_fuse_adapter *found = NULL;
    pthread_rwlock_wrlock(&registry_lock);
    int i = registry_index(fd);
    if (i >= 0) {
        found = registry[i].ad; /* another thread adopted it meanwhile */
    } else {
        for (int k = 0; k < registry_len; k++) {
            if (!registry[k].primary)
                continue;
            if (found != NULL) {
                found = NULL;
                break;
            }
            found = registry[k].ad;
        }
        if (found != NULL && registry_add_locked(found, fd, 0) == FUSECANON_OK)
            __atomic_fetch_add(&found->n_clones, 1, __ATOMIC_RELAXED);
        else
            found = NULL;
    }
    pthread_rwlock_unlock(&registry_lock);
    return found;
}
#endif

/* The adapter of fd; *clone tells whether fd is a clone (clone_fd). */
static struct fusecanon_fuse_adapter *registry_find(int fd, int *clone)
{
    struct fusecanon_fuse_adapter *found = NULL;
    pthread_rwlock_rdlock(&registry_lock);
    int i = registry_index(fd);
    if (i >= 0) {
        found = registry[i].ad;
        *clone = !registry[i].primary;
    }
    pthread_rwlock_unlock(&registry_lock);
#if FUSE_VERSION < FUSE_MAKE_VERSION(3, 17)
    if (found == NULL) {
        found = registry_adopt(fd);
        *clone = 1;
    }
#endif
    return found;
}

static void bump(uint64_t *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

/* ---- inner I/O ---------------------------------------------------------------------------------------- */

static ssize_t inner_read(struct fusecanon_fuse_adapter *ad, int fd, void *buf, size_t len)
{
    if (ad->has_inner)
        return ad->inner.read(fd, buf, len, ad->inner_userdata);
    return read(fd, buf, len);
}

static ssize_t inner_writev(struct fusecanon_fuse_adapter *ad, int fd, struct iovec *iov, int count)
{
    if (ad->has_inner)
        return ad->inner.writev(fd, iov, count, ad->inner_userdata);
    return writev(fd, iov, count);
}


/* ---- the callbacks ------------------------------------------------------------------------------------ */

static ssize_t adapter_read(int fd, void *buf, size_t buf_len, void *userdata)
{
    (void)userdata;
    int clone = 0;
    struct fusecanon_fuse_adapter *ad = registry_find(fd, &clone);
    if (ad == NULL) {
        errno = EBADF;
        return -1;
    }
    for (;;) {
        if (__atomic_load_n(&ad->rejected, __ATOMIC_ACQUIRE)) {
            errno = ENODEV; /* libfuse: the filesystem was unmounted, end the loop */
            return -1;
        }
        ssize_t n = inner_read(ad, fd, buf, buf_len);
        if (n < (ssize_t)sizeof(struct fuse_in_header))
            return n; /* errors and short reads: libfuse's business */
        bump(&ad->n_requests);
        if (clone)
            bump(&ad->n_requests_on_clones);
        /* Read after the request arrived: another thread may have completed INIT while this one waited. */
        if (__atomic_load_n(&ad->passthrough, __ATOMIC_ACQUIRE))
            return n;
        int r = fusecanon_server_recv(ad->session, buf, (size_t)n);
        if (r == 0) {
            bump(&ad->n_requests_translated);
            return n;
        }
        if (r < 0 && !ad->init_done)
            return n; /* a malformed INIT: libfuse answers it */
        const struct fuse_in_header *in = buf;
        fuse_log(FUSE_LOG_ERR, "fusecanon: request (opcode %u) not translated: %s\n", in->opcode, fusecanon_strerror(r));
        bump(&ad->n_requests_refused);
        if (r > 0) { /* the library's own error reply, in the client's terms */
            struct iovec one = { .iov_base = buf, .iov_len = (size_t)r };
            (void)inner_writev(ad, fd, &one, 1);
        }
    }
}

static size_t iov_total(const struct iovec *iov, int count)
{
    size_t t = 0;
    for (int i = 0; i < count; i++)
        t += iov[i].iov_len;
    return t;
}

static void gather(void *dst, const struct iovec *iov, int count)
{
    char *p = dst;
    for (int i = 0; i < count; i++) {
        if (iov[i].iov_len)
            memcpy(p, iov[i].iov_base, iov[i].iov_len);
        p += iov[i].iov_len;
    }
}

/* Called once, by the thread that sent the INIT reply: log the outcome and remember what it means. */
static void init_completed(struct fusecanon_fuse_adapter *ad, int res)
{
    ad->init_done = 1;
    struct fusecanon_session_info info = { .size = sizeof(info) };
    if (fusecanon_session_info(ad->session, &info) == FUSECANON_OK)
        ad->swapped = (int)info.wire_swapped;
    if (res == 16 && fusecanon_session_mode(ad->session) == FUSECANON_MODE_REJECTED) {
        fuse_log(FUSE_LOG_ERR, "fusecanon: refusing the client: %s\n", fusecanon_session_reason(ad->session));
        __atomic_store_n(&ad->rejected, 1, __ATOMIC_RELEASE);
        return;
    }
    if (!(ad->flags & FUSECANON_FUSE_ADAPTER_QUIET))
        fuse_log(FUSE_LOG_INFO, "fusecanon: %s\n", fusecanon_session_reason(ad->session));
    /* published before the reply leaves: the client's next request may be read by another thread */
    __atomic_store_n(&ad->passthrough, fusecanon_session_passthrough(ad->session) == 1, __ATOMIC_RELEASE);
}

/* Translates a reply in a private copy (the filesystem's buffers are never modified) and writes it; returns
   the tier's result (bytes to send, or an error with nothing written). */
static int send_copy(struct fusecanon_fuse_adapter *ad, int fd, struct iovec *iov, int count, size_t total, ssize_t *written)
{
    /* Small replies, and every reply of a swapped client (swapping rewrites the whole body), are copied whole;
       larger ones (READ data) only in their header, the data iovecs pass on as they are. */
    if (total <= FUSECANON_FUSE_ADAPTER_COPY_MAX || ad->swapped) {
        unsigned char small_buf[FUSECANON_FUSE_ADAPTER_COPY_MAX];
        unsigned char *buf = total <= sizeof(small_buf) ? small_buf : malloc(total);
        if (buf == NULL)
            return FUSECANON_E_NO_MEMORY;
        gather(buf, iov, count);
        int r = fusecanon_server_send(ad->session, buf, total);
        if (!ad->init_done && fusecanon_session_mode(ad->session) != FUSECANON_MODE_PENDING)
            init_completed(ad, r);
        if (r > 0) {
            struct iovec one = { .iov_base = buf, .iov_len = (size_t)r };
            *written = inner_writev(ad, fd, &one, 1);
        }
        if (buf != small_buf)
            free(buf);
        return r;
    }
    /* The header in a copy of ours, as an entry of its own; the rest as the filesystem gave it. */
    struct fuse_out_header h;
    memcpy(&h, iov[0].iov_base, sizeof(h));
    struct iovec small[16];
    struct iovec *v = count < 16 ? small : malloc(sizeof(*v) * (size_t)(count + 1));
    if (v == NULL)
        return FUSECANON_E_NO_MEMORY;
    v[0] = (struct iovec){ .iov_base = &h, .iov_len = sizeof(h) };
    int n = 1;
    if (iov[0].iov_len > sizeof(h))
        v[n++] = (struct iovec){ .iov_base = (char *)iov[0].iov_base + sizeof(h), .iov_len = iov[0].iov_len - sizeof(h) };
    memcpy(v + n, iov + 1, sizeof(*v) * (size_t)(count - 1));
    n += count - 1;
    int r = fusecanon_server_send_iov(ad->session, v, n);
    if (r > 0)
        *written = inner_writev(ad, fd, v, n);
    if (v != small)
        free(v);
    return r;
}

static ssize_t adapter_writev(int fd, struct iovec *iov, int count, void *userdata)
{
    (void)userdata;
    int clone = 0;
    struct fusecanon_fuse_adapter *ad = registry_find(fd, &clone);
    if (ad == NULL) {
        errno = EBADF;
        return -1;
    }
    size_t total = iov_total(iov, count);
    if (count < 1 || iov[0].iov_len < sizeof(struct fuse_out_header) || total > UINT32_MAX ||
        __atomic_load_n(&ad->passthrough, __ATOMIC_ACQUIRE))
        return inner_writev(ad, fd, iov, count);
    bump(&ad->n_replies);
    ssize_t written = 0;
    int r = send_copy(ad, fd, iov, count, total, &written);
    if (r > 0) {
        bump(&ad->n_replies_translated);
        return written < 0 ? written : (ssize_t)total;
    }
    if (!ad->init_done) /* anything before INIT, or an INIT reply the library did not take: as it is */
        return inner_writev(ad, fd, iov, count);

    /* The reply cannot be translated: answer EIO instead (a notification is dropped).  The request is still
       held by the library, so the error reply is translated with its context. */
    const struct fuse_out_header *hdr = iov[0].iov_base;
    fuse_log(FUSE_LOG_ERR, "fusecanon: reply %llu not translated: %s\n", (unsigned long long)hdr->unique,
             fusecanon_strerror(r));
    bump(&ad->n_replies_failed);
    if (hdr->unique == 0)
        return (ssize_t)total;
    struct fuse_out_header eio = { .len = sizeof(eio), .error = -EIO, .unique = hdr->unique };
    struct iovec one = { .iov_base = &eio, .iov_len = sizeof(eio) };
    (void)fusecanon_server_send(ad->session, &eio, sizeof(eio));
    written = inner_writev(ad, fd, &one, 1);
    return written < 0 ? written : (ssize_t)total;
}

#if FUSE_VERSION >= FUSE_MAKE_VERSION(3, 17)
/* libfuse's clone_fd (3.17+): a new descriptor for one worker thread, on the same connection.  The inner I/O's
   clone_fd makes it if it has one; otherwise fd is /dev/fuse and is cloned as libfuse would.  The clone shares
   the adapter and its library session: the in-flight table is per connection, not per descriptor. */
static int adapter_clone_fd(int master_fd)
{
    int clone = 0;
    struct fusecanon_fuse_adapter *ad = registry_find(master_fd, &clone);
    if (ad == NULL) {
        errno = EBADF;
        return -1;
    }
    int fd;
    if (ad->has_inner) {
        if (ad->inner.clone_fd == NULL) {
            errno = ENOTSUP; /* libfuse goes on without clone_fd */
            return -1;
        }
        fd = ad->inner.clone_fd(master_fd);
    } else {
        fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
        uint32_t master = (uint32_t)master_fd;
        if (fd >= 0 && ioctl(fd, FUSE_DEV_IOC_CLONE, &master) == -1) {
            int err = errno;
            close(fd);
            errno = err;
            fd = -1;
        }
    }
    if (fd < 0)
        return -1;
    if (registry_add(ad, fd, 0) != FUSECANON_OK) {
        close(fd);
        errno = EMFILE;
        return -1;
    }
    bump(&ad->n_clones);
    return fd;
}
#endif

/* ---- public API --------------------------------------------------------------------------------------- */

#define STATS_V1_SIZE (offsetof(struct fusecanon_fuse_adapter_stats, table_overflows) + sizeof(uint64_t))
#define CFG_V1_SIZE (offsetof(struct fusecanon_fuse_adapter_config, inner_userdata) + sizeof(void *))

int fusecanon_fuse_adapter_new(const struct fusecanon_fuse_adapter_config *cfg, struct fusecanon_fuse_adapter **out)
{
    if (cfg == NULL || out == NULL)
        return FUSECANON_E_INVALID_ARGUMENT;
    *out = NULL;
    if (cfg->size < CFG_V1_SIZE)
        return FUSECANON_E_STRUCT_SIZE;
    if ((cfg->flags & ~FUSECANON_FUSE_ADAPTER_QUIET) != 0)
        return FUSECANON_E_INVALID_ARGUMENT;
    if (cfg->session.role != 0 && cfg->session.role != FUSECANON_ROLE_SERVER)
        return FUSECANON_E_INVALID_ARGUMENT;
    if (cfg->inner != NULL && (cfg->inner->read == NULL || cfg->inner->writev == NULL))
        return FUSECANON_E_INVALID_ARGUMENT;

    struct fusecanon_fuse_adapter *ad = calloc(1, sizeof(*ad));
    if (ad == NULL)
        return FUSECANON_E_NO_MEMORY;
    struct fusecanon_config sc = cfg->session;
    if (sc.size == 0) /* a zeroed session config means the library's defaults, like every zero field */
        sc.size = sizeof(sc);
    sc.role = FUSECANON_ROLE_SERVER;
    int res = fusecanon_session_create(&sc, &ad->session);
    if (res != FUSECANON_OK) {
        free(ad);
        return res;
    }
    ad->flags = cfg->flags;
    ad->fd = -1;
    if (cfg->inner != NULL) {
        ad->inner.read = cfg->inner->read;
        ad->inner.writev = cfg->inner->writev;
#if FUSE_VERSION >= FUSE_MAKE_VERSION(3, 17)
        ad->inner.clone_fd = cfg->inner->clone_fd;
#endif
        ad->inner_userdata = cfg->inner_userdata;
        ad->has_inner = 1;
    }
    /* A fixed wire needs no INIT negotiation. */
    if (fusecanon_session_mode(ad->session) != FUSECANON_MODE_PENDING) {
        ad->init_done = 1;
        struct fusecanon_session_info info = { .size = sizeof(info) };
        if (fusecanon_session_info(ad->session, &info) == FUSECANON_OK)
            ad->swapped = (int)info.wire_swapped;
        ad->passthrough = fusecanon_session_passthrough(ad->session) == 1;
    }
    *out = ad;
    return FUSECANON_OK;
}

int fusecanon_fuse_adapter_attach(struct fusecanon_fuse_adapter *ad, struct fuse_session *se, int fd)
{
    if (ad == NULL || se == NULL)
        return FUSECANON_E_INVALID_ARGUMENT;
    if (fd < 0) /* after fuse_session_mount(): the session's own /dev/fuse descriptor */
        fd = fuse_session_fd(se);
    if (fd < 0)
        return FUSECANON_E_INVALID_ARGUMENT;
    if (ad->fd != -1)
        return FUSECANON_E_BAD_STATE;
    int res = registry_add(ad, fd, 1);
    if (res != FUSECANON_OK)
        return res;
#if FUSE_VERSION >= FUSE_MAKE_VERSION(3, 17)
    /* the generation with clone_fd: op_size tells libfuse which members the adapter fills */
    static const struct fuse_custom_io io = { .writev = adapter_writev, .read = adapter_read,
                                              .clone_fd = adapter_clone_fd };
    int err = fuse_session_custom_io_317(se, &io, sizeof(io), fd);
#else
    static const struct fuse_custom_io io = { .writev = adapter_writev, .read = adapter_read };
    int err = fuse_session_custom_io(se, &io, fd);
#endif
    if (err != 0) {
        registry_remove(ad);
        ad->fd = -1;
        errno = -err;
        return FUSECANON_E_INVALID_ARGUMENT;
    }
    return FUSECANON_OK;
}

const fusecanon_session *fusecanon_fuse_adapter_session(const struct fusecanon_fuse_adapter *ad)
{
    return ad == NULL ? NULL : ad->session;
}

int fusecanon_fuse_adapter_stats(const struct fusecanon_fuse_adapter *ad, struct fusecanon_fuse_adapter_stats *out)
{
    if (ad == NULL || out == NULL)
        return FUSECANON_E_INVALID_ARGUMENT;
    if (out->size < STATS_V1_SIZE)
        return FUSECANON_E_STRUCT_SIZE;
    struct fusecanon_fuse_adapter_stats s = { .size = out->size < sizeof(s) ? out->size : (uint32_t)sizeof(s) };
    s.requests = __atomic_load_n(&ad->n_requests, __ATOMIC_RELAXED);
    s.requests_translated = __atomic_load_n(&ad->n_requests_translated, __ATOMIC_RELAXED);
    s.requests_refused = __atomic_load_n(&ad->n_requests_refused, __ATOMIC_RELAXED);
    s.replies = __atomic_load_n(&ad->n_replies, __ATOMIC_RELAXED);
    s.replies_translated = __atomic_load_n(&ad->n_replies_translated, __ATOMIC_RELAXED);
    s.replies_failed = __atomic_load_n(&ad->n_replies_failed, __ATOMIC_RELAXED);
    s.clones = __atomic_load_n(&ad->n_clones, __ATOMIC_RELAXED);
    s.requests_on_clones = __atomic_load_n(&ad->n_requests_on_clones, __ATOMIC_RELAXED);
    memcpy(out, &s, s.size); /* a caller of 1.0 knows the fields up to table_overflows */
    return FUSECANON_OK;
}

void fusecanon_fuse_adapter_destroy(struct fusecanon_fuse_adapter *ad)
{
    if (ad == NULL)
        return;
    registry_remove(ad);
    fusecanon_session_destroy(ad->session);
    free(ad);
}
