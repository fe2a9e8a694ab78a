// A valid request and reply of every opcode the library knows, from <linux/fuse.h> struct sizes (STATX and
// COPY_FILE_RANGE_64, newer than Debian 12's header, from their documented sizes). Used by gen_seeds (the
// fuzz corpus) and the robustness tests.
#pragma once

#include <linux/fuse.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace samples {

using Bytes = std::vector<uint8_t>;

struct Op {
    uint32_t opcode;
    const char *name;
    size_t req_fixed;     // request struct
    const char *req_tail; // names after it ("a\0b\0"), data or array elements
    size_t req_tail_len;
    size_t reply;         // reply body; SIZE_MAX: no reply
};
inline constexpr size_t kNone = SIZE_MAX;

inline const char N1[] = "a";      // one name + NUL = 2 bytes
inline const char N2[] = "a\0b";   // two names = 4 bytes

inline const Op kOps[] = {
    {FUSE_LOOKUP, "lookup", 0, N1, 2, sizeof(fuse_entry_out)},
    {FUSE_FORGET, "forget", sizeof(fuse_forget_in), nullptr, 0, kNone},
    {FUSE_GETATTR, "getattr", sizeof(fuse_getattr_in), nullptr, 0, sizeof(fuse_attr_out)},
    {FUSE_SETATTR, "setattr", sizeof(fuse_setattr_in), nullptr, 0, sizeof(fuse_attr_out)},
    {FUSE_READLINK, "readlink", 0, nullptr, 0, 1},
    {FUSE_SYMLINK, "symlink", 0, N2, 4, sizeof(fuse_entry_out)},
    {FUSE_MKNOD, "mknod", sizeof(fuse_mknod_in), N1, 2, sizeof(fuse_entry_out)},
    {FUSE_MKDIR, "mkdir", sizeof(fuse_mkdir_in), N1, 2, sizeof(fuse_entry_out)},
    {FUSE_UNLINK, "unlink", 0, N1, 2, 0},
    {FUSE_RMDIR, "rmdir", 0, N1, 2, 0},
    {FUSE_RENAME, "rename", sizeof(fuse_rename_in), N2, 4, 0},
    {FUSE_LINK, "link", sizeof(fuse_link_in), N1, 2, sizeof(fuse_entry_out)},
    {FUSE_OPEN, "open", sizeof(fuse_open_in), nullptr, 0, sizeof(fuse_open_out)},
    {FUSE_READ, "read", sizeof(fuse_read_in), nullptr, 0, 4},
    {FUSE_WRITE, "write", sizeof(fuse_write_in), "data", 4, sizeof(fuse_write_out)},
    {FUSE_STATFS, "statfs", 0, nullptr, 0, sizeof(fuse_statfs_out)},
    {FUSE_RELEASE, "release", sizeof(fuse_release_in), nullptr, 0, 0},
    {FUSE_FSYNC, "fsync", sizeof(fuse_fsync_in), nullptr, 0, 0},
    {FUSE_SETXATTR, "setxattr", FUSE_COMPAT_SETXATTR_IN_SIZE, "a\0vv", 4, 0},
    {FUSE_GETXATTR, "getxattr", sizeof(fuse_getxattr_in), N1, 2, 4},
    {FUSE_LISTXATTR, "listxattr", sizeof(fuse_getxattr_in), nullptr, 0, 4},
    {FUSE_REMOVEXATTR, "removexattr", 0, N1, 2, 0},
    {FUSE_FLUSH, "flush", sizeof(fuse_flush_in), nullptr, 0, 0},
    {FUSE_OPENDIR, "opendir", sizeof(fuse_open_in), nullptr, 0, sizeof(fuse_open_out)},
    {FUSE_READDIR, "readdir", sizeof(fuse_read_in), nullptr, 0, 0},
    {FUSE_RELEASEDIR, "releasedir", sizeof(fuse_release_in), nullptr, 0, 0},
    {FUSE_FSYNCDIR, "fsyncdir", sizeof(fuse_fsync_in), nullptr, 0, 0},
    {FUSE_GETLK, "getlk", sizeof(fuse_lk_in), nullptr, 0, sizeof(fuse_lk_out)},
    {FUSE_SETLK, "setlk", sizeof(fuse_lk_in), nullptr, 0, 0},
    {FUSE_SETLKW, "setlkw", sizeof(fuse_lk_in), nullptr, 0, 0},
    {FUSE_ACCESS, "access", sizeof(fuse_access_in), nullptr, 0, 0},
    {FUSE_CREATE, "create", sizeof(fuse_create_in), N1, 2, sizeof(fuse_entry_out) + sizeof(fuse_open_out)},
    {FUSE_INTERRUPT, "interrupt", sizeof(fuse_interrupt_in), nullptr, 0, kNone},
    {FUSE_BMAP, "bmap", sizeof(fuse_bmap_in), nullptr, 0, sizeof(fuse_bmap_out)},
    {FUSE_DESTROY, "destroy", 0, nullptr, 0, 0},
    {FUSE_IOCTL, "ioctl", sizeof(fuse_ioctl_in), nullptr, 0, sizeof(fuse_ioctl_out)},
    {FUSE_POLL, "poll", sizeof(fuse_poll_in), nullptr, 0, sizeof(fuse_poll_out)},
    {FUSE_NOTIFY_REPLY, "notify_reply", sizeof(fuse_notify_retrieve_in), nullptr, 0, kNone},
    {FUSE_BATCH_FORGET, "batch_forget", sizeof(fuse_batch_forget_in), nullptr, 0, kNone},
    {FUSE_FALLOCATE, "fallocate", sizeof(fuse_fallocate_in), nullptr, 0, 0},
    {FUSE_READDIRPLUS, "readdirplus", sizeof(fuse_read_in), nullptr, 0, 0},
    {FUSE_RENAME2, "rename2", sizeof(fuse_rename2_in), N2, 4, 0},
    {FUSE_LSEEK, "lseek", sizeof(fuse_lseek_in), nullptr, 0, sizeof(fuse_lseek_out)},
    {FUSE_COPY_FILE_RANGE, "copy_file_range", sizeof(fuse_copy_file_range_in), nullptr, 0, sizeof(fuse_write_out)},
    {FUSE_SETUPMAPPING, "setupmapping", sizeof(fuse_setupmapping_in), nullptr, 0, 0},
    {FUSE_REMOVEMAPPING, "removemapping", sizeof(fuse_removemapping_in), nullptr, 0, 0},
    {FUSE_SYNCFS, "syncfs", sizeof(fuse_syncfs_in), nullptr, 0, 0},
    {FUSE_TMPFILE, "tmpfile", sizeof(fuse_create_in), N1, 2, sizeof(fuse_entry_out) + sizeof(fuse_open_out)},
    {52, "statx", 24, nullptr, 0, 288},                              // fuse_statx_in / fuse_statx_out (7.39)
    {53, "copy_file_range_64", sizeof(fuse_copy_file_range_in), nullptr, 0, 8}, // 7.45
};

