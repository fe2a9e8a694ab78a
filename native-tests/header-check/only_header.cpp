// Compiled with -std=c++17 -Wall -Wextra -Werror -pedantic: the header must be usable from C++ as is.
#include <fusecanon.h>

int main()
{
    static_assert(FUSECANON_VERSION_NUMBER >= 10000, "version macros");
    return fusecanon_is_error(FUSECANON_OK);
}
