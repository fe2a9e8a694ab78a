/* Negative control of consumer.asan: a consumer that forgets fusecanon_session_destroy().  Its build with
 * AddressSanitizer must fail at exit with a LeakSanitizer report: the library's own allocations stay checked. */
#include <fusecanon.h>
#include <stdio.h>

int main(void)
{
    struct fusecanon_config cfg = { 0 };
    fusecanon_session *s = NULL;
    cfg.size = sizeof(cfg);
    cfg.role = FUSECANON_ROLE_SERVER;
    if (fusecanon_session_create(&cfg, &s) != FUSECANON_OK)
        return 2;
    printf("session created and never destroyed\n");
    return 0;
}