inline Bytes request(const Op &op)
{
    Bytes m(sizeof(fuse_in_header) + op.req_fixed + op.req_tail_len);
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.opcode = op.opcode;
    h.unique = 7;
    h.nodeid = 1;
    std::memcpy(m.data(), &h, sizeof h);
    uint8_t *body = m.data() + sizeof h;
    if (op.req_tail)
        std::memcpy(body + op.req_fixed, op.req_tail, op.req_tail_len);
    auto put = [&](size_t at, uint32_t v) { std::memcpy(body + at, &v, 4); };
    switch (op.opcode) {
    case FUSE_OPEN: case FUSE_OPENDIR: put(0, 0100002); break;                       // O_RDWR|O_LARGEFILE
    case FUSE_CREATE: case FUSE_TMPFILE: put(0, 0100101); put(4, 0644); break;
    case FUSE_WRITE: put(16, 4); put(28, 0100001); break;                            // size, flags
    case FUSE_READ: case FUSE_READDIR: case FUSE_READDIRPLUS: put(16, 4096); put(28, 0100000); break;
    case FUSE_RELEASE: case FUSE_RELEASEDIR: put(8, 0100002); break;
    case FUSE_GETLK: case FUSE_SETLK: case FUSE_SETLKW: put(16 + 16, 1); break;     // lk.type = F_WRLCK
    case FUSE_POLL: put(20, 1); break;                                               // events = POLLIN
    case FUSE_IOCTL: put(12, 0x80045401u); break;                                   // _IOR('T', 1, int)
    case FUSE_SETXATTR: put(0, 2); break;                                            // value size
    case FUSE_GETXATTR: put(0, 16); break;
    case FUSE_LISTXATTR: put(0, 16); break;
    default: break;
    }
    return m;
}

inline Bytes reply(const Op &op)
{
    size_t body = op.reply;
    if (op.opcode == FUSE_READDIR)
        body = 32;  // one dirent: 24 + name "ab" padded to 8
    if (op.opcode == FUSE_READDIRPLUS)
        body = sizeof(fuse_entry_out) + 32;
    Bytes m(sizeof(fuse_out_header) + body);
    fuse_out_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.unique = 7;
    std::memcpy(m.data(), &h, sizeof h);
    uint8_t *b = m.data() + sizeof h;
    auto put = [&](size_t at, uint32_t v) { std::memcpy(b + at, &v, 4); };
    if (op.opcode == FUSE_READDIR) {
        put(16, 2); put(20, 8); b[24] = 'a'; b[25] = 'b';                             // namelen, type
    }
    if (op.opcode == FUSE_READDIRPLUS) {
        size_t d = sizeof(fuse_entry_out);
        put(d + 16, 2); put(d + 20, 8); b[d + 24] = 'a'; b[d + 25] = 'b';
    }
    if (op.opcode == FUSE_GETLK)
        put(16, 1);
    if (op.opcode == FUSE_POLL)
        put(0, 5);
    return m;
}

} // namespace samples
