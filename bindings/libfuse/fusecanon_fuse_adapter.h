/*
 * fusecanon_fuse_adapter.h - architecture translation for an unmodified libfuse (>= 3.13; tested with 3.14 and 3.18).
 *
 * NAME
 *     fusecanon_fuse_adapter - translate the FUSE messages of a libfuse low-level session between CPU
 *     architectures, without patching libfuse, through fuse_session_custom_io().
 *
 * SYNOPSIS
 *     #define FUSE_USE_VERSION 314
 *     #include <fuse_lowlevel.h>
 *     #include "fusecanon_fuse_adapter.h"
 *
 *     struct fusecanon_fuse_adapter_config cfg = { .size = sizeof(cfg) };  // zero: defaults
 *     struct fusecanon_fuse_adapter *ad;
 *     if (fusecanon_fuse_adapter_new(&cfg, &ad) != FUSECANON_OK) ...
 *
 *     struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), userdata);
 *     fuse_session_mount(se, mountpoint);
 *     if (fusecanon_fuse_adapter_attach(ad, se, -1) != FUSECANON_OK) ...  // -1: fuse_session_fd(se)
 *     fuse_session_loop_mt(se, loop_config);   // or fuse_session_loop(se); clone_fd allowed (see below)
 *     fuse_session_unmount(se);
 *     fuse_session_destroy(se);
 *     fusecanon_fuse_adapter_destroy(ad);
 *
 *     Instead of mounting, a caller may pass a descriptor of its own (a /dev/fuse it mounted, one end of a
 *     socket pair, a vhost-user queue's adapter): fusecanon_fuse_adapter_attach(ad, se, fd).
 *
 *     Link: libfusecanon-fuse.a (CMake target FuseCanon::fuse_adapter), libfusecanon.so.1 and libfuse3.
 *
 * DESCRIPTION
 *     libfuse 3.13 added fuse_session_custom_io(): the session reads every request through a read callback and
 *     writes every reply through a writev callback.  The adapter supplies both, through whichever generation
 *     the libfuse headers it is compiled against have (chosen from FUSE_VERSION): fuse_session_custom_io(se,
 *     io, fd) before 3.17, fuse_session_custom_io_317(se, io, op_size, fd) with the clone_fd callback since.  It is a libfusecanon session in
 *     the server role (include/fusecanon.h) wrapped around the real I/O:
 *
 *       read    reads one request from fd and gives it to fusecanon_server_recv(), the library's connection
 *               tier: an INIT request (of either byte order) starts the negotiation, every later request is
 *               translated in place before libfuse sees it.  A request the library cannot hand on (an unknown
 *               opcode, a value the client's arch does not define) never reaches libfuse: the library writes
 *               its error reply in the client's terms, the adapter sends it and reads the next request.
 *       writev  gives every reply and notification to fusecanon_server_send() in a private copy: the INIT reply
 *               is stamped with the decision (canonical flag in flags2, which libfuse 3.14 cannot express) and
 *               a refused client gets the 16-byte failed INIT the library rewrote, the reason is logged with
 *               fuse_log(), and later reads fail with ENODEV so the session loop ends.  Every other reply is
 *               translated with what the library kept about its request.  The filesystem's buffers are never
 *               modified: replies of at most FUSECANON_FUSE_ADAPTER_COPY_MAX bytes, and every reply of a client of
 *               the other byte order, are copied whole (on the heap if large); larger ones (READ data) only in
 *               their header, the data iovecs pass on as they are.  A reply the library cannot translate is
 *               replaced by EIO (a notification is dropped).
 *
 *     Once INIT settles on a connection that needs no translation at all (fusecanon_session_passthrough():
 *     the client has this host's format and byte order), the callbacks pass messages through without calling
 *     the library.
 *
 *     libfuse never splices through custom I/O without splice callbacks, so every message is in memory.
 *
 * THREADS
 *     The callbacks are safe for libfuse's multi-threaded loop (fuse_session_loop_mt): the library keeps each
 *     request's context in its lock-free in-flight table (struct fusecanon_config.max_in_flight) and its
 *     session is immutable after INIT.

 * CALLBACK USERDATA AND FILE DESCRIPTORS
 *     libfuse passes the session's userdata (the filesystem's) to custom I/O callbacks, not a cookie of the
 *     I/O layer, so the adapter finds itself through the file descriptor: fusecanon_fuse_adapter_attach()
 *     registers fd in a process-wide table of FUSECANON_FUSE_ADAPTER_MAX adapters (FUSECANON_FUSE_ADAPTER_MAX_FDS
 *     descriptors, clones included).
 *
 * CLONE_FD
 *     libfuse's multi-threaded loop with clone_fd gives each worker thread a descriptor of its own on the same
 *     connection.  All of them share the adapter and its one library session (the in-flight table belongs to
 *     the connection: a reply may leave on another descriptor than its request came in on).
 *       libfuse >= 3.17  calls the adapter's clone_fd callback: the inner I/O's clone_fd if config.inner has
 *                        one (without one, libfuse goes on without clone_fd), otherwise a new /dev/fuse
 *                        descriptor cloned from fd with FUSE_DEV_IOC_CLONE; it is registered for the adapter.
 *       libfuse < 3.17   clones /dev/fuse itself and hands the clone to the callbacks; the adapter adopts a
 *                        descriptor it does not know when exactly one adapter is attached in the process (an
 *                        adapter serves one session, so it can only be that session's clone); with several
 *                        attached, clone_fd is not supported (the clone's reads fail with EBADF).
 *     A clone that libfuse closes when its worker ends stays registered until its number is reused or the
 *     adapter is destroyed.
 *
 * INNER I/O
 *     By default the adapter reads with read(2) and writes with writev(2) on fd: a /dev/fuse descriptor the
 *     caller mounted, or one end of a socket pair (SOCK_SEQPACKET keeps message boundaries), or anything that
 *     behaves like /dev/fuse.  Another transport plugs in as config.inner (its read and writev are mandatory,
 *     its splice callbacks are ignored) with config.inner_userdata as their userdata.
 *
 * RETURN VALUES
 *     Functions that can fail return FUSECANON_OK or a negative FUSECANON_E_* code (fusecanon_strerror()).
 *     Errors of the inner I/O reach libfuse unchanged (-1 and errno), as libfuse expects.
 *
 * ORDER OF DESTRUCTION
 *     fuse_session_destroy() first (it closes fd; the adapter must outlive every callback), then
 *     fusecanon_fuse_adapter_destroy(), which unregisters fd.
 */
