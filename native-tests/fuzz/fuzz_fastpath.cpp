// libFuzzer harness: the batch calls (fusecanon_*_batch) and the describe functions (fusecanon_describe_*),
// plus fusecanon_session_plan/_info on every session the setup builds.
//
// Input: 6 setup bytes (fz::Setup), 1 call byte, 1 shape byte, 1 opcode byte, then the payload (the same
// header as fuzz_message, so its seeds fit).  Call byte bit 7 selects describe, else a batch.
//
// Batch: call byte & 3 picks the call (request decode/encode, reply encode/decode; the wrong role's call
// gives BAD_STATE); 1 + (shape & 7) messages, each with one control byte taken from the payload (bit 0:
// fix the header len, bit 1: NULL data, bit 2: a notification, bit 3: the whole remaining payload rather than
// a slice, bit 4: its own opcode, bit 5: a request's header opcode, bit 7: at the page's start).  Each
// message sits in its own guard region; the fusecanon_msg array and the results array end at a PROT_NONE page.
// Oracle: results[i] and message i's bytes equal the single call's on a copy; the return value is the number
// of FUSECANON_OK; the statistics move exactly as they do for the single calls.
//
// Describe: call byte & 3 picks request / reply / value (2, 3); bits 2-3 the arch (the setup's peer or local
// arch, canonical, or an arbitrary id); the shape byte the output length (0..199, then larger).  The message
// ends at (or starts after) a PROT_NONE page, the output ends at one or starts after one with a sentinel
// after len.  Oracle: fz::describe_check against the same call with a large buffer; the message unchanged.
#include "fuzz_support.hpp"

