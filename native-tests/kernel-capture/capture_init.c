/*
 * capture_init.c - record the real FUSE_INIT exchange between this kernel and
 * a FUSE server, for FuseCanon test data.
 *
 *   capture_init raw     MNT REQUEST.bin [REPLY.bin]
 *       Opens /dev/fuse, mounts it on MNT with mount(2) (root only; no
 *       fusermount), saves the first request the kernel sends (FUSE_INIT:
 *       fuse_in_header + fuse_init_in, exact bytes), answers it itself
 *       (7.31, the minor of Debian's libfuse 3.14.0 header), checks the mount
 *       works (stat of the root -> GETATTR), unmounts and exits.
 *
 *   capture_init libfuse MNT REQUEST.bin REPLY.bin          (built with -DWITH_LIBFUSE)
 *       Same mount, but the session is served by libfuse's low-level API via
 *       fuse_session_custom_io(): the read callback saves the first request,
 *       the writev callback saves the first reply, i.e. the INIT reply exactly
 *       as libfuse built it (fuse_out_header + fuse_init_out).
 *
 *   capture_init describe-request FILE
 *   capture_init describe-reply   FILE
 *       Print a hexdump and the decoded fields of a saved INIT request/reply.
 *       Decoding reads little-endian bytes explicitly (the captures come from
 *       x86-64), so it gives the same answer on any host.
 *
 * Everything below is written from the FUSE wire layout (include/uapi/linux/fuse.h);
 * no kernel or libfuse header is needed for raw/describe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef WITH_LIBFUSE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#endif

/* ---- wire layout (host byte order on the wire) ------------------------- */

struct cap_in_header {          /* 40 bytes */
	uint32_t len;
	uint32_t opcode;
	uint64_t unique;
	uint64_t nodeid;
	uint32_t uid;
	uint32_t gid;
	uint32_t pid;
	uint16_t total_extlen;  /* 7.38+, was padding */
	uint16_t padding;
};

struct cap_out_header {         /* 16 bytes */
	uint32_t len;
	int32_t error;
	uint64_t unique;
};

struct cap_init_out {           /* 64 bytes (7.43 layout) */
	uint32_t major;
	uint32_t minor;
	uint32_t max_readahead;
	uint32_t flags;
	uint16_t max_background;
	uint16_t congestion_threshold;
	uint32_t max_write;
	uint32_t time_gran;
	uint16_t max_pages;
	uint16_t map_alignment;
	uint32_t flags2;
	uint32_t max_stack_depth;
	uint16_t request_timeout;
	uint16_t unused[11];
};

struct cap_attr {               /* fuse_attr, 88 bytes */
	uint64_t ino, size, blocks, atime, mtime, ctime;
	uint32_t atimensec, mtimensec, ctimensec;
	uint32_t mode, nlink, uid, gid, rdev, blksize, flags;
};

struct cap_attr_out {
	uint64_t attr_valid;
	uint32_t attr_valid_nsec;
	uint32_t dummy;
	struct cap_attr attr;
};

enum {
	OP_LOOKUP = 1, OP_FORGET = 2, OP_GETATTR = 3, OP_INIT = 26,
	OP_DESTROY = 38, OP_BATCH_FORGET = 42,
};

#define F_ASYNC_READ   (1u << 0)
#define F_BIG_WRITES   (1u << 5)
#define F_MAX_PAGES    (1u << 22)
#define F_INIT_EXT     (1u << 30)

/* INIT flag names, bit 0..63 (bits 32+ travel in flags2, only with INIT_EXT).
 * Source: include/uapi/linux/fuse.h (Linux 6.18, protocol 7.45). */
