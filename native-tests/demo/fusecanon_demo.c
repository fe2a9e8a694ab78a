/* Placeholder demo; replaced once the scalar translators land. */
#include <fusecanon.h>
#include <stdio.h>
int main(void)
{
    printf("libfusecanon %s\n", fusecanon_version_string());
    return 0;
}
