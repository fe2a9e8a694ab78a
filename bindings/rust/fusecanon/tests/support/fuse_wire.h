/*
 * fuse_wire.h - what the Rust tests and the example server need of the kernel's FUSE wire format, for
 * FuseCanon.BindGen (--lang rust -> fuse_wire.rs): the structs, their layouts and the opcodes come from the
 * machine's <linux/fuse.h> through clang, like the library's own bindings, never typed by hand.
 */
#include <linux/fuse.h>

#define FW_KERNEL_VERSION FUSE_KERNEL_VERSION
#define FW_KERNEL_MINOR_VERSION FUSE_KERNEL_MINOR_VERSION
#define FW_ROOT_ID FUSE_ROOT_ID
#define FW_INIT_EXT FUSE_INIT_EXT
#define FW_ASYNC_READ FUSE_ASYNC_READ
#define FW_POSIX_LOCKS FUSE_POSIX_LOCKS

/* Never defined or called: it names the structs (and the opcode enum) whose layouts the bindings must carry. */
void fuse_wire_types(struct fuse_in_header *, struct fuse_out_header *, struct fuse_init_in *, struct fuse_init_out *,
                     struct fuse_open_in *, struct fuse_open_out *, struct fuse_create_in *, struct fuse_entry_out *,
                     struct fuse_attr_out *, struct fuse_read_in *, struct fuse_write_in *, struct fuse_write_out *,
                     struct fuse_release_in *, struct fuse_lk_in *, struct fuse_lk_out *, struct fuse_poll_in *,
                     struct fuse_poll_out *, struct fuse_getattr_in *, enum fuse_opcode);