#ifndef FUSECANON_FUSE_ADAPTER_H
#define FUSECANON_FUSE_ADAPTER_H

#include <stdint.h>
#include <fusecanon.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fuse_session;
struct fuse_custom_io;

/** Adapters that can be attached at the same time in one process. */
#define FUSECANON_FUSE_ADAPTER_MAX 64
/** Descriptors (attached ones and clone_fd clones) the process-wide table holds. */
#define FUSECANON_FUSE_ADAPTER_MAX_FDS 512
/** Replies up to this many bytes are translated in a private copy as a whole. */
#define FUSECANON_FUSE_ADAPTER_COPY_MAX 4096

/* struct fusecanon_fuse_adapter_config.flags */
#define FUSECANON_FUSE_ADAPTER_QUIET (1u << 0) /* do not fuse_log() the negotiated mode (refusals are logged) */

/**
 * struct fusecanon_fuse_adapter_config - how to set up an adapter.  Zero means default in every field.
 */
struct fusecanon_fuse_adapter_config {
    uint32_t size;                        /* sizeof(struct fusecanon_fuse_adapter_config) */
    uint32_t flags;                       /* FUSECANON_FUSE_ADAPTER_* */
    struct fusecanon_config session;      /* the libfusecanon session (size 0: sizeof, all defaults); the role is
                                             always FUSECANON_ROLE_SERVER (0 or SERVER accepted); wire,
                                             legacy_peer_arch, unknown_policy, flags, profile as documented in
                                             fusecanon.h (e.g. legacy_peer_arch = the arch of clients that send
                                             no arch_id, FUSECANON_CFG_REFUSE_PEER) */
    const struct fuse_custom_io *inner;   /* NULL: read(2)/writev(2) on fd; else its read and writev (copied) */
    void *inner_userdata;                 /* passed to inner->read and inner->writev */
};

