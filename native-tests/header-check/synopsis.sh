#!/bin/sh
# The SYNOPSIS at the top of include/fusecanon.h is a complete server loop: extract it from the header's own
# comment (so it cannot drift), compile it as strict C99 and link it against the library.
# Usage: synopsis.sh HEADER_DIR LIBRARY CC WORKDIR
set -eu
hdr="$1/fusecanon.h" lib="$2" cc="$3" work="$4"
mkdir -p "$work"
awk '/^ \* SYNOPSIS$/ { on = 1; next }
     on && /^ \*     #include <fusecanon.h>$/ { code = 1 }
     code { print substr($0, 8) }
     code && /^ \*     }$/ { exit }' "$hdr" > "$work/synopsis.c"
grep -q 'fusecanon_server_recv' "$work/synopsis.c" || { echo "no server loop found in the SYNOPSIS of $hdr" >&2; exit 1; }
cat > "$work/main.c" <<'C'
#include <stddef.h>
int serve(int fd, int (*handle)(const void *req, size_t len, void *reply, size_t cap));
static int no_fs(const void *req, size_t len, void *reply, size_t cap) { (void)req; (void)len; (void)reply; (void)cap; return 0; }
int main(int argc, char **argv) { (void)argv; return argc > 99 ? serve(0, no_fs) : 0; }
C
"$cc" -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic -I "$1" \
    "$work/synopsis.c" "$work/main.c" "$lib" -Wl,-rpath,"$(dirname "$lib")" -o "$work/synopsis"
"$work/synopsis"
echo "SYNOPSIS: $(wc -l < "$work/synopsis.c") lines compiled and linked"
