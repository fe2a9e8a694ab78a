/*
 * fusecanon_fuse_adapter.c - libfusecanon behind fuse_session_custom_io() (see fusecanon_fuse_adapter.h).
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <fuse_log.h>
#include <linux/fuse.h>

#include <byteswap.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fusecanon_fuse_adapter.h"

#define TABLE_MASK (FUSECANON_FUSE_ADAPTER_TABLE_SIZE - 1)
_Static_assert((FUSECANON_FUSE_ADAPTER_TABLE_SIZE & TABLE_MASK) == 0, "table size must be a power of two");

enum adapter_state { ST_NEGOTIATING = 0, ST_PASSTHROUGH, ST_TRANSLATING, ST_REJECTED };

struct pending {
    uint64_t unique; /* 0: free slot (requests always have a nonzero unique) */
    uint32_t opcode;
};

struct fusecanon_fuse_adapter {
    fusecanon_session *session;
    uint32_t flags;
    struct fuse_custom_io inner;
    void *inner_userdata;
    int has_inner;
    int fd;                     /* -1 until attached */
    int state;                  /* enum adapter_state, atomic */
    int swapped;                /* the client's byte order is not ours (set once, before ST_TRANSLATING) */
    uint64_t init_unique;       /* unique of the INIT request being negotiated */
    pthread_mutex_t lock;       /* guards table */
    struct pending table[FUSECANON_FUSE_ADAPTER_TABLE_SIZE];
    uint64_t n_requests, n_requests_translated, n_requests_refused;
    uint64_t n_replies, n_replies_translated, n_replies_failed, n_table_overflows;
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

/* ---- unique -> opcode: open addressing, linear probing, backward-shift deletion ----------------------- */

static size_t slot_of(uint64_t unique)
{
    /* Kernel uniques grow in steps of 2; mix so that consecutive ids spread. */
    uint64_t h = unique * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 40) & TABLE_MASK;
}

static int table_put(struct fusecanon_fuse_adapter *ad, uint64_t unique, uint32_t opcode)
{
    int ok = 0;
    pthread_mutex_lock(&ad->lock);
    size_t i = slot_of(unique);
    for (size_t n = 0; n < FUSECANON_FUSE_ADAPTER_TABLE_SIZE; n++, i = (i + 1) & TABLE_MASK) {
        if (ad->table[i].unique == 0 || ad->table[i].unique == unique) {
            ad->table[i].unique = unique;
            ad->table[i].opcode = opcode;
            ok = 1;
            break;
        }
    }
    if (!ok)
        bump(&ad->n_table_overflows);
    pthread_mutex_unlock(&ad->lock);
    return ok;
}

/* Removes the entry; returns 1 and *opcode if it was there. */
static int table_take(struct fusecanon_fuse_adapter *ad, uint64_t unique, uint32_t *opcode)
{
    int found = 0;
    pthread_mutex_lock(&ad->lock);
    size_t i = slot_of(unique);
    for (size_t n = 0; n < FUSECANON_FUSE_ADAPTER_TABLE_SIZE; n++, i = (i + 1) & TABLE_MASK) {
        if (ad->table[i].unique == 0)
            break;
        if (ad->table[i].unique == unique) {
            *opcode = ad->table[i].opcode;
            found = 1;
            /* backward-shift: move later entries of the cluster into the hole if their home allows it */
            size_t hole = i;
            size_t j = (i + 1) & TABLE_MASK;
            while (ad->table[j].unique != 0) {
                size_t home = slot_of(ad->table[j].unique);
                /* entry j may move to hole if home is not in the cyclic range (hole, j] */
                int in_range = (hole <= j) ? (home > hole && home <= j) : (home > hole || home <= j);
                if (!in_range) {
                    ad->table[hole] = ad->table[j];
                    hole = j;
                }
                j = (j + 1) & TABLE_MASK;
            }
            ad->table[hole].unique = 0;
            break;
        }
    }
    pthread_mutex_unlock(&ad->lock);
    return found;
}

/* The opcode of an INIT sent by a client of the other byte order. */
#define INIT_SWAPPED ((uint32_t)FUSE_INIT << 24)

