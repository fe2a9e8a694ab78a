/*
 * lsan_startup.c - linked into libfusecanon.so (not an export): keeps LeakSanitizer quiet about the .NET
 * runtime's start-up.
 *
 * The first call into the library starts the runtime, which malloc()s a few process-lifetime objects (the
 * wait subsystem's LowLevelMonitor, 88 bytes: a pthread mutex and condition) and keeps their only pointers in
 * managed objects on the GC heap.  The GC heap is mmap()ed memory that LeakSanitizer does not scan, so at exit
 * it reports them as leaked although the runtime still uses them: not a leak, but an AddressSanitizer build of
 * any consumer would exit 1.
 *
 * When (and only when) the process runs under LeakSanitizer, this constructor starts the runtime while
 * LeakSanitizer ignores allocations (__lsan_disable/__lsan_enable, found with dlsym so that nothing changes in
 * a process without sanitizers, where the runtime still starts on the first call).  Only the runtime's own
 * start-up is covered: a session or buffer the library allocates later is still leak-checked.
 */
#include <dlfcn.h>
#include <stddef.h>

unsigned fusecanon_version(void);

__attribute__((constructor)) static void fusecanon_lsan_startup(void)
{
    void (*lsan_disable)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_disable");
    void (*lsan_enable)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_enable");
    if (lsan_disable == NULL || lsan_enable == NULL)
        return;
    lsan_disable();
    (void)fusecanon_version(); /* any export starts the runtime */
    lsan_enable();
}
