/* Names of open flags in a given architecture's numbering, shared by the e2e client and server. */
#ifndef E2E_NAMES_H
#define E2E_NAMES_H
#include <stdio.h>
#include <string.h>

#include "e2e_arch_values.h"

/* "O_RDWR|O_CREAT|O_LARGEFILE": bits of a->o[] that are all set in flags, then leftover bits in hex */
static inline void e2e_open_flag_names(const struct e2e_arch_values *a, uint32_t flags, char *buf, size_t len)
{
    static const char *names[E2E_O_COUNT] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_DIRECT",
                                              "O_DIRECTORY", "O_NOFOLLOW", "O_LARGEFILE", "__FMODE_EXEC" };
    uint32_t acc = flags & 3u;
    uint32_t rest = flags & ~3u;
    snprintf(buf, len, "%s", acc == a->o[E2E_O_WRONLY] ? "O_WRONLY" : acc == a->o[E2E_O_RDWR] ? "O_RDWR" : "O_RDONLY");
    for (int i = E2E_O_CREAT; i < E2E_O_COUNT; i++) {
        if (a->o[i] != 0 && (rest & a->o[i]) == a->o[i]) {
            strncat(buf, "|", len - strlen(buf) - 1);
            strncat(buf, names[i], len - strlen(buf) - 1);
            rest &= ~a->o[i];
        }
    }
    if (rest) {
        char extra[24];
        snprintf(extra, sizeof(extra), "|0x%x", rest);
        strncat(buf, extra, len - strlen(buf) - 1);
    }
}

#endif