namespace {

constexpr size_t kSlots = 8;
fz::GuardRegion g_msg(16), g_out(4), g_full(4), g_arr(1), g_res(1), g_ref(16);
fz::GuardRegion *g_slot[kSlots] = {new fz::GuardRegion(16), new fz::GuardRegion(16), new fz::GuardRegion(16),
                                   new fz::GuardRegion(16), new fz::GuardRegion(16), new fz::GuardRegion(16),
                                   new fz::GuardRegion(16), new fz::GuardRegion(16)};

int single(fusecanon_session *s, int which, uint32_t opcode, uint8_t *buf, size_t len)
{
    switch (which) {
    case 0: return fusecanon_request_decode(s, buf, len);
    case 1: return fusecanon_request_encode(s, buf, len);
    case 2: return fusecanon_reply_encode(s, opcode, buf, len);
    default: return fusecanon_reply_decode(s, opcode, buf, len);
    }
}

int batch(fusecanon_session *s, int which, const fusecanon_msg *m, size_t n, int *res)
{
    switch (which) {
    case 0: return fusecanon_request_decode_batch(s, m, n, res);
    case 1: return fusecanon_request_encode_batch(s, m, n, res);
    case 2: return fusecanon_reply_encode_batch(s, m, n, res);
    default: return fusecanon_reply_decode_batch(s, m, n, res);
    }
}

fusecanon_stats stats(fusecanon_session *s)
{
    fusecanon_stats st{};
    st.size = sizeof st;
    if (fusecanon_session_stats(s, &st) != FUSECANON_OK)
        fz::fail("session_stats of a live session", -1);
    return st;
}

fusecanon_stats delta(const fusecanon_stats &a, const fusecanon_stats &b)
{
    fusecanon_stats d{};
    d.messages_translated = b.messages_translated - a.messages_translated;
    d.messages_rejected = b.messages_rejected - a.messages_rejected;
    d.unknown_open_flags = b.unknown_open_flags - a.unknown_open_flags;
    d.unknown_lock_types = b.unknown_lock_types - a.unknown_lock_types;
    d.unknown_poll_events = b.unknown_poll_events - a.unknown_poll_events;
    d.unknown_ioctl_cmds = b.unknown_ioctl_cmds - a.unknown_ioctl_cmds;
    d.errno_fallbacks = b.errno_fallbacks - a.errno_fallbacks;
    d.errno_unrepresentable = b.errno_unrepresentable - a.errno_unrepresentable;
    return d;
}

void session_queries(const fz::Built &b)
{
    bool ready = b.mode == FUSECANON_MODE_NONE || b.mode == FUSECANON_MODE_CANONICAL || b.mode == FUSECANON_MODE_PEER;
    for (int dir = 0; dir < 2; dir++) {
        const fusecanon_plan *p = fusecanon_session_plan(b.s, dir, sizeof(fusecanon_plan));
        if ((p != nullptr) != ready)
            fz::fail("session_plan: NULL exactly when the session has no final mode", b.mode);
        if (p && !p->open_flags.valid)
            fz::fail("session_plan: a plan that is not valid", b.mode);
        if (fusecanon_session_plan(b.s, dir, sizeof(fusecanon_plan) + 8) != nullptr)
            fz::fail("session_plan: wrong plan_size accepted", b.mode);
    }
    struct fusecanon_session_info in{};
    in.size = sizeof in;
    auto *info = reinterpret_cast<struct fusecanon_session_info *>(g_arr.place(reinterpret_cast<uint8_t *>(&in), sizeof in, false));
    int r = fusecanon_session_info(b.s, info);
    if (r != FUSECANON_OK || info->size != sizeof in || info->mode != b.mode)
        fz::fail("session_info disagrees with session_mode", r);
}

void run_batch(const fz::Built &b, int which, uint8_t shape, uint8_t opb, fz::Input &in)
{
    size_t n = 1 + (shape & 7);
    uint8_t ctl[kSlots];
    for (size_t i = 0; i < n; i++)
        ctl[i] = in.u8();
    fz::Bytes payload = in.rest();
    if (payload.size() > g_slot[0]->size)
        return;
    bool request = which < 2;
    fz::Bytes msg[kSlots];
    fusecanon_msg m[kSlots];
    size_t slice = payload.size() / n, at = 0;
    for (size_t i = 0; i < n; i++) {
        if (ctl[i] & 8) {
            msg[i] = fz::Bytes(payload.begin() + static_cast<long>(at), payload.end());
        } else {
            msg[i] = fz::Bytes(payload.begin() + static_cast<long>(at), payload.begin() + static_cast<long>(at + slice));
            at += slice;
        }
        uint32_t opcode = (ctl[i] & 16) ? fz::opcode_from(static_cast<uint8_t>(ctl[i] ^ opb)) : fz::opcode_from(opb);
        if (ctl[i] & 1)
            fz::fix_len(msg[i], false);
        if (request && (ctl[i] & 32))
            fz::put32(msg[i], 4, opcode, false);
        if (!request && (ctl[i] & 4))
            fz::put64(msg[i], 8, 0, false);
        m[i].data = (ctl[i] & 2) ? nullptr : g_slot[i]->place(msg[i].data(), msg[i].size(), ctl[i] & 128);
        m[i].len = msg[i].size();
        m[i].opcode = opcode;
        m[i].reserved = static_cast<uint32_t>(ctl[i]) * 0x01010101u; // ignored
    }
    auto *arr = reinterpret_cast<fusecanon_msg *>(g_arr.place(reinterpret_cast<uint8_t *>(m), n * sizeof m[0], false));
    int *res = reinterpret_cast<int *>(g_res.base + g_res.size - n * sizeof(int));
    for (size_t i = 0; i < n; i++)
        res[i] = 0x5A5A5A5A;

    fusecanon_stats s0 = stats(b.s);
    int ok = batch(b.s, which, arr, n, res);
    fusecanon_stats s1 = stats(b.s);
    int want_ok = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t *ref = m[i].data ? g_ref.place(msg[i].data(), msg[i].size(), false) : nullptr;
        int r = single(b.s, which, m[i].opcode, ref, msg[i].size());
        fz::feedback(static_cast<uint32_t>(0x100 + which * 16 + b.mode), static_cast<uint32_t>(i), m[i].opcode, r);
        if (!fz::message_result_documented(r))
            fz::fail("undocumented result from a message call", r);
        if (res[i] != r)
            fz::fail("batch result differs from the single call's", res[i]);
        if (r == FUSECANON_OK)
            want_ok++;
        if (ref && !fz::same(static_cast<const uint8_t *>(m[i].data), ref, msg[i].size()))
            fz::fail("batch bytes differ from the single call's", r);
        if (ref && r < 0 && !fz::same(static_cast<const uint8_t *>(m[i].data), msg[i].data(), msg[i].size()))
            fz::fail("batch changed a message that failed", r);
    }
    fusecanon_stats s2 = stats(b.s);
    if (ok != want_ok)
        fz::fail("batch return value is not the number of successes", ok);
    fusecanon_stats d1 = delta(s0, s1), d2 = delta(s1, s2);
    if (std::memcmp(&d1, &d2, sizeof d1) != 0)
        fz::fail("batch statistics differ from the single calls'", ok);
}

