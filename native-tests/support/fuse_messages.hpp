// Builds FUSE messages for tests with the kernel's own struct definitions (<linux/fuse.h>).
#pragma once

#include <linux/fuse.h>
#include <cstdint>
#include <cstring>
#include <vector>

namespace fctest {

using Bytes = std::vector<unsigned char>;

// A request: fuse_in_header followed by body, len set.
template <typename Body>
Bytes request(uint32_t opcode, const Body &body, uint64_t unique = 7, size_t body_len = sizeof(Body))
{
    Bytes m(sizeof(fuse_in_header) + body_len);
    fuse_in_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.opcode = opcode;
    h.unique = unique;
    h.nodeid = 1;
    std::memcpy(m.data(), &h, sizeof h);
    std::memcpy(m.data() + sizeof h, &body, body_len < sizeof(Body) ? body_len : sizeof(Body));
    return m;
}

// A reply: fuse_out_header followed by body, len set.
template <typename Body>
Bytes reply(int32_t error, const Body &body, uint64_t unique = 7, size_t body_len = sizeof(Body))
{
    Bytes m(sizeof(fuse_out_header) + body_len);
    fuse_out_header h{};
    h.len = static_cast<uint32_t>(m.size());
    h.error = error;
    h.unique = unique;
    std::memcpy(m.data(), &h, sizeof h);
    std::memcpy(m.data() + sizeof h, &body, body_len < sizeof(Body) ? body_len : sizeof(Body));
    return m;
}

inline Bytes error_reply(int32_t error, uint64_t unique = 7)
{
    Bytes m(sizeof(fuse_out_header));
    fuse_out_header h{};
    h.len = sizeof h;
    h.error = error;
    h.unique = unique;
    std::memcpy(m.data(), &h, sizeof h);
    return m;
}

template <typename T>
T body_of(const Bytes &m, size_t header)
{
    T t{};
    std::memcpy(&t, m.data() + header, sizeof t < m.size() - header ? sizeof t : m.size() - header);
    return t;
}

inline fuse_out_header out_header(const Bytes &m)
{
    fuse_out_header h{};
    std::memcpy(&h, m.data(), sizeof h);
    return h;
}

} // namespace fctest