static const char *const flag_names[64] = {
	[0] = "FUSE_ASYNC_READ", [1] = "FUSE_POSIX_LOCKS", [2] = "FUSE_FILE_OPS",
	[3] = "FUSE_ATOMIC_O_TRUNC", [4] = "FUSE_EXPORT_SUPPORT",
	[5] = "FUSE_BIG_WRITES", [6] = "FUSE_DONT_MASK",
	[7] = "FUSE_SPLICE_WRITE", [8] = "FUSE_SPLICE_MOVE",
	[9] = "FUSE_SPLICE_READ", [10] = "FUSE_FLOCK_LOCKS",
	[11] = "FUSE_HAS_IOCTL_DIR", [12] = "FUSE_AUTO_INVAL_DATA",
	[13] = "FUSE_DO_READDIRPLUS", [14] = "FUSE_READDIRPLUS_AUTO",
	[15] = "FUSE_ASYNC_DIO", [16] = "FUSE_WRITEBACK_CACHE",
	[17] = "FUSE_NO_OPEN_SUPPORT", [18] = "FUSE_PARALLEL_DIROPS",
	[19] = "FUSE_HANDLE_KILLPRIV", [20] = "FUSE_POSIX_ACL",
	[21] = "FUSE_ABORT_ERROR", [22] = "FUSE_MAX_PAGES",
	[23] = "FUSE_CACHE_SYMLINKS", [24] = "FUSE_NO_OPENDIR_SUPPORT",
	[25] = "FUSE_EXPLICIT_INVAL_DATA", [26] = "FUSE_MAP_ALIGNMENT",
	[27] = "FUSE_SUBMOUNTS", [28] = "FUSE_HANDLE_KILLPRIV_V2",
	[29] = "FUSE_SETXATTR_EXT", [30] = "FUSE_INIT_EXT",
	[31] = "FUSE_INIT_RESERVED",
	[32] = "FUSE_SECURITY_CTX", [33] = "FUSE_HAS_INODE_DAX",
	[34] = "FUSE_CREATE_SUPP_GROUP", [35] = "FUSE_HAS_EXPIRE_ONLY",
	[36] = "FUSE_DIRECT_IO_ALLOW_MMAP", [37] = "FUSE_PASSTHROUGH",
	[38] = "FUSE_NO_EXPORT_SUPPORT", [39] = "FUSE_HAS_RESEND",
	[40] = "FUSE_ALLOW_IDMAP", [41] = "FUSE_OVER_IO_URING",
	[42] = "FUSE_REQUEST_TIMEOUT",
};

/* ---- helpers -------------------------------------------------------------- */