static int expects_reply(uint32_t opcode)
{
    return opcode != FUSE_FORGET && opcode != FUSE_BATCH_FORGET && opcode != FUSE_INTERRUPT &&
           opcode != FUSE_NOTIFY_REPLY;
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


/* Answers a request with EIO in the wire's numbering and byte order (the request never reaches libfuse).
   The request is as received: in the wire's byte order. */
static void refuse_request(struct fusecanon_fuse_adapter *ad, int fd, const struct fuse_in_header *in)
{
    uint64_t unique = ad->swapped ? bswap_64(in->unique) : in->unique;
    uint32_t opcode = ad->swapped ? bswap_32(in->opcode) : in->opcode;
    struct fuse_out_header out = { .len = sizeof(out), .error = -EIO, .unique = unique };
    struct iovec iov = { .iov_base = &out, .iov_len = sizeof(out) };
    (void)fusecanon_reply_encode(ad->session, opcode, &out, sizeof(out));
    (void)inner_writev(ad, fd, &iov, 1);
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
        if (__atomic_load_n(&ad->state, __ATOMIC_ACQUIRE) == ST_REJECTED) {
            errno = ENODEV; /* libfuse: the filesystem was unmounted, end the loop */
            return -1;
        }
        ssize_t n = inner_read(ad, fd, buf, buf_len);
        if (n < (ssize_t)sizeof(struct fuse_in_header))
            return n; /* errors and short reads: libfuse's business */
        /* The state as of this message, not as of the call: with the multi-threaded loop another thread may
           have completed INIT while this one waited in read, and the client sent this request after that. */
        int state = __atomic_load_n(&ad->state, __ATOMIC_ACQUIRE);
        struct fuse_in_header *in = buf;
        bump(&ad->n_requests);

        if (state == ST_NEGOTIATING) {
            if (in->opcode == FUSE_INIT || in->opcode == INIT_SWAPPED) {
                int swapped = in->opcode == INIT_SWAPPED;
                /* a swapped INIT is converted to this host's order in place */
                int res = fusecanon_server_init_request(ad->session, buf, (size_t)n);
                if (res == FUSECANON_OK)
                    ad->swapped = swapped;
                __atomic_store_n(&ad->init_unique, in->unique, __ATOMIC_RELEASE);
                if (res != FUSECANON_OK)
                    fuse_log(FUSE_LOG_ERR, "fusecanon: INIT request not understood: %s\n", fusecanon_strerror(res));
            }
            return n;
        }
        if (state == ST_PASSTHROUGH)
            return n;

        int res = fusecanon_request_decode(ad->session, buf, (size_t)n);
        if (res != FUSECANON_OK) {
            fuse_log(FUSE_LOG_ERR, "fusecanon: request %llu (opcode %u) not translated: %s\n",
                     (unsigned long long)in->unique, in->opcode, fusecanon_strerror(res));
            bump(&ad->n_requests_refused);
            refuse_request(ad, fd, in);
            continue;
        }
        bump(&ad->n_requests_translated);
        if (expects_reply(in->opcode))
            table_put(ad, in->unique, in->opcode);
        return n;
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

static ssize_t send_init_reply(struct fusecanon_fuse_adapter *ad, int fd, struct iovec *iov, int count, size_t total)
{
    unsigned char buf[sizeof(struct fuse_out_header) + sizeof(struct fuse_init_out) + 64];
    if (total > sizeof(buf))
        return inner_writev(ad, fd, iov, count); /* not an INIT reply we know: pass on */
    gather(buf, iov, count);
    struct fuse_out_header *out = (void *)buf;
    if (out->error != 0 || total == sizeof(*out)) {
        /* libfuse refused INIT itself (e.g. EPROTO): no translation follows, but the client reads this error in
         * its own numbering (an alpha client's EPROTO is 85, not 71): the session translates it */
        if (out->error != 0 && fusecanon_server_init_reply(ad->session, buf, total) != FUSECANON_OK)
            fuse_log(FUSE_LOG_ERR, "fusecanon: INIT error reply not translated\n");
        struct iovec one = { .iov_base = buf, .iov_len = total };
        __atomic_store_n(&ad->state, ST_PASSTHROUGH, __ATOMIC_RELEASE);
        return inner_writev(ad, fd, &one, 1);
    }
    struct fuse_init_out *arg = (void *)(buf + sizeof(*out));
    if (arg->major > 7) /* libfuse asks for a second INIT: keep negotiating */
        return inner_writev(ad, fd, iov, count);

    int res = fusecanon_server_init_reply(ad->session, buf, total);
    struct iovec one = { .iov_base = buf, .iov_len = total };
    if (res == FUSECANON_E_REJECTED) {
        fuse_log(FUSE_LOG_ERR, "fusecanon: refusing the client: %s\n", fusecanon_session_reason(ad->session));
        one.iov_len = sizeof(struct fuse_out_header);
        __atomic_store_n(&ad->state, ST_REJECTED, __ATOMIC_RELEASE);
    } else if (res != FUSECANON_OK) {
        fuse_log(FUSE_LOG_ERR, "fusecanon: INIT reply not translated (%s): no translation\n", fusecanon_strerror(res));
        __atomic_store_n(&ad->state, ST_PASSTHROUGH, __ATOMIC_RELEASE);
        return inner_writev(ad, fd, iov, count);
    } else {
        int mode = fusecanon_session_mode(ad->session);
        /* a client of the other byte order needs every message swapped, also when the constants agree */
        int translating = mode == FUSECANON_MODE_CANONICAL || mode == FUSECANON_MODE_PEER || ad->swapped;
        if (!(ad->flags & FUSECANON_FUSE_ADAPTER_QUIET))
            fuse_log(FUSE_LOG_INFO, "fusecanon: %s\n", fusecanon_session_reason(ad->session));
        /* published before the reply leaves: the client's next request may be read by another thread */
        __atomic_store_n(&ad->state, translating ? ST_TRANSLATING : ST_PASSTHROUGH, __ATOMIC_RELEASE);
    }
    ssize_t w = inner_writev(ad, fd, &one, 1);
    return w < 0 ? w : (ssize_t)total;
}

static ssize_t adapter_writev(int fd, struct iovec *iov, int count, void *userdata)
{
    (void)userdata;
    struct fusecanon_fuse_adapter *ad = registry_find(fd);
    if (ad == NULL) {
        errno = EBADF;
        return -1;
    }
    int state = __atomic_load_n(&ad->state, __ATOMIC_ACQUIRE);
    size_t total = iov_total(iov, count);
    if (count < 1 || iov[0].iov_len < sizeof(struct fuse_out_header) || total > UINT32_MAX)
        return inner_writev(ad, fd, iov, count);
    const struct fuse_out_header *hdr = iov[0].iov_base;
    bump(&ad->n_replies);

    if (state == ST_NEGOTIATING) {
        if (hdr->unique != 0 && hdr->unique == __atomic_load_n(&ad->init_unique, __ATOMIC_ACQUIRE))
            return send_init_reply(ad, fd, iov, count, total);
        return inner_writev(ad, fd, iov, count);
    }
    if (state != ST_TRANSLATING)
        return inner_writev(ad, fd, iov, count);

    uint32_t opcode = 0;
    int known = 1;
    if (hdr->unique != 0)
        known = table_take(ad, hdr->unique, &opcode);
    if (!known) {
        /* Not remembered (INTERRUPT's EAGAIN, table overflow): an error-only reply means the same for every
           opcode, so translate it as FLUSH's; a body cannot be interpreted and is passed on as it is. */
        if (hdr->error == 0 || total != sizeof(struct fuse_out_header))
            return inner_writev(ad, fd, iov, count);
        opcode = FUSE_FLUSH;
    }

    /* Never modify the filesystem's buffers: translate a private copy.  Swapping rewrites the fields of the
       whole body (dirents, ...), so a swapped session copies every reply whole, on the heap if it is large. */
    if (total <= FUSECANON_FUSE_ADAPTER_COPY_MAX || ad->swapped) {
        unsigned char small_buf[FUSECANON_FUSE_ADAPTER_COPY_MAX];
        unsigned char *buf = total <= sizeof(small_buf) ? small_buf : malloc(total);
        int res = FUSECANON_E_NO_MEMORY;
        if (buf != NULL) {
            gather(buf, iov, count);
            res = fusecanon_reply_encode(ad->session, opcode, buf, total);
        }
        if (res == FUSECANON_OK) {
            struct iovec one = { .iov_base = buf, .iov_len = total };
            bump(&ad->n_replies_translated);
            ssize_t w = inner_writev(ad, fd, &one, 1);
            int err = errno;
            if (buf != small_buf)
                free(buf);
            errno = err;
            return w;
        }
        if (buf != small_buf)
            free(buf);
        fuse_log(FUSE_LOG_ERR, "fusecanon: reply %llu (opcode %u) not translated: %s\n",
                 (unsigned long long)hdr->unique, opcode, fusecanon_strerror(res));
    } else {
        struct iovec small[8];
        struct iovec *v = count <= 8 ? small : malloc(sizeof(*v) * (size_t)count);
        if (v != NULL) {
            struct fuse_out_header h = *hdr;
            memcpy(v, iov, sizeof(*v) * (size_t)count);
            v[0].iov_base = &h;
            v[0].iov_len = sizeof(h);
            /* a longer iov[0] (header + start of body) is split so that only the header is ours */
            int extra = iov[0].iov_len > sizeof(h);
            struct iovec *w = v;
            struct iovec *big = NULL;
            if (extra) {
                big = malloc(sizeof(*big) * (size_t)(count + 1));
                if (big != NULL) {
                    big[0] = v[0];
                    big[1].iov_base = (char *)iov[0].iov_base + sizeof(h);
                    big[1].iov_len = iov[0].iov_len - sizeof(h);
                    memcpy(big + 2, iov + 1, sizeof(*big) * (size_t)(count - 1));
                    w = big;
                }
            }
            int n = (extra && big != NULL) ? count + 1 : count;
            int res = (extra && big == NULL) ? FUSECANON_E_NO_MEMORY
                                             : fusecanon_reply_encode_iov(ad->session, opcode, w, n);
            ssize_t ret = -1;
            if (res == FUSECANON_OK) {
                bump(&ad->n_replies_translated);
                ret = inner_writev(ad, fd, w, n);
            } else {
                fuse_log(FUSE_LOG_ERR, "fusecanon: reply %llu (opcode %u) not translated: %s\n",
                         (unsigned long long)hdr->unique, opcode, fusecanon_strerror(res));
            }
            free(big);
            if (v != small)
                free(v);
            if (res == FUSECANON_OK)
                return ret;
        }
    }

    /* The reply cannot be translated: answer EIO instead (a notification is dropped). */
    bump(&ad->n_replies_failed);
    if (hdr->unique == 0)
        return (ssize_t)total;
    struct fuse_out_header eio = { .len = sizeof(eio), .error = -EIO, .unique = hdr->unique };
    struct iovec one = { .iov_base = &eio, .iov_len = sizeof(eio) };
    (void)fusecanon_reply_encode(ad->session, opcode, &eio, sizeof(eio));
    ssize_t w = inner_writev(ad, fd, &one, 1);
    return w < 0 ? w : (ssize_t)total;
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
    int mode = fusecanon_session_mode(ad->session);
    ad->state = mode == FUSECANON_MODE_PENDING ? ST_NEGOTIATING
              : (mode == FUSECANON_MODE_CANONICAL || mode == FUSECANON_MODE_PEER) ? ST_TRANSLATING
                                                                                   : ST_PASSTHROUGH;
    pthread_mutex_init(&ad->lock, NULL);
    *out = ad;
    return FUSECANON_OK;
}

int fusecanon_fuse_adapter_attach(struct fusecanon_fuse_adapter *ad, struct fuse_session *se, int fd)
{
    if (ad == NULL || se == NULL || fd < 0)
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
    s.table_overflows = __atomic_load_n(&ad->n_table_overflows, __ATOMIC_RELAXED);
    *out = s;
    return FUSECANON_OK;
}

void fusecanon_fuse_adapter_destroy(struct fusecanon_fuse_adapter *ad)
{
    if (ad == NULL)
        return;
    registry_remove(ad);
    fusecanon_session_destroy(ad->session);
    pthread_mutex_destroy(&ad->lock);
    free(ad);
}
