// 16 threads translating on one shared negotiated session (and creating/destroying sessions of their own)
// for a fixed number of iterations; every result is checked against the single-threaded result and the
// statistics counters against the exact totals.
#include "robustness_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using rb::Bytes;

namespace {

constexpr int kThreads = 16;
constexpr int kIterations = 300;

struct Case {
    Bytes in, out;
    uint32_t opcode;
    bool request;
    int result;
};

} // namespace

TEST(Concurrency, SixteenThreadsOnOneSessionMatchTheSingleThreadedResults)
{
    fusecanon_session *s = rb::negotiated_server("sparc64", false, true); // peer mode, byte-swapped wire
    fusecanon_session *peer = rb::fixed(FUSECANON_ROLE_CLIENT, "sparc64", fz::arch("sparc64"));
    // The reference: each request (as the big-endian client sends it) and reply, translated once.
    std::vector<Case> cases;
    for (const auto &op : samples::kOps) {
        Bytes rq = samples::request(op);
        // the wire form: swap by a sparc64 "client" session whose local side is big-endian
        fusecanon_config c{sizeof(fusecanon_config), FUSECANON_ROLE_CLIENT, fz::arch("x86_64"), fz::arch("sparc64"), 0, 1, 0, 0, 0};
        fusecanon_session *enc = nullptr;
        fusecanon_session_create(&c, &enc);
        Bytes wire = rq;
        ASSERT_EQ(FUSECANON_OK, fusecanon_request_encode(enc, wire.data(), wire.size()));
        fusecanon_session_destroy(enc);
        Case k{wire, wire, op.opcode, true, 0};
        k.result = fusecanon_request_decode(s, k.out.data(), k.out.size());
        cases.push_back(k);
        if (op.reply != samples::kNone) {
            Case r{samples::reply(op), samples::reply(op), op.opcode, false, 0};
            r.result = fusecanon_reply_encode(s, op.opcode, r.out.data(), r.out.size());
            cases.push_back(r);
        }
        Bytes bad = wire; // a rejected one too
        bad.resize(bad.size() - 1);
        cases.push_back(Case{bad, bad, op.opcode, true, fusecanon_request_decode(s, bad.data(), bad.size())});
    }
    fusecanon_session_destroy(peer);
    uint64_t ok_per_round = 0, bad_per_round = 0;
    for (auto &k : cases)
        (k.result == FUSECANON_OK ? ok_per_round : bad_per_round)++;
    fusecanon_stats before{};
    before.size = sizeof before;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_stats(s, &before));

    std::atomic<int> mismatches{0}, own_failures{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; t++)
        ts.emplace_back([&, t] {
            for (int i = 0; i < kIterations; i++) {
                for (const auto &k : cases) {
                    Bytes b = k.in;
                    int r = k.request ? fusecanon_request_decode(s, b.data(), b.size())
                                      : fusecanon_reply_encode(s, k.opcode, b.data(), b.size());
                    if (r != k.result || b != k.out)
                        mismatches++;
                }
                if ((i + t) % 10 == 0) {
                    fusecanon_session *own = rb::negotiated_server(t % 2 ? "aarch64" : "ppc64", t % 3 == 0, t % 2 == 0);
                    if (fusecanon_session_mode(own) < FUSECANON_MODE_NONE)
                        own_failures++;
                    fusecanon_session_destroy(own);
                }
            }
        });
    for (auto &th : ts)
        th.join();
    EXPECT_EQ(0, mismatches.load());
    EXPECT_EQ(0, own_failures.load());
    fusecanon_stats after{};
    after.size = sizeof after;
    ASSERT_EQ(FUSECANON_OK, fusecanon_session_stats(s, &after));
    uint64_t rounds = static_cast<uint64_t>(kThreads) * kIterations;
    EXPECT_EQ(before.messages_translated + rounds * ok_per_round, after.messages_translated);
    EXPECT_EQ(before.messages_rejected + rounds * bad_per_round, after.messages_rejected);
    fusecanon_session_destroy(s);
}
