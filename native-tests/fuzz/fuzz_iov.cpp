// libFuzzer harness: fusecanon_reply_encode_iov with fuzzed split points, against fusecanon_reply_encode on
// the same bytes in one buffer (the header documents them as the same translation).
//
// Input: 6 setup bytes (server sessions only), 1 opcode byte, 1 shape byte, 1 entry count byte, that many
// split bytes, then the reply. Oracle: the iovec call gives the contiguous call's result and bytes; an entry
// whose bytes do not change is made read-only (the library promises to write only changed bytes); every
// entry ends at a PROT_NONE page (or starts right after one); NULL bases of empty entries are accepted.
#include "fuzz_support.hpp"

#include <sys/uio.h>

#include <algorithm>

namespace {

constexpr int kMaxEntries = 12;
fz::GuardRegion g_flat(64);
fz::GuardRegion *g_entries[kMaxEntries];

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_entries[0])
        for (auto &e : g_entries)
            e = new fz::GuardRegion(64);
    fz::Input in{data, size};
    if (size < 9)
        return 0;
    fz::Setup st = fz::read_setup(in);
    st.b[0] &= ~1; // server: the only role that encodes replies
    uint8_t opb = in.u8(), shape = in.u8(), cnt = in.u8();
    int entries = 1 + cnt % kMaxEntries;
    std::vector<uint16_t> cuts;
    for (int i = 0; i + 1 < entries; i++)
        cuts.push_back(in.u16());
    fz::Bytes msg = in.rest();
    if (msg.size() > g_flat.size)
        return 0;
    bool big = shape & 1;
    if (shape & 2)
        fz::fix_len(msg, big);
    if (shape & 4)
        fz::put32(msg, 4, 0, big);
    uint32_t opcode = fz::opcode_from(opb) | ((shape & 8) ? FUSECANON_REPLY_XATTR_SIZE : 0);

    const fz::Built &b = fz::session_for(st);

    // The reference: the contiguous call.
    uint8_t *flat = g_flat.place(msg.data(), msg.size(), false);
    int want = fusecanon_reply_encode(b.s, opcode, flat, msg.size());

    // Split points, sorted, within the message (zero-length entries allowed).
    for (auto &c : cuts)
        c = static_cast<uint16_t>(msg.empty() ? 0 : c % (msg.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<iovec> iov(entries);
    std::vector<uint8_t *> bufs(entries);
    size_t pos = 0;
    for (int i = 0; i < entries; i++) {
        size_t end = i + 1 < entries ? cuts[i] : msg.size();
        size_t n = end - pos;
        bufs[i] = g_entries[i]->place(msg.data() + pos, n, (shape >> 4) & 1);
        iov[i].iov_base = (n == 0 && (shape & 0x20)) ? nullptr : bufs[i];
        iov[i].iov_len = n;
        // Entries the contiguous call left as they were must not be written: make them read-only.
        if (want == FUSECANON_OK && (shape & 0x40) && n && fz::same(flat + pos, msg.data() + pos, n))
            mprotect(g_entries[i]->base, g_entries[i]->size, PROT_READ);
        pos = end;
    }
    if (want < 0 && (shape & 0x40))
        for (int i = 0; i < entries; i++)
            mprotect(g_entries[i]->base, g_entries[i]->size, PROT_READ); // nothing may be written on error

    int r = fusecanon_reply_encode_iov(b.s, opcode, iov.data(), entries);
    for (int i = 0; i < entries; i++)
        mprotect(g_entries[i]->base, g_entries[i]->size, PROT_READ | PROT_WRITE);
    fz::feedback(static_cast<uint32_t>(b.mode), static_cast<uint32_t>(entries > 1), opcode, r);
    if (r != want)
        fz::fail("iovec and contiguous results differ", r);
    pos = 0;
    for (int i = 0; i < entries; i++) {
        if (iov[i].iov_len && !fz::same(bufs[i], flat + pos, iov[i].iov_len))
            fz::fail("iovec and contiguous bytes differ", r);
        pos += iov[i].iov_len;
    }
    return 0;
}
