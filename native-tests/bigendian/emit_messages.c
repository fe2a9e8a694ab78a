/*
 * Writes a few genuine FUSE messages in the byte order and struct layout of the machine it runs on,
 * using the kernel's own <linux/fuse.h> (the toolchain's sysroot). Compiled for x86_64 and for the
 * big-endian s390x and ppc64 and run under qemu-user, it gives the same values in both byte orders:
 * FuseCanon's MessageSwapper must turn each big-endian file into the x86_64 one byte for byte.
 *
 * Usage: emit_messages OUTDIR. File names: req-<opcode>-<what>.bin (a request) or
 * rep-<opcode>-<what>.bin (a reply or, with opcode 0, a notification). Every value is a literal, never
 * an arch constant (O_*, F_*, E*), so only the byte order differs between arches.
 */
#include <linux/fuse.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char buf[4096];
static size_t used;
static const char *outdir;

static void put(const void *p, size_t n)
{
    if (used + n > sizeof buf) {
        fprintf(stderr, "emit_messages: buffer overflow\n");
        exit(1);
    }
    memcpy(buf + used, p, n);
    used += n;
}

static void pad8(size_t from)
{
    static const unsigned char zeros[8];
    put(zeros, (8 - (used - from) % 8) % 8);
}

static void in_header(uint32_t opcode, uint64_t unique, uint64_t nodeid)
{
    struct fuse_in_header h;
    memset(&h, 0, sizeof h);
    h.opcode = opcode;
    h.unique = unique;
    h.nodeid = nodeid;
    h.uid = 1000;
    h.gid = 100;
    h.pid = 0x12345;
    put(&h, sizeof h);
}

static void out_header(int32_t error, uint64_t unique)
{
    struct fuse_out_header h;
    memset(&h, 0, sizeof h);
    h.error = error;
    h.unique = unique;
    put(&h, sizeof h);
}

/* Patches len (the first u32 of both headers) and writes the file. */
static void emit(const char *kind, unsigned opcode, const char *what)
{
    uint32_t len = (uint32_t)used;
    memcpy(buf, &len, sizeof len);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s-%u-%s.bin", outdir, kind, opcode, what);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, used, f) != used || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    used = 0;
}

static void dirent(uint64_t ino, uint64_t off, uint32_t type, const char *name)
{
    size_t start = used;
    struct fuse_dirent d;
    memset(&d, 0, sizeof d);
    d.ino = ino;
    d.off = off;
    d.namelen = (uint32_t)strlen(name);
    d.type = type;
    put(&d, FUSE_NAME_OFFSET);
    put(name, strlen(name));
    pad8(start);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    outdir = argv[1];

    /* FUSE_INIT as a 7.37 kernel sends it (64-byte fuse_init_in).  The minor is stated rather than taken from
       FUSE_KERNEL_MINOR_VERSION: the host build compiles against the system's <linux/fuse.h>, which a Debian
       point release may have moved past the cross toolchains' 7.37, and every build must write the same bytes. */
    struct fuse_init_in init;
    memset(&init, 0, sizeof init);
    init.major = FUSE_KERNEL_VERSION;
    init.minor = 37;
    init.max_readahead = 0x20000;
    init.flags = 0x73fffffbu;
    init.flags2 = 0x3u;
    in_header(FUSE_INIT, 2, 0);
    put(&init, sizeof init);
    emit("req", FUSE_INIT, "init");

    /* FUSE_OPEN of node 0x1234 with flags 0x8402 (literal, not O_* of this arch). */
    struct fuse_open_in open;
    memset(&open, 0, sizeof open);
    open.flags = 0x8402;
    in_header(FUSE_OPEN, 4, 0x1234);
    put(&open, sizeof open);
    emit("req", FUSE_OPEN, "open");

    /* FUSE_GETLK: a 64-bit range, lock type 1, pid, lk_flags. */
    struct fuse_lk_in lk;
    memset(&lk, 0, sizeof lk);
    lk.fh = 0x1122334455667788ull;
    lk.owner = 0xdeadbeefcafef00dull;
    lk.lk.start = 4096;
    lk.lk.end = 0x7fffffffffffffffull;
    lk.lk.type = 1;
    lk.lk.pid = 4242;
    lk.lk_flags = 0;
    in_header(FUSE_GETLK, 6, 0x1234);
    put(&lk, sizeof lk);
    emit("req", FUSE_GETLK, "getlk");

    /* FUSE_BATCH_FORGET with three entries. */
    struct fuse_batch_forget_in bf;
    memset(&bf, 0, sizeof bf);
    bf.count = 3;
    in_header(FUSE_BATCH_FORGET, 8, 0);
    put(&bf, sizeof bf);
    for (uint64_t i = 1; i <= 3; i++) {
        struct fuse_forget_one one = { .nodeid = 0x100 + i, .nlookup = i * 1000 };
        put(&one, sizeof one);
    }
    emit("req", FUSE_BATCH_FORGET, "batch_forget");

    /* An error reply (-2) to the OPEN above. */
    out_header(-2, 4);
    emit("rep", FUSE_OPEN, "error");

    /* A READDIR reply with two dirents ("." and a longer name). */
    out_header(0, 10);
    dirent(1, 1, 4, ".");
    dirent(0x123456789aull, 2, 8, "a-file-with-a-long-name.txt");
    emit("rep", FUSE_READDIR, "readdir");

    /* A GETLK reply. */
    struct fuse_lk_out lko;
    memset(&lko, 0, sizeof lko);
    lko.lk.start = 100;
    lko.lk.end = 200;
    lko.lk.type = 2;
    lko.lk.pid = 77;
    out_header(0, 6);
    put(&lko, sizeof lko);
    emit("rep", FUSE_GETLK, "getlk");

    /* FUSE_NOTIFY_INVAL_ENTRY: unique 0, error = the notify code, then the name and its NUL. */
    struct fuse_notify_inval_entry_out ie;
    memset(&ie, 0, sizeof ie);
    ie.parent = 0x1234;
    ie.namelen = 5;
    out_header(FUSE_NOTIFY_INVAL_ENTRY, 0);
    put(&ie, sizeof ie);
    put("hello", 6);
    emit("rep", 0, "notify_inval_entry");
    return 0;
}
