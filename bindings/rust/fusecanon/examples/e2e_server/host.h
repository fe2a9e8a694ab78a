/*
 * host.h - what the Rust example server needs of this host's C library and kernel, for FuseCanon.BindGen
 * (--lang rust -> host.rs): the OFD lock commands and struct flock of <linux/fcntl.h>, struct pollfd, and the
 * errno values the server answers with, so that no host constant or layout is typed by hand.
 */
#include <errno.h>
#include <linux/fcntl.h>
#include <poll.h>
#include <unistd.h>

#define HOST_F_OFD_GETLK F_OFD_GETLK
#define HOST_F_OFD_SETLK F_OFD_SETLK
#define HOST_SEEK_SET SEEK_SET
#define HOST_ENOENT ENOENT
#define HOST_ENOSYS ENOSYS
#define HOST_EIO EIO

/* Never defined or called: it names the structs whose layouts the bindings must carry. */
void host_types(struct flock *, struct pollfd *);
