// libFuzzer harness: the server's connection tier over a sequence of messages. Two server sessions built
// alike (every mode, both byte orders of the client) see the same fuzzed requests and replies, one through
// the contiguous calls (fusecanon_server_recv/_send), the other through the scattered ones
// (fusecanon_server_recv_iov/_send_iov) with fuzzed split points.
//
// Input: 6 setup bytes, then operations until the input ends: 1 op byte, 1 entry count byte, that many
// split bytes (u16), a u16 length and that many message bytes. Op bit 0: request (0) or reply/notification
// (1); bit 1: the message is in the other byte order than this host's; bit 2: fix up the header's len;
// bits 3-5: for a reply, which earlier dispatched request it answers (unique copied in), for a request the
// opcode comes from the next byte; bit 6: a reply's unique is 0 (a notification).
// Oracle: both sessions give the same result and bytes for every message and the same statistics at the
// end; the results are those the header documents; every entry ends at a PROT_NONE page, so an access
// outside the caller's buffers faults.
#include "fuzz_support.hpp"

#include <sys/uio.h>

#include <algorithm>

namespace {

constexpr int kMaxEntries = 6;
constexpr size_t kMaxMessage = 1024;
fz::GuardRegion g_flat(1);
fz::GuardRegion *g_entries[kMaxEntries];

bool tier_result_documented(int r)
{
    return r >= 0 || fz::message_result_documented(r) || r == FUSECANON_E_BAD_STATE ||
           r == FUSECANON_E_REJECTED || r == FUSECANON_E_UNKNOWN_UNIQUE || r == FUSECANON_E_TOO_MANY_IN_FLIGHT;
}

// The message at msg split at `cuts` into guard-page entries; returns the iovec array.
std::vector<iovec> scatter(const fz::Bytes &msg, std::vector<uint16_t> cuts)
{
    for (auto &c : cuts)
        c = static_cast<uint16_t>(msg.empty() ? 0 : c % (msg.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<iovec> iov(cuts.size() + 1);
    size_t pos = 0;
    for (size_t i = 0; i < iov.size(); i++) {
        size_t end = i < cuts.size() ? cuts[i] : msg.size();
        iov[i].iov_base = g_entries[i]->place(msg.data() + pos, end - pos, false);
        iov[i].iov_len = end - pos;
        pos = end;
    }
    return iov;
}

fz::Bytes gather(const std::vector<iovec> &iov)
{
    fz::Bytes out;
    for (const auto &e : iov)
        out.insert(out.end(), static_cast<uint8_t *>(e.iov_base), static_cast<uint8_t *>(e.iov_base) + e.iov_len);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_entries[0])
        for (auto &e : g_entries)
            e = new fz::GuardRegion(1);
    fz::Input in{data, size};
    if (size < 8)
        return 0;
    fz::Setup st = fz::read_setup(in);
    st.b[0] &= ~1; // servers: the tier under test
    fz::Built flat = fz::build(st), split = fz::build(st);
    std::vector<uint64_t> dispatched; // uniques the sessions hold, as the requests carried them

    while (in.n > 2) {
        uint8_t op = in.u8();
        int entries = 1 + in.u8() % kMaxEntries;
        std::vector<uint16_t> cuts;
        for (int i = 0; i + 1 < entries; i++)
            cuts.push_back(in.u16());
        bool reply = op & 1, big = (op >> 1) & 1;
        uint32_t opcode = reply ? 0 : fz::opcode_from(in.u8());
        fz::Bytes msg = in.take(in.u16() % kMaxMessage);
        if (!reply)
            fz::put32(msg, 4, opcode, big);
        if (reply && (op & 0x40))
            fz::put64(msg, 8, 0, false);
        else if (reply && !dispatched.empty())
            fz::put64(msg, 8, dispatched[(op >> 3) % dispatched.size()], false); // replies are in this host's order
        if (op & 4)
            fz::fix_len(msg, reply ? false : big);

        uint8_t *c = g_flat.place(msg.data(), msg.size(), false);
        std::vector<iovec> iov = scatter(msg, cuts);
        int want = reply ? fusecanon_server_send(flat.s, c, msg.size()) : fusecanon_server_recv(flat.s, c, msg.size());
        int got = reply ? fusecanon_server_send_iov(split.s, iov.data(), entries)
                        : fusecanon_server_recv_iov(split.s, iov.data(), entries);
        fz::feedback(static_cast<uint32_t>(flat.mode), reply ? 2u : 1u, reply ? 0 : opcode, got);
        if (got != want)
            fz::fail("scattered and contiguous connection calls differ", got);
        if (!tier_result_documented(got))
            fz::fail("undocumented result", got);
        if (gather(iov) != fz::Bytes(c, c + msg.size()))
            fz::fail("scattered and contiguous connection calls left different bytes", got);
        if (!reply && got == 0 && msg.size() >= 16) {
            uint64_t u = 0;
            std::memcpy(&u, c + 8, 8); // dispatched: now in this host's order
            dispatched.push_back(u);
        }
    }

    fusecanon_stats a{}, b{};
    a.size = b.size = sizeof a;
    fusecanon_session_stats(flat.s, &a);
    fusecanon_session_stats(split.s, &b);
    if (std::memcmp(&a, &b, sizeof a) != 0)
        fz::fail("the two sessions count differently", 0);
    fusecanon_session_destroy(flat.s);
    fusecanon_session_destroy(split.s);
    return 0;
}
