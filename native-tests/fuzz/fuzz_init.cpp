// libFuzzer harness: the four INIT calls, fed arbitrary bytes and sequences (request then reply, a second
// INIT, INIT after completion), on fresh server and client sessions of both profiles, with a big-endian local
// side, and followed by message calls.
//
// Input: 1 config byte, then steps: [call byte][shape byte][length byte][bytes...].
// Oracle: documented result codes only; on error the buffer is unchanged (except the REJECTED rewrite of
// fusecanon_server_init_reply, which must then be a 16-byte -EPROTO reply) and so is the session (mode and
// reason text); a negotiated session hands out a plan, a pending one does not; guard pages on both sides.
#include "fuzz_support.hpp"

#include <string>

namespace {

fz::GuardRegion g_region(2);

int init_call(fusecanon_session *s, int which, uint8_t *buf, size_t len)
{
    switch (which) {
    case 0: return fusecanon_server_init_request(s, buf, len);
    case 1: return fusecanon_server_init_reply(s, buf, len);
    case 2: return fusecanon_client_init_request(s, buf, len);
    default: return fusecanon_client_init_reply(s, buf, len);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz::Input in{data, size};
    uint8_t c = in.u8();
    fusecanon_config cfg{};
    cfg.size = sizeof cfg;
    bool client = c & 1;
    cfg.role = client ? FUSECANON_ROLE_CLIENT : FUSECANON_ROLE_SERVER;
    cfg.local_arch = fz::local_arch((c >> 1) & 7);
    cfg.profile = (c >> 4) & 1;
    cfg.unknown_policy = ((c >> 5) & 3) % 3;
    if (client && (c & 0x80))
        cfg.flags |= FUSECANON_CFG_LOCAL_BIG_ENDIAN;
    if (!client && (c & 0x80))
        cfg.flags |= FUSECANON_CFG_REFUSE_PEER | FUSECANON_CFG_REFUSE_UNKNOWN;
    if (!client && (c & 0x40))
        cfg.legacy_peer_arch = fz::peer_arch(c >> 2);
    fusecanon_session *s = nullptr;
    int r = fusecanon_session_create(&cfg, &s);
    if (r != FUSECANON_OK)
        fz::fail("session_create", r);

    for (int step = 0; step < 8 && in.n > 0; step++) {
        uint8_t callb = in.u8(), shape = in.u8(), lenb = in.u8();
        int which = callb & 3;
        if ((callb & 4) == 0) // mostly the calls of the session's role
            which = client ? 2 + (which & 1) : (which & 1);
        bool swapped = shape & 1;
        fz::Bytes msg;
        if (shape & 2) {
            // start from a valid INIT message of the right kind and let the fuzzer's bytes overwrite a part
            bool reply = which & 1;
            uint32_t minor = 7 + lenb % 39;
            msg = reply ? fz::init_reply(minor, shape & 4, cfg.profile, swapped, (shape & 8) ? -5 : 0)
                        : fz::init_request(minor, fz::peer_arch(callb >> 3), shape & 4, cfg.profile, swapped,
                                           (shape & 8) ? 8 : 7);
            fz::Bytes patch = in.take((shape >> 4) & 7);
            size_t at = patch.empty() ? 0 : in.u8() % msg.size();
            for (size_t i = 0; i < patch.size() && at + i < msg.size(); i++)
                msg[at + i] = patch[i];
            if (shape & 0x80)
                msg.resize(in.u8() % (msg.size() + 8));
        } else {
            msg = in.take(lenb);
            if (shape & 4)
                fz::fix_len(msg, swapped);
            if (shape & 8)
                fz::put32(msg, 4, FUSE_INIT, swapped);
        }
        if (msg.size() > g_region.size)
            continue;

        int mode_before = fusecanon_session_mode(s);
        std::string reason_before = fusecanon_session_reason(s);
        uint8_t *buf = g_region.place(msg.data(), msg.size(), shape & 0x40);
        r = init_call(s, which, buf, msg.size());
        fz::feedback(static_cast<uint32_t>(which), mode_before * 8 + fusecanon_session_mode(s), c & 0x8F, r);
        if (!fz::init_result_documented(r) || (r == FUSECANON_E_REJECTED && which != 1))
            fz::fail("undocumented result from an INIT call", r);
        if (r == FUSECANON_E_REJECTED) {
            fuse_out_header h;
            std::memcpy(&h, buf, sizeof h);
            bool be = fusecanon_session_mode(s) == FUSECANON_MODE_REJECTED && h.len != 16;
            uint32_t len = be ? fz::bswap32(h.len) : h.len;
            int32_t err = static_cast<int32_t>(be ? fz::bswap32(static_cast<uint32_t>(h.error)) : static_cast<uint32_t>(h.error));
            if (fusecanon_session_mode(s) != FUSECANON_MODE_REJECTED || len != 16 || err >= 0 || err <= -512)
                fz::fail("REJECTED without a 16-byte error reply", r);
        } else if (r < 0) {
            if (!fz::same(buf, msg.data(), msg.size()))
                fz::fail("INIT call changed the buffer on error", r);
            if (fusecanon_session_mode(s) != mode_before || reason_before != fusecanon_session_reason(s))
                fz::fail("INIT call changed the session on error", r);
        }
        int mode = fusecanon_session_mode(s);
        if (mode < FUSECANON_MODE_PENDING || mode > FUSECANON_MODE_REJECTED)
            fz::fail("session mode out of range", mode);
        const fusecanon_plan *plan = fusecanon_session_plan(s, FUSECANON_DIR_DECODE, sizeof(fusecanon_plan));
        bool final_mode = mode == FUSECANON_MODE_NONE || mode == FUSECANON_MODE_CANONICAL || mode == FUSECANON_MODE_PEER;
        if (final_mode && !plan && r == FUSECANON_OK && (which == 1 || which == 3))
            fz::fail("a negotiated session has no plan", mode);
        if (mode == FUSECANON_MODE_PENDING && plan)
            fz::fail("a pending session hands out a plan", mode);
    }

    // Whatever state INIT left: a message call must answer with a documented code and keep its buffer.
    static const uint8_t getattr[] = {56, 0, 0, 0, 3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    fz::Bytes m(getattr, getattr + sizeof getattr);
    m.resize(56);
    uint8_t *buf = g_region.place(m.data(), m.size(), false);
    r = client ? fusecanon_request_encode(s, buf, m.size()) : fusecanon_request_decode(s, buf, m.size());
    fz::feedback(100, static_cast<uint32_t>(fusecanon_session_mode(s)), 0, r);
    if (!fz::message_result_documented(r) || (r < 0 && !fz::same(buf, m.data(), m.size())))
        fz::fail("message call after INIT", r);
    fusecanon_session_destroy(s);
    return 0;
}