static void die(const char *what)
{
	fprintf(stderr, "capture_init: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void save(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		die(path);
	fprintf(stderr, "capture_init: wrote %zu bytes to %s\n", len, path);
}

static const char *mounted_at;   /* for the timeout handler */

static int mount_fuse(const char *mnt)
{
	char opts[128];
	int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("open /dev/fuse");
	snprintf(opts, sizeof opts, "fd=%d,rootmode=40000,user_id=%u,group_id=%u",
		 fd, (unsigned)getuid(), (unsigned)getgid());
	if (mount("fusecanon-capture", mnt, "fuse.fusecanon-capture",
		  MS_NOSUID | MS_NODEV, opts) != 0)
		die("mount(2) fuse");
	mounted_at = mnt;
	fprintf(stderr, "capture_init: mounted %s (%s)\n", mnt, opts);
	return fd;
}

/* Runs beside the server: touch the mount (-> GETATTR), then unmount, which
 * makes the server's next read() fail with ENODEV. */
struct prober {
	const char *mnt;
	volatile int init_done;
	int stat_ok;
};

static void *probe_then_unmount(void *arg)
{
	struct prober *p = arg;
	struct stat st;
	for (int i = 0; i < 5000 && !p->init_done; i++)
		usleep(1000);
	p->stat_ok = stat(p->mnt, &st) == 0 && S_ISDIR(st.st_mode);
	fprintf(stderr, "capture_init: stat(%s): %s\n", p->mnt,
		p->stat_ok ? "ok, directory" : strerror(errno));
	if (umount2(p->mnt, 0) != 0) {
		fprintf(stderr, "capture_init: umount %s: %s, detaching\n", p->mnt,
			strerror(errno));
		umount2(p->mnt, MNT_DETACH);
	}
	return NULL;
}

/* Give up: detach the mount (the server fd dies with the process) and exit
 * without returning into state the prober thread may still use. */
static void fail_unmount(const char *mnt)
{
	if (umount2(mnt, MNT_DETACH) != 0)
		fprintf(stderr, "capture_init: umount2(%s, MNT_DETACH): %s\n", mnt, strerror(errno));
	exit(1);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "capture_init: timeout, detaching the mount\n";
	ssize_t r = write(2, msg, sizeof msg - 1);
	(void)r;
	if (mounted_at)
		umount2(mounted_at, MNT_DETACH);
	_exit(3);
}

/* ---- raw mode ------------------------------------------------------------ */

#define BUFSZ (1024 * 1024 + 4096 * 2)

static void reply(int fd, uint64_t unique, int error, const void *arg, size_t argsize)
{
	struct cap_out_header oh = { sizeof oh + argsize, error, unique };
	struct iovec iov[2] = { { &oh, sizeof oh }, { (void *)arg, argsize } };
	if (writev(fd, iov, argsize ? 2 : 1) < 0 && errno != ENOENT)
		fprintf(stderr, "capture_init: writev reply: %s\n", strerror(errno));
}

static int run_raw(const char *mnt, const char *req_path, const char *rep_path)
{
	static char buf[BUFSZ];
	struct prober p = { .mnt = mnt };
	pthread_t th;
	int fd = mount_fuse(mnt);
	int got_init = 0, n_getattr = 0;

	pthread_create(&th, NULL, probe_then_unmount, &p);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			if (errno == ENODEV)
				break;          /* unmounted */
			fprintf(stderr, "capture_init: read /dev/fuse: %s\n", strerror(errno));
			fail_unmount(mnt);
		}
		struct cap_in_header ih;
		if ((size_t)n < sizeof ih) {
			fprintf(stderr, "capture_init: short read %zd\n", n);
			fail_unmount(mnt);
		}
		memcpy(&ih, buf, sizeof ih);
		if (!got_init) {
			save(req_path, buf, (size_t)n);
			if (ih.opcode != OP_INIT) {
				fprintf(stderr, "capture_init: first opcode %u (0x%x), not INIT%s\n",
					ih.opcode, ih.opcode,
					ih.opcode == (uint32_t)OP_INIT << 24 ?
					" but FUSE_INIT_BSWAP_RESERVED: this server's byte order"
					" differs from the kernel's" : "");
				fail_unmount(mnt);
			}
			uint32_t in_flags = 0, in_minor = 0, in_ra = 0;
			memcpy(&in_minor, buf + sizeof ih + 4, 4);
			memcpy(&in_ra, buf + sizeof ih + 8, 4);
			memcpy(&in_flags, buf + sizeof ih + 12, 4);
			struct cap_init_out out;
			memset(&out, 0, sizeof out);
			out.major = 7;
			out.minor = 31;
			out.max_readahead = in_ra;
			out.flags = F_BIG_WRITES | (in_flags & (F_ASYNC_READ | F_MAX_PAGES));
			out.max_write = 128 * 1024;
			out.time_gran = 1;
			if (in_flags & F_MAX_PAGES)
				out.max_pages = 32;
			if (rep_path) {
				struct cap_out_header oh = { sizeof oh + sizeof out, 0, ih.unique };
				char rb[sizeof oh + sizeof out];
				memcpy(rb, &oh, sizeof oh);
				memcpy(rb + sizeof oh, &out, sizeof out);
				save(rep_path, rb, sizeof rb);
			}
			reply(fd, ih.unique, 0, &out, sizeof out);
			got_init = 1;
			p.init_done = 1;
			continue;
		}
		switch (ih.opcode) {
		case OP_GETATTR: {
			struct cap_attr_out ao;
			memset(&ao, 0, sizeof ao);
			ao.attr.ino = 1;
			ao.attr.mode = S_IFDIR | 0755;
			ao.attr.nlink = 2;
			ao.attr.uid = getuid();
			ao.attr.gid = getgid();
			ao.attr.blksize = 4096;
			n_getattr++;
			reply(fd, ih.unique, 0, &ao, sizeof ao);
			break;
		}
		case OP_FORGET:
		case OP_BATCH_FORGET:
			break;              /* no reply */
		case OP_LOOKUP:
			reply(fd, ih.unique, -ENOENT, NULL, 0);
			break;
		default:
			reply(fd, ih.unique, -ENOSYS, NULL, 0);
		}
	}
	pthread_join(th, NULL);
	close(fd);
	fprintf(stderr, "capture_init: raw server done (GETATTR answered: %d)\n", n_getattr);
	return got_init && p.stat_ok ? 0 : 1;
}

