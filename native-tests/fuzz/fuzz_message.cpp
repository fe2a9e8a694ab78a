// libFuzzer harness: fusecanon_request_decode/_encode and fusecanon_reply_encode/_decode on sessions of
// every mode and role (fixed wires canonical, same-format, little- and big-endian peers; negotiated server
// and client sessions at minors 36..45, byte-swapped INITs, a big-endian local side).
//
// Input: 6 setup bytes (fz::Setup), 1 call byte, 1 shape byte, 1 opcode byte, then the message.
// Oracle: a documented result code; on error the buffer is byte-for-byte unchanged; the same call on a
// fresh copy gives the same result and bytes; a session in mode NONE that swaps nothing changes nothing;
// no access outside the buffer (it ends at, or starts right after, a PROT_NONE page).
#include "fuzz_support.hpp"

namespace {

fz::GuardRegion g_region(64);

int call(const fz::Built &b, int which, uint32_t opcode, uint8_t *buf, size_t len)
{
    switch (which) {
    case 0: return fusecanon_request_decode(b.s, buf, len);
    case 1: return fusecanon_request_encode(b.s, buf, len);
    case 2: return fusecanon_reply_encode(b.s, opcode, buf, len);
    default: return fusecanon_reply_decode(b.s, opcode, buf, len);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz::Input in{data, size};
    if (size < 9)
        return 0;
    fz::Setup st = fz::read_setup(in);
    uint8_t callb = in.u8(), shape = in.u8(), opb = in.u8();
    fz::Bytes msg = in.rest();
    if (msg.size() > g_region.size)
        return 0;

    const fz::Built &b = fz::session_for(st);
    // Usually the call that fits the role; sometimes the other role's call (BAD_STATE).
    int which = (callb & 1) ? 2 : 0;
    which += (callb & 2) == 0 ? (st.client() ? 1 : 0) : ((callb >> 2) & 1);
    uint32_t opcode = fz::opcode_from(opb);
    if (shape & 0x40)
        opcode |= FUSECANON_REPLY_XATTR_SIZE;
    bool big = shape & 1;
    bool request = which < 2;
    if (shape & 2)
        fz::fix_len(msg, big);
    if (request && (shape & 4))
        fz::put32(msg, 4, fz::opcode_from(opb), big);
    if (!request && (shape & 8))
        fz::put64(msg, 8, 0, big); // a notification
    if (!request && (shape & 0x80))
        fz::put32(msg, 4, 0, big); // error 0: a successful reply

    bool at_start = shape & 0x10;
    uint8_t *buf = g_region.place(msg.data(), msg.size(), at_start);
    if ((shape & 0x20) && msg.size() + 1 <= g_region.size && !at_start) {
        // the same bytes one byte lower: an odd address must work identically
        buf = g_region.base + g_region.size - msg.size() - 1;
        if (!msg.empty())
            std::memmove(buf, msg.data(), msg.size());
    }

    int r = call(b, which, opcode, buf, msg.size());
    fz::feedback(static_cast<uint32_t>(which * 16 + b.mode), st.b[0] & 0x0F, opcode, r);
    if (!fz::message_result_documented(r))
        fz::fail("undocumented result from a message call", r);
    if (r < 0 && !fz::same(buf, msg.data(), msg.size()))
        fz::fail("buffer changed on error", r);
    uint8_t kind = (st.b[0] >> 1) & 7, peer = st.b[2] % 10;
    bool le_fixed_wire = kind <= 1 || (kind < 5 && (peer == 0 || peer == 1 || peer == 6));
    if (r == 0 && b.mode == FUSECANON_MODE_NONE && !b.local_be && le_fixed_wire) {
        // NONE on a little-endian fixed wire (every local arch here is little-endian): nothing to change.
        if (!fz::same(buf, msg.data(), msg.size()))
            fz::fail("mode NONE changed a message", r);
    }

    // Determinism: the same call on a fresh copy at the other edge gives the same result and bytes.
    fz::Bytes first(buf, buf + msg.size());
    uint8_t *again = g_region.place(msg.data(), msg.size(), !at_start);
    int r2 = call(b, which, opcode, again, msg.size());
    if (r2 != r || !fz::same(again, first.data(), msg.size()))
        fz::fail("same call, different outcome", r2);
    return 0;
}