void run_describe(const fz::Setup &st, uint8_t callb, uint8_t shape, uint8_t opb, fz::Input &in)
{
    int which = callb & 3;
    uint32_t arch;
    switch ((callb >> 2) & 3) {
    case 0: arch = fz::peer_arch(st.b[2]); break;
    case 1: arch = fz::local_arch(st.b[1]); break;
    case 2: arch = FUSECANON_ARCH_CANONICAL; break;
    default: arch = st.key(); break;
    }
    uint32_t opcode = fz::opcode_from(opb);
    if (callb & 0x40)
        opcode |= FUSECANON_REPLY_XATTR_SIZE;
    size_t len = shape < 200 ? shape : static_cast<size_t>(shape - 199) * 64;
    int group = opb % 6 - 1; // -1 and 4: no such group
    int64_t value = static_cast<int64_t>(in.u32()) | static_cast<int64_t>(in.u32()) << 32;
    if (callb & 0x20)
        value = static_cast<int32_t>(value); // small values more often
    fz::Bytes msg = in.rest();
    if (msg.size() > g_msg.size)
        return;
    bool at_start = callb & 0x10;
    uint8_t *mp = g_msg.place(msg.data(), msg.size(), at_start);
    auto call = [&](char *buf, size_t n) {
        switch (which) {
        case 0: return fusecanon_describe_request(arch, mp, msg.size(), buf, n);
        case 1: return fusecanon_describe_reply(arch, opcode, mp, msg.size(), buf, n);
        default: return fusecanon_describe_value(arch, group, value, buf, n);
        }
    };
    // The full text, ending at the guard.
    size_t big = 8192;
    char *full = reinterpret_cast<char *>(g_full.base + g_full.size - big);
    int full_r = call(full, big);
    if (full_r >= static_cast<int>(big) - 1)
        fz::fail("describe: text longer than 8 KB", full_r);
    // The output of len bytes: ending at the guard (no sentinel room), or starting after it (64 sentinel bytes).
    char *out;
    size_t after = 0;
    if (at_start) {
        out = reinterpret_cast<char *>(g_out.base);
        after = 64;
    } else {
        out = reinterpret_cast<char *>(g_out.base + g_out.size - len);
    }
    std::memset(out, 0xA5, len + after);
    int r = call(out, len);
    fz::feedback(static_cast<uint32_t>(0x200 + which), (callb >> 2) & 3, which == 2 ? static_cast<uint32_t>(group) : opcode,
                 r < 0 ? r : (len > static_cast<size_t>(r) ? 1 : 2));
    if (const char *why = fz::describe_check(r, out, len, after, full_r, full))
        fz::fail(why, r);
    if (!fz::same(mp, msg.data(), msg.size()))
        fz::fail("describe changed the message", r);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz::Input in{data, size};
    if (size < 9)
        return 0;
    fz::Setup st = fz::read_setup(in);
    uint8_t callb = in.u8(), shape = in.u8(), opb = in.u8();
    if (callb & 0x80) {
        run_describe(st, callb, shape, opb, in);
        return 0;
    }
    const fz::Built &b = fz::session_for(st);
    session_queries(b);
    run_batch(b, callb & 3, shape, opb, in);
    return 0;
}