/** struct fusecanon_fuse_adapter_stats - what the adapter met (fusecanon_fuse_adapter_stats()). */
struct fusecanon_fuse_adapter_stats {
    uint32_t size;                  /* in: sizeof(struct fusecanon_fuse_adapter_stats); the 1.0 size (up to
                                       table_overflows) is accepted and gets the fields it has */
    uint32_t reserved;
    uint64_t requests;              /* requests read */
    uint64_t requests_translated;   /* requests decoded by libfusecanon */
    uint64_t requests_refused;      /* requests that could not be translated, answered with EIO */
    uint64_t replies;               /* replies and notifications written */
    uint64_t replies_translated;    /* replies encoded by libfusecanon */
    uint64_t replies_failed;        /* replies that could not be translated, replaced by EIO */
    uint64_t table_overflows;       /* always 0, kept for callers of 1.0: the library now holds each request's
                                       context and answers what it cannot hold (counted in requests_refused) */
    uint64_t clones;                /* descriptors made or adopted for clone_fd */
    uint64_t requests_on_clones;    /* requests read on those (counted in requests too) */
};

struct fusecanon_fuse_adapter;

/**
 * fusecanon_fuse_adapter_new - create an adapter and its libfusecanon session.
 *
 * Returns FUSECANON_OK and *out, or FUSECANON_E_INVALID_ARGUMENT (NULL cfg or out, a role other than server,
 * unknown flags, inner without read or writev), FUSECANON_E_STRUCT_SIZE (cfg->size too small), FUSECANON_E_NO_MEMORY,
 * or any error of fusecanon_session_create().
 */
int fusecanon_fuse_adapter_new(const struct fusecanon_fuse_adapter_config *cfg, struct fusecanon_fuse_adapter **out);

/**
 * fusecanon_fuse_adapter_attach - make se read and write fd through the adapter.
 *
 * Calls fuse_session_custom_io(se, callbacks, fd).  fd -1 means fuse_session_fd(se): the /dev/fuse descriptor
 * of a session already mounted with fuse_session_mount().  Otherwise fd is a descriptor of the caller's, used in
 * place of fuse_session_mount(), which then belongs to se.  An adapter serves one session.  Returns
 * FUSECANON_OK, FUSECANON_E_INVALID_ARGUMENT (NULL, no descriptor, or fuse_session_custom_io() failed), FUSECANON_E_BAD_STATE (already attached, or fd already has an adapter),
 * FUSECANON_E_NO_MEMORY (FUSECANON_FUSE_ADAPTER_MAX adapters attached).
 */
int fusecanon_fuse_adapter_attach(struct fusecanon_fuse_adapter *ad, struct fuse_session *se, int fd);

/**
 * fusecanon_fuse_adapter_session - the adapter's libfusecanon session, for fusecanon_session_mode(),
 * fusecanon_session_reason(), fusecanon_session_peer_arch() (ioctl payloads) and fusecanon_session_stats().
 * Owned by the adapter; NULL for NULL.
 */
const fusecanon_session *fusecanon_fuse_adapter_session(const struct fusecanon_fuse_adapter *ad);

/**
 * fusecanon_fuse_adapter_stats - a snapshot of the adapter's counters; out->size must be set.
 * Returns FUSECANON_OK, FUSECANON_E_INVALID_ARGUMENT, FUSECANON_E_STRUCT_SIZE.
 */
int fusecanon_fuse_adapter_stats(const struct fusecanon_fuse_adapter *ad, struct fusecanon_fuse_adapter_stats *out);

/**
 * fusecanon_fuse_adapter_destroy - unregister fd and free the adapter and its session.  NULL does nothing.
 * Call it after fuse_session_destroy().
 */
void fusecanon_fuse_adapter_destroy(struct fusecanon_fuse_adapter *ad);

#ifdef __cplusplus
}
#endif

#endif /* FUSECANON_FUSE_ADAPTER_H */