/* ---- libfuse mode -------------------------------------------------------- */

#ifdef WITH_LIBFUSE
struct lf_state {
	const char *req_path, *rep_path;
	int reads, writes;
	struct prober *p;
};
static struct lf_state lf;

static ssize_t lf_read(int fd, void *buf, size_t len, void *userdata)
{
	(void)userdata;
	ssize_t n = read(fd, buf, len);
	int e = errno;
	if (n > 0 && lf.reads++ == 0)
		save(lf.req_path, buf, (size_t)n);
	errno = e;               /* libfuse reads errno after the callback */
	return n;
}

static ssize_t lf_writev(int fd, struct iovec *iov, int count, void *userdata)
{
	(void)userdata;
	if (lf.writes++ == 0) {
		size_t total = 0, off = 0;
		for (int i = 0; i < count; i++)
			total += iov[i].iov_len;
		char *b = malloc(total);
		if (!b)
			die("malloc");
		for (int i = 0; i < count; i++) {
			memcpy(b + off, iov[i].iov_base, iov[i].iov_len);
			off += iov[i].iov_len;
		}
		save(lf.rep_path, b, total);
		free(b);
	}
	ssize_t n = writev(fd, iov, count);
	int e = errno;
	if (lf.writes == 1)
		lf.p->init_done = 1;
	errno = e;
	return n;
}

static void lf_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	struct stat st;
	memset(&st, 0, sizeof st);
	if (ino != FUSE_ROOT_ID) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	st.st_ino = 1;
	st.st_mode = S_IFDIR | 0755;
	st.st_nlink = 2;
	fuse_reply_attr(req, &st, 0);
}

static void lf_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	(void)parent; (void)name;
	fuse_reply_err(req, ENOENT);
}

static int run_libfuse(const char *mnt, const char *req_path, const char *rep_path)
{
	/* hello_ll-like filesystem: only lookup/getattr; libfuse's defaults for
	 * everything else (so the INIT reply shows libfuse's own negotiation). */
	static const struct fuse_lowlevel_ops ops = {
		.lookup = lf_lookup,
		.getattr = lf_getattr,
	};
	static const struct fuse_custom_io io = {
		.read = lf_read,
		.writev = lf_writev,
		/* no splice_send/splice_receive: libfuse then never splices */
	};
	char *argv[] = { "capture_init", NULL, NULL };
	int argc = 1;
	if (getenv("CAPTURE_DEBUG"))
		argv[argc++] = "-d";
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct prober p = { .mnt = mnt };
	pthread_t th;

	lf.req_path = req_path;
	lf.rep_path = rep_path;
	lf.p = &p;
	struct fuse_session *se = fuse_session_new(&args, &ops, sizeof ops, NULL);
	if (!se) {
		fprintf(stderr, "capture_init: fuse_session_new failed\n");
		return 1;
	}
	int fd = mount_fuse(mnt);
	int r = fuse_session_custom_io(se, &io, fd);
	if (r != 0) {
		fprintf(stderr, "capture_init: fuse_session_custom_io: %s\n", strerror(-r));
		umount2(mnt, MNT_DETACH);
		return 1;
	}
	pthread_create(&th, NULL, probe_then_unmount, &p);
	r = fuse_session_loop(se);
	pthread_join(th, NULL);
	fuse_session_destroy(se);   /* closes fd */
	fuse_opt_free_args(&args);
	fprintf(stderr, "capture_init: libfuse %s session done (loop=%d, reads=%d, writes=%d)\n",
		fuse_pkgversion(), r, lf.reads, lf.writes);
	return r == 0 && lf.writes > 0 && p.stat_ok ? 0 : 1;
}
#endif

