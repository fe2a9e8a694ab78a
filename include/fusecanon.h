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
 * VERSIONING
 *   The shared object's SONAME is libfusecanon.so.<FUSECANON_VERSION_MAJOR>.  Minor versions only add
 *   functions, constants and struct fields at the end; the major changes only when something is removed or
 *   changes meaning.
 */
#ifndef FUSECANON_H
#define FUSECANON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------ */
/* Version                                                                                                  */
/* ------------------------------------------------------------------------------------------------------ */

#define FUSECANON_VERSION_MAJOR 1
#define FUSECANON_VERSION_MINOR 0
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

#ifdef __cplusplus
}
#endif

#endif /* FUSECANON_H */
