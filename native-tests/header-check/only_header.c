/* Compiled with -std=c99 -Wall -Wextra -Werror -pedantic: the public header must need nothing else. */
#include <fusecanon.h>

int main(void)
{
    return fusecanon_is_error(FUSECANON_OK);
}