/* ---- describe ------------------------------------------------------------ */

static uint16_t le16(const unsigned char *b) { return (uint16_t)(b[0] | b[1] << 8); }
static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static uint64_t le64(const unsigned char *b) { return le32(b) | (uint64_t)le32(b + 4) << 32; }

static void hexdump(const unsigned char *b, size_t n)
{
	for (size_t o = 0; o < n; o += 16) {
		printf("%04zx ", o);
		for (size_t i = o; i < o + 16; i++) {
			if (i < n)
				printf("%s%02x", (i - o) == 8 ? "  " : " ", b[i]);
			else
				printf("%s  ", (i - o) == 8 ? "   " : " ");
		}
		printf("  |");
		for (size_t i = o; i < o + 16 && i < n; i++)
			putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
		printf("|\n");
	}
}

static void print_flags(uint32_t flags, uint32_t flags2, int have_flags2)
{
	uint64_t all = flags | (have_flags2 ? (uint64_t)flags2 << 32 : 0);
	printf("  combined 64-bit flags = 0x%016" PRIx64 " (flags2 %s)\n", all,
	       have_flags2 ? "counted: FUSE_INIT_EXT set" : "ignored: FUSE_INIT_EXT not set");
	for (int i = 0; i < 64; i++) {
		if (!(all >> i & 1))
			continue;
		const char *name = flag_names[i] ? flag_names[i] : "(unknown to this decoder)";
		if (i >= 32)
			printf("    bit %2d  %-26s  [flags2 bit %d]\n", i, name, i - 32);
		else
			printf("    bit %2d  %s\n", i, name);
	}
	if (!have_flags2 && flags2)
		printf("  note: flags2 = 0x%08x is non-zero but not counted\n", flags2);
	printf("  bits 32+ set: ");
	int any = 0;
	for (int i = 32; i < 64; i++)
		if (all >> i & 1)
			printf("%s%d", any++ ? "," : "", i);
	printf("%s\n", any ? "" : "none");
	printf("  named bits NOT set:");
	for (int i = 0; i < 64; i++)
		if (flag_names[i] && !(all >> i & 1))
			printf(" %d", i);
	printf("\n");
}

