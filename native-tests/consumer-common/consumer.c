/* The smallest real user of an installed libfusecanon: links, loads, and checks the version it got. */
#include <fusecanon.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    unsigned v = fusecanon_version();
    if (v / 10000 != FUSECANON_VERSION_MAJOR) {
        fprintf(stderr, "major version mismatch: library %u, header %d\n", v, FUSECANON_VERSION_NUMBER);
        return 1;
    }
    if (strcmp(fusecanon_error_name(FUSECANON_E_TRUNCATED), "FUSECANON_E_TRUNCATED") != 0)
        return 1;
    printf("consumer linked libfusecanon %s\n", fusecanon_version_string());
    return 0;
}
