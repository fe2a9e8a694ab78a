/*
 * cross_uapi.c - the kernel's own O_LARGEFILE for the architecture this file is compiled for.
 *
 * glibc's <fcntl.h> defines O_LARGEFILE as 0 on 64-bit targets, but a 64-bit kernel still adds its uapi
 * O_LARGEFILE (force_o_largefile()) to every open, and that bit reaches fuse_open_in.flags.  <asm/fcntl.h>
 * cannot be included next to glibc's <fcntl.h> (both define struct flock), hence this separate unit.
 */
#include <asm/fcntl.h>

const unsigned int cross_uapi_o_largefile = O_LARGEFILE;