static int describe(const char *path, int is_request)
{
	static unsigned char b[65536];
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path);
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);

	printf("hexdump (%zu bytes):\n", n);
	hexdump(b, n);
	printf("\n");
	if (is_request) {
		if (n < 40 + 16) {
			printf("too short for fuse_in_header + fuse_init_in\n");
			return 1;
		}
		printf("fuse_in_header (40 bytes, little-endian):\n");
		printf("  @0  len          = %u\n", le32(b));
		printf("  @4  opcode       = %u%s\n", le32(b + 4), le32(b + 4) == OP_INIT ? " (FUSE_INIT)" : "");
		printf("  @8  unique       = %" PRIu64 "\n", le64(b + 8));
		printf("  @16 nodeid       = %" PRIu64 "\n", le64(b + 16));
		printf("  @24 uid          = %u\n", le32(b + 24));
		printf("  @28 gid          = %u\n", le32(b + 28));
		printf("  @32 pid          = %u\n", le32(b + 32));
		printf("  @36 total_extlen = %u\n", le16(b + 36));
		printf("  @38 padding      = %u\n", le16(b + 38));
		const unsigned char *a = b + 40;
		size_t an = n - 40;
		printf("fuse_init_in (%zu bytes):\n", an);
		printf("  @40 major         = %u\n", le32(a));
		printf("  @44 minor         = %u\n", le32(a + 4));
		printf("  @48 max_readahead = %u (0x%x)\n", le32(a + 8), le32(a + 8));
		printf("  @52 flags         = 0x%08x\n", le32(a + 12));
		uint32_t flags2 = an >= 20 ? le32(a + 16) : 0;
		if (an >= 20)
			printf("  @56 flags2        = 0x%08x\n", flags2);
		if (an >= 64) {
			int nz = 0;
			for (int i = 0; i < 11; i++)
				nz |= le32(a + 20 + 4 * i) != 0;
			printf("  @60 unused[11]    = %s\n", nz ? "NON-ZERO" : "all zero");
		}
		print_flags(le32(a + 12), flags2, (le32(a + 12) & F_INIT_EXT) != 0);
	} else {
		if (n < 16 + 8) {
			printf("too short for fuse_out_header + fuse_init_out\n");
			return 1;
		}
		printf("fuse_out_header (16 bytes, little-endian):\n");
		printf("  @0  len    = %u\n", le32(b));
		printf("  @4  error  = %d\n", (int32_t)le32(b + 4));
		printf("  @8  unique = %" PRIu64 "\n", le64(b + 8));
		const unsigned char *a = b + 16;
		size_t an = n - 16;
		printf("fuse_init_out (%zu bytes):\n", an);
		printf("  @16 major                = %u\n", le32(a));
		printf("  @20 minor                = %u\n", le32(a + 4));
		if (an >= 24) {
			printf("  @24 max_readahead        = %u (0x%x)\n", le32(a + 8), le32(a + 8));
			printf("  @28 flags                = 0x%08x\n", le32(a + 12));
			printf("  @32 max_background       = %u\n", le16(a + 16));
			printf("  @34 congestion_threshold = %u\n", le16(a + 18));
			printf("  @36 max_write            = %u\n", le32(a + 20));
		}
		uint32_t flags2 = 0;
		if (an >= 64) {
			printf("  @40 time_gran            = %u\n", le32(a + 24));
			printf("  @44 max_pages            = %u\n", le16(a + 28));
			printf("  @46 map_alignment        = %u\n", le16(a + 30));
			flags2 = le32(a + 32);
			printf("  @48 flags2               = 0x%08x\n", flags2);
			printf("  @52 max_stack_depth      = %u\n", le32(a + 36));
			printf("  @56 request_timeout      = %u\n", le16(a + 40));
			int nz = 0;
			for (int i = 0; i < 11; i++)
				nz |= le16(a + 42 + 2 * i) != 0;
			printf("  @58 unused[11]           = %s\n", nz ? "NON-ZERO" : "all zero");
		}
		if (an >= 24)
			print_flags(le32(a + 12), flags2, (le32(a + 12) & F_INIT_EXT) != 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "describe-request"))
		return describe(argv[2], 1);
	if (argc >= 3 && !strcmp(argv[1], "describe-reply"))
		return describe(argv[2], 0);

	signal(SIGALRM, on_alarm);
	alarm(20);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "raw"))
		return run_raw(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
#ifdef WITH_LIBFUSE
	if (argc == 5 && !strcmp(argv[1], "libfuse"))
		return run_libfuse(argv[2], argv[3], argv[4]);
#endif
	fprintf(stderr,
		"usage: %s raw MNT REQUEST.bin [REPLY.bin]\n"
#ifdef WITH_LIBFUSE
		"       %s libfuse MNT REQUEST.bin REPLY.bin\n"
#endif
		"       %s describe-request FILE | describe-reply FILE\n",
		argv[0],
#ifdef WITH_LIBFUSE
		argv[0],
#endif
		argv[0]);
	return 2;
}
