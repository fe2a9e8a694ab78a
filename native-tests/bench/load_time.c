/*
 * Library load and first call: how long a process waits for libfusecanon.so before its first translated
 * message.  dlopen(RTLD_NOW) of the library (the Native AOT runtime initialises lazily, on the first call),
 * then the first call of an export, the first session and the first translated request, each timed with
 * CLOCK_MONOTONIC.  Prints one line in milliseconds; exits non-zero only if a step fails.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <fusecanon.h>
#include <linux/fuse.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

#define SYM(name) __typeof__(&name) name##_p; *(void **)&name##_p = dlsym(lib, #name); if (!name##_p) return fail(#name)

static int fail(const char *what)
{
    fprintf(stderr, "fusecanon_bench_load: %s failed (%s)\n", what, dlerror());
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : FUSECANON_LIBRARY_PATH;
    double t0 = now_ms();
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return fail("dlopen");
    double t1 = now_ms();
    SYM(fusecanon_version);
    SYM(fusecanon_arch_id_from_name);
    SYM(fusecanon_session_create);
    SYM(fusecanon_request_decode);
    SYM(fusecanon_session_destroy);
    if (fusecanon_version_p() / 10000 != FUSECANON_VERSION_MAJOR)
        return fail("fusecanon_version");
    double t2 = now_ms();
    struct fusecanon_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.size = sizeof cfg;
    cfg.role = FUSECANON_ROLE_SERVER;
    cfg.local_arch = fusecanon_arch_id_from_name_p("x86_64");
    cfg.wire = fusecanon_arch_id_from_name_p("aarch64");
    fusecanon_session *s;
    if (fusecanon_session_create_p(&cfg, &s) != FUSECANON_OK)
        return fail("fusecanon_session_create");
    double t3 = now_ms();
    unsigned char msg[sizeof(struct fuse_in_header) + sizeof(struct fuse_open_in)];
    struct fuse_in_header h;
    memset(msg, 0, sizeof msg);
    memset(&h, 0, sizeof h);
    h.len = sizeof msg;
    h.opcode = FUSE_OPEN;
    h.unique = 1;
    memcpy(msg, &h, sizeof h);
    if (fusecanon_request_decode_p(s, msg, sizeof msg) != FUSECANON_OK)
        return fail("fusecanon_request_decode");
    double t4 = now_ms();
    fusecanon_session_destroy_p(s);
    printf("load_ms=%.3f first_call_ms=%.3f first_session_ms=%.3f first_message_ms=%.3f total_ms=%.3f\n",
           t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0);
    return 0;
}
