/*
 * fusecanon_fuse_adapter.c - libfusecanon behind fuse_session_custom_io() (see fusecanon_fuse_adapter.h).
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <fuse_log.h>
#include <linux/fuse.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
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
};

/* ---- process-wide fd -> adapter registry (custom io callbacks get the filesystem's userdata) ---------- */

static pthread_rwlock_t registry_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct fusecanon_fuse_adapter *registry[FUSECANON_FUSE_ADAPTER_MAX];

static struct fusecanon_fuse_adapter *registry_find(int fd)
{
    struct fusecanon_fuse_adapter *found = NULL;
    pthread_rwlock_rdlock(&registry_lock);
    for (int i = 0; i < FUSECANON_FUSE_ADAPTER_MAX; i++) {
        if (registry[i] != NULL && registry[i]->fd == fd) {
            found = registry[i];
            break;
        }
    }
    pthread_rwlock_unlock(&registry_lock);
    return found;
}

static int registry_add(struct fusecanon_fuse_adapter *ad, int fd)
{
    int res = FUSECANON_E_NO_MEMORY;
    pthread_rwlock_wrlock(&registry_lock);
    for (int i = 0; i < FUSECANON_FUSE_ADAPTER_MAX; i++) {
        if (registry[i] != NULL && registry[i]->fd == fd) {
            res = FUSECANON_E_BAD_STATE;
            goto out;
        }
    }
    for (int i = 0; i < FUSECANON_FUSE_ADAPTER_MAX; i++) {
        if (registry[i] == NULL) {
            ad->fd = fd;
            registry[i] = ad;
            res = FUSECANON_OK;
            break;
        }
    }
out:
    pthread_rwlock_unlock(&registry_lock);
    return res;
}

static void registry_remove(struct fusecanon_fuse_adapter *ad)
{
    pthread_rwlock_wrlock(&registry_lock);
    for (int i = 0; i < FUSECANON_FUSE_ADAPTER_MAX; i++)
        if (registry[i] == ad)
            registry[i] = NULL;
    pthread_rwlock_unlock(&registry_lock);
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
    struct fusecanon_fuse_adapter *ad = registry_find(fd);
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
    struct fusecanon_fuse_adapter *ad = registry_find(fd);
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

/* ---- public API --------------------------------------------------------------------------------------- */

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
    int res = registry_add(ad, fd);
    if (res != FUSECANON_OK)
        return res;
    static const struct fuse_custom_io io = { .writev = adapter_writev, .read = adapter_read };
    int err = fuse_session_custom_io(se, &io, fd);
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
    if (out->size < sizeof(*out))
        return FUSECANON_E_STRUCT_SIZE;
    struct fusecanon_fuse_adapter_stats s = { .size = sizeof(s) };
    s.requests = __atomic_load_n(&ad->n_requests, __ATOMIC_RELAXED);
    s.requests_translated = __atomic_load_n(&ad->n_requests_translated, __ATOMIC_RELAXED);
    s.requests_refused = __atomic_load_n(&ad->n_requests_refused, __ATOMIC_RELAXED);
    s.replies = __atomic_load_n(&ad->n_replies, __ATOMIC_RELAXED);
    s.replies_translated = __atomic_load_n(&ad->n_replies_translated, __ATOMIC_RELAXED);
    s.replies_failed = __atomic_load_n(&ad->n_replies_failed, __ATOMIC_RELAXED);
    *out = s;
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
