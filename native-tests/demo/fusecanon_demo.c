/*
 * The smallest demo of the C API: open(2) flags as an aarch64 client sends them, as an x86-64 server must read
 * them, with the names the library's generated tables give them. Values are computed by the library from the
 * kernel's own headers of both architectures; this program types no constant: it starts from this host's kernel
 * uapi <asm/fcntl.h> and lets the library say where each flag sits on aarch64.
 */
#include <asm/fcntl.h> /* the kernel's uapi values, which are what FUSE carries (glibc's O_LARGEFILE is 0) */
#include <fusecanon.h>
#include <stdio.h>

static void show(uint32_t from, uint32_t to, const char *what, uint32_t flags)
{
    uint32_t out = 0;
    int r = fusecanon_xlate_open_flags(from, to, flags, &out);
    printf("  %-34s %s 0x%06x  ->  %s 0x%06x   %s\n", what, fusecanon_arch_name(from), flags, fusecanon_arch_name(to), out,
           r == FUSECANON_OK ? "" : fusecanon_error_name(r));
}

int main(void)
{
    uint32_t arm = fusecanon_arch_id_from_name("aarch64");
    uint32_t x86 = fusecanon_arch_id_from_name("x86_64");
    uint32_t host = fusecanon_arch_host();
    printf("libfusecanon %s: open flags an aarch64 client sends, as an x86_64 server must read them\n\n",
           fusecanon_version_string());

    /* Where does each flag sit on aarch64? Translate this host's <fcntl.h> values. */
    uint32_t direct = 0, directory = 0, nofollow = 0, largefile = 0;
    if (fusecanon_xlate_open_flags(host, arm, O_DIRECT, &direct) != FUSECANON_OK ||
        fusecanon_xlate_open_flags(host, arm, O_DIRECTORY, &directory) != FUSECANON_OK ||
        fusecanon_xlate_open_flags(host, arm, O_NOFOLLOW, &nofollow) != FUSECANON_OK ||
        fusecanon_xlate_open_flags(host, arm, O_LARGEFILE, &largefile) != FUSECANON_OK) {
        fprintf(stderr, "this host (%s) is not an architecture libfusecanon knows\n", fusecanon_arch_name(host));
        return 1;
    }

    show(arm, x86, "O_RDONLY|O_DIRECT|O_LARGEFILE", direct | largefile);
    show(arm, x86, "O_RDONLY|O_DIRECTORY|O_LARGEFILE", directory | largefile);
    show(arm, x86, "O_RDONLY|O_NOFOLLOW|O_LARGEFILE", nofollow | largefile);
    printf("\n  without translation the x86_64 server reads aarch64's O_DIRECT (0x%x) as its own O_DIRECTORY,\n"
           "  so `dd oflag=direct` fails with ENOTDIR.\n", direct);
    return 0;
}
