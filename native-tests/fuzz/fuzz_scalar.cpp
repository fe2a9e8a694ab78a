// libFuzzer harness: the five scalar translators between known, canonical and unknown arch ids.
//
// Input: [function byte][from byte][to byte][value u32][raw from u32][raw to u32] repeated.
// Oracle (the header's contract): documented result codes only; NULL out gives INVALID_ARGUMENT; an
// unknown arch gives *out = the input; errno: a negative input or an unknown value gives the target's EIO,
// 0 gives 0; lock types: unknown gives 0xFFFFFFFF; ioctl: unknown gives the command unchanged; a value that
// translated cleanly to the canonical arch and back is a fixed point of a second round trip.
#include "fuzz_support.hpp"

namespace {

uint32_t pick_arch(uint8_t k, uint32_t raw)
{
    static const char *names[] = {"x86_64", "aarch64", "sparc64", "ppc64", "ppc64le", "s390x", "mips64",
                                  "mips", "alpha", "parisc", "m68k", "sh4", "arc", "loongarch64", "ia64",
                                  "armv7l", "i686", "riscv64", "sparc", "parisc64"};
    if (k < 20 * 8)
        return fz::arch(names[k % 20]);
    if (k < 240)
        return FUSECANON_ARCH_CANONICAL;
    return raw; // anything, mostly unknown
}

int xlate(int fn, uint32_t from, uint32_t to, uint32_t v, uint32_t *out)
{
    switch (fn) {
    case 0: return fusecanon_xlate_open_flags(from, to, v, out);
    case 1: return fusecanon_xlate_errno(from, to, static_cast<int32_t>(v), reinterpret_cast<int32_t *>(out));
    case 2: return fusecanon_xlate_lock_type(from, to, v, out);
    case 3: return fusecanon_xlate_poll_events(from, to, v, out);
    default: return fusecanon_xlate_ioctl_cmd(from, to, v, out);
    }
}

uint32_t eio_of(uint32_t a)
{
    int32_t e = 0;
    if (fusecanon_xlate_errno(fz::arch("x86_64"), a, 5, &e) != FUSECANON_OK)
        fz::fail("EIO has no translation", -1);
    return static_cast<uint32_t>(e);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz::Input in{data, size};
    while (in.n >= 3) {
        int fn = in.u8() % 5;
        uint8_t fb = in.u8(), tb = in.u8();
        uint32_t v = in.u32(), rf = in.u32(), rt = in.u32();
        if (fn == 1 && (fb & 1))
            v %= 600; // mostly plausible errno values
        uint32_t from = pick_arch(fb, rf), to = pick_arch(tb, rt);
        bool known = fusecanon_arch_known(from) && fusecanon_arch_known(to);

        if (xlate(fn, from, to, v, nullptr) != FUSECANON_E_INVALID_ARGUMENT)
            fz::fail("NULL out not rejected", 0);
        uint32_t out = 0xA5A5A5A5u;
        int r = xlate(fn, from, to, v, &out);
        fz::feedback(static_cast<uint32_t>(fn), known, static_cast<uint32_t>(r), r);
        switch (r) {
        case FUSECANON_OK:
            if (!known)
                fz::fail("unknown arch translated", r);
            break;
        case FUSECANON_E_UNKNOWN_ARCH:
            if (known || out != v)
                fz::fail("UNKNOWN_ARCH without *out = input", r);
            break;
        case FUSECANON_E_UNKNOWN_VALUE:
            if (!known)
                fz::fail("UNKNOWN_VALUE for an unknown arch", r);
            if (fn == 1 && out != eio_of(to))
                fz::fail("unknown errno is not the target's EIO", r);
            if (fn == 2 && out != 0xFFFFFFFFu)
                fz::fail("unknown lock type is not 0xFFFFFFFF", r);
            if (fn == 4 && out != v)
                fz::fail("unknown ioctl command changed", r);
            break;
        case FUSECANON_E_INVALID_ARGUMENT:
            if (fn != 1 || static_cast<int32_t>(v) >= 0 || !known || out != eio_of(to))
                fz::fail("INVALID_ARGUMENT other than a negative errno (*out = EIO)", r);
            break;
        default:
            fz::fail("undocumented scalar result", r);
        }
        if (fn == 1 && v == 0 && known && (r != FUSECANON_OK || out != 0))
            fz::fail("errno 0 does not translate to 0", r);

        // Round trips through canonical are stable after the first one.
        if (r == FUSECANON_OK && known && from != FUSECANON_ARCH_CANONICAL) {
            uint32_t c1 = 0, back = 0, c2 = 0, back2 = 0;
            if (xlate(fn, from, FUSECANON_ARCH_CANONICAL, v, &c1) == FUSECANON_OK &&
                xlate(fn, FUSECANON_ARCH_CANONICAL, from, c1, &back) == FUSECANON_OK &&
                xlate(fn, from, FUSECANON_ARCH_CANONICAL, back, &c2) == FUSECANON_OK &&
                xlate(fn, FUSECANON_ARCH_CANONICAL, from, c2, &back2) == FUSECANON_OK && (c2 != c1 || back2 != back))
                fz::fail("round trip through canonical is not stable", fn);
        }
    }
    return 0;
}
