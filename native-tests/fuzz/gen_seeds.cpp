// Writes the checked-in seed corpus of the fuzz harnesses (native-tests/fuzz/corpus/): one valid request
// and one valid reply of every opcode the library knows, built from <linux/fuse.h> struct sizes (the two
// opcodes newer than Debian 12's header, STATX and COPY_FILE_RANGE_64, from their documented sizes), in
// little-endian and - produced by the library itself on a sparc64 wire - big-endian form; INIT sequences;
// scalar records. Every message is checked against the library first; a seed it rejects is an error.
//
//   build/native-tests/fuzz/gen_seeds native-tests/fuzz/corpus
#include "fuse_samples.hpp"
#include "fuzz_support.hpp"

#include <sys/stat.h>

#include <string>

namespace {

using fz::Bytes;
using samples::kNone;
using samples::kOps;
using samples::Op;
using samples::reply;
using samples::request;

std::string g_dir;
int g_files = 0;

void write_seed(const std::string &harness, const std::string &name, const Bytes &b)
{
    std::string d = g_dir + "/" + harness;
    mkdir(d.c_str(), 0755);
    FILE *f = std::fopen((d + "/" + name).c_str(), "wb");
    if (!f || std::fwrite(b.data(), 1, b.size(), f) != b.size())
        std::abort();
    std::fclose(f);
    g_files++;
}

fusecanon_session *fixed(uint32_t role, uint32_t local, uint32_t wire)
{
    fusecanon_config c{};
    c.size = sizeof c;
    c.role = role;
    c.local_arch = local;
    c.wire = wire;
    c.unknown_policy = FUSECANON_UNKNOWN_PASS;
    fusecanon_session *s = nullptr;
    if (fusecanon_session_create(&c, &s) != FUSECANON_OK)
        std::abort();
    return s;
}

Bytes cat(std::initializer_list<uint8_t> head, const Bytes &tail)
{
    Bytes b(head);
    b.insert(b.end(), tail.begin(), tail.end());
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    g_dir = argv[1];
    mkdir(g_dir.c_str(), 0755);
    uint32_t x86 = fz::arch("x86_64"), arm = fz::arch("aarch64"), sparc = fz::arch("sparc64");
    // The fuzz_message setups below: server/client on a fixed aarch64 wire (little-endian peer) and on a
    // fixed sparc64 wire (big-endian: swapped), local x86_64. Setup byte 0 = client | kind << 1, kind 2 =
    // fixed peer wire, byte 2 = peer index (1 aarch64, 2 sparc64), byte 3 = policy PASS.
    fusecanon_session *srv_le = fixed(FUSECANON_ROLE_SERVER, x86, arm), *cli_be = fixed(FUSECANON_ROLE_CLIENT, x86, sparc),
                      *srv_be = fixed(FUSECANON_ROLE_SERVER, x86, sparc);
    int bad = 0;
    for (const Op &op : kOps) {
        uint8_t opb = static_cast<uint8_t>(op.opcode);
        Bytes rq = request(op);
        Bytes tmp = rq;
        if (fusecanon_request_decode(srv_le, tmp.data(), tmp.size()) != FUSECANON_OK) {
            std::fprintf(stderr, "request %s rejected\n", op.name);
            bad++;
        }
        write_seed("fuzz_message", std::string("req-le-") + op.name, cat({4, 0, 1, 1, 9, 0, 0, 2, opb}, rq));
        // fuzz_fastpath: a batch of four copies (control byte 9: fix len, whole payload), and a description.
        write_seed("fuzz_fastpath", std::string("batch-req-") + op.name, cat({4, 0, 1, 1, 9, 0, 0, 3, opb, 9, 9, 9, 9}, rq));
        write_seed("fuzz_fastpath", std::string("desc-req-") + op.name, cat({4, 0, 1, 1, 9, 0, 0x80, 100, opb, 0, 0, 0, 0, 0, 0, 0, 0}, rq));
        Bytes be = rq;
        if (fusecanon_request_encode(cli_be, be.data(), be.size()) == FUSECANON_OK)
            write_seed("fuzz_message", std::string("req-be-") + op.name, cat({4, 0, 2, 1, 9, 0, 0, 0, opb}, be));
        else
            std::fprintf(stderr, "request %s: no big-endian form\n", op.name), bad++;
        if (op.reply == kNone)
            continue;
        uint32_t ropc = op.opcode;
        Bytes rp = reply(op);
        tmp = rp;
        if (fusecanon_reply_encode(srv_le, ropc, tmp.data(), tmp.size()) != FUSECANON_OK) {
            std::fprintf(stderr, "reply %s rejected\n", op.name);
            bad++;
        }
        write_seed("fuzz_message", std::string("rep-le-") + op.name, cat({4, 0, 1, 1, 9, 0, 1, 2, opb}, rp));
        write_seed("fuzz_fastpath", std::string("batch-rep-") + op.name, cat({4, 0, 1, 1, 9, 0, 2, 3, opb, 9, 9, 9, 9}, rp));
        write_seed("fuzz_fastpath", std::string("desc-rep-") + op.name, cat({4, 0, 1, 1, 9, 0, 0x81, 100, opb, 0, 0, 0, 0, 0, 0, 0, 0}, rp));
        be = rp;
        if (fusecanon_reply_encode(srv_be, ropc, be.data(), be.size()) == FUSECANON_OK)
            write_seed("fuzz_message", std::string("rep-be-") + op.name, cat({5, 0, 2, 1, 9, 0, 1, 0, opb}, be));
        else
            std::fprintf(stderr, "reply %s: no big-endian form\n", op.name), bad++;
        // iovec: header in one entry, the body in a second (cut at 16), and a 3-way split through the body.
        write_seed("fuzz_iov", std::string("le-") + op.name, cat({4, 0, 1, 1, 9, 0, opb, 2, 1, 16, 0}, rp));
        write_seed("fuzz_iov", std::string("be-") + op.name, cat({4, 0, 2, 1, 9, 0, opb, 2, 2, 10, 0, 20, 0}, rp));
    }
    // CUSE_INIT (opcode byte 56 selects it) and a notification (unique 0, code FUSE_NOTIFY_INVAL_INODE).
    {
        Bytes inval(sizeof(fuse_out_header) + sizeof(fuse_notify_inval_inode_out));
        fuse_out_header h{static_cast<uint32_t>(inval.size()), FUSE_NOTIFY_INVAL_INODE, 0};
        std::memcpy(inval.data(), &h, sizeof h);
        write_seed("fuzz_message", "notify-inval-inode", cat({4, 0, 1, 1, 9, 0, 1, 0, 0}, inval));
        write_seed("fuzz_iov", "notify-inval-inode", cat({4, 0, 2, 1, 9, 0, 0, 0, 1, 8, 0}, inval));
    }
    // INIT sequences: server (request then reply), client (request then reply), a byte-swapped INIT, major 8.
    Bytes rq = fz::init_request(45, arm, true, 0, false), rp = fz::init_reply(45, false, 0, false);
    Bytes seq = {0x00};
    auto step = [&](Bytes &s, uint8_t call, uint8_t shape, const Bytes &m) {
        s.push_back(call); s.push_back(shape); s.push_back(static_cast<uint8_t>(m.size()));
        s.insert(s.end(), m.begin(), m.end());
    };
    step(seq, 0, 0, rq); step(seq, 1, 0, rp);
    write_seed("fuzz_init", "server-canonical", seq);
    seq = {0x00};
    step(seq, 0, 0, fz::init_request(45, sparc, false, 0, true)); step(seq, 1, 0, rp);
    write_seed("fuzz_init", "server-swapped-peer", seq);
    seq = {0x00};
    step(seq, 0, 0, fz::init_request(45, arm, true, 0, false, 8)); step(seq, 1, 0, rp);
    step(seq, 0, 0, rq); step(seq, 1, 0, rp);
    write_seed("fuzz_init", "server-second-init", seq);
    seq = {0x01};
    step(seq, 0, 0, fz::init_request(45, 0, false, 0, false)); step(seq, 1, 0, fz::init_reply(45, true, 0, false));
    write_seed("fuzz_init", "client-canonical", seq);
    seq = {0x81};
    step(seq, 0, 0, fz::init_request(45, 0, false, 0, true)); step(seq, 1, 0, fz::init_reply(45, false, 0, true));
    write_seed("fuzz_init", "client-big-endian-local", seq);
    seq = {0x11};
    step(seq, 0, 0, fz::init_request(30, 0, false, 1, false)); step(seq, 1, 0, fz::init_reply(30, true, 1, false));
    write_seed("fuzz_init", "client-seed-profile-short", seq);
    // Scalars: [fn][from][to][value][raw from][raw to].
    const uint8_t scal[][15] = {
        {0, 0, 1, 0x00, 0x40, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0},   // O_DIRECT x86_64 -> aarch64
        {1, 2, 240, 35, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},            // errno sparc64 -> canonical
        {2, 9, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},               // lock type parisc -> x86_64
        {3, 6, 240, 0x04, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},       // poll mips64 -> canonical
        {4, 3, 0, 0x01, 0x54, 0x04, 0x40, 0, 0, 0, 0, 0, 0, 0, 0},   // ioctl ppc64 -> x86_64
        {0, 255, 0, 1, 0, 0, 0, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0}, // unknown arch
    };
    for (size_t i = 0; i < sizeof scal / sizeof scal[0]; i++)
        write_seed("fuzz_scalar", "scalar-" + std::to_string(i), Bytes(scal[i], scal[i] + 15));
    // fuzz_fastpath describe_value: opcode byte 1..4 selects group 0..3, then the value (little-endian).
    const uint8_t vals[4][4] = {{0x02, 0x40, 0x10, 0x00}, {20, 0, 0, 0}, {1, 0, 0, 0}, {0x05, 0x01, 0, 0}};
    for (uint8_t g = 0; g < 4; g++)
        write_seed("fuzz_fastpath", "desc-value-" + std::to_string(g),
                   Bytes{4, 0, 1, 1, 9, 0, 0x82, 100, static_cast<uint8_t>(g + 1), vals[g][0], vals[g][1], vals[g][2], vals[g][3], 0, 0, 0, 0});
    fusecanon_session_destroy(srv_le);
    fusecanon_session_destroy(cli_be);
    fusecanon_session_destroy(srv_be);
    std::printf("gen_seeds: %d files, %d messages the library did not accept\n", g_files, bad);
    return bad ? 1 : 0;
}
