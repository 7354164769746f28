// Anti-replay window (RFC 4303 3.4.3, RFC 6479 layout) and ESN high-half inference (RFC 4303
// Appendix A2.2).
#include "dataplane/esp/replay_window.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "dataplane/esp/esn.hpp"

namespace oakley::dataplane::esp {
namespace {

bool accept(ReplayWindow& w, std::uint64_t seq) {
  return w.check(seq) && w.accept(seq);
}

TEST(ReplayWindow, InOrderAndDuplicates) {
  ReplayWindow w(64);
  EXPECT_FALSE(w.check(0));  // never valid
  for (std::uint64_t s = 1; s <= 200; ++s)
    EXPECT_TRUE(accept(w, s)) << s;
  for (std::uint64_t s = 137; s <= 200; ++s)
    EXPECT_FALSE(accept(w, s)) << s;
  EXPECT_EQ(w.top(), 200u);
}

TEST(ReplayWindow, OutOfOrderInsideTheWindow) {
  ReplayWindow w(64);
  EXPECT_TRUE(accept(w, 100));
  EXPECT_TRUE(accept(w, 99));
  EXPECT_TRUE(accept(w, 37));   // 100 - 63: the oldest number still inside
  EXPECT_FALSE(accept(w, 36));  // 100 - 64: too old
  EXPECT_FALSE(accept(w, 99));
  EXPECT_TRUE(accept(w, 64));
  EXPECT_TRUE(accept(w, 101));
  EXPECT_FALSE(accept(w, 37));  // slid out
}

TEST(ReplayWindow, AcceptRefusesWhatCheckWouldRefuse) {
  ReplayWindow w(64);
  ASSERT_TRUE(w.check(5));
  EXPECT_TRUE(w.accept(5));
  EXPECT_FALSE(w.accept(5));  // a second thread with the same packet loses
}

TEST(ReplayWindow, LargeWindow) {
  ReplayWindow w(4096);
  EXPECT_TRUE(accept(w, 10000));
  EXPECT_TRUE(accept(w, 10000 - 4095));
  EXPECT_FALSE(accept(w, 10000 - 4096));
  // Every number of the window once, in a scrambled order: all accepted, then all refused.
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t s = 10001; s <= 14000; ++s)
    seqs.push_back(s);
  std::shuffle(seqs.begin(), seqs.end(), std::mt19937(42));
  ReplayWindow big(4096);
  for (auto s : seqs)
    EXPECT_TRUE(accept(big, s)) << s;
  for (auto s : seqs)
    EXPECT_FALSE(accept(big, s)) << s;
}

TEST(ReplayWindow, SlidingFarClearsOldBits) {
  ReplayWindow w(128);
  for (std::uint64_t s = 1; s <= 128; ++s)
    ASSERT_TRUE(accept(w, s));
  EXPECT_TRUE(accept(w, 1'000'000));
  // Numbers whose bit positions were set before the jump are fresh inside the new window.
  for (std::uint64_t s = 1'000'000 - 127; s < 1'000'000; ++s)
    EXPECT_TRUE(accept(w, s)) << s;
  EXPECT_FALSE(accept(w, 1'000'000 - 128));
}

TEST(ReplayWindow, SlidingByBlocksKeepsTheWindowExact) {
  // Against a reference model, on random steps both small and larger than a block.
  for (std::uint32_t size : {32u, 64u, 65u, 100u, 1024u}) {
    ReplayWindow w(size);
    std::set<std::uint64_t> seen;
    std::uint64_t top = 0;
    std::mt19937_64 rng(size);
    for (int i = 0; i < 20000; ++i) {
      std::uint64_t s = top + 1 + rng() % 70;
      if (rng() % 3 == 0 && top > 2 * size) s = top - rng() % (2 * size);
      if (s == 0) continue;
      const bool want = s > top || (top - s < size && !seen.count(s));
      ASSERT_EQ(accept(w, s), want) << "size " << size << " seq " << s << " top " << top;
      if (want) {
        seen.insert(s);
        top = std::max(top, s);
      }
    }
  }
}

TEST(ReplayWindow, ZeroSizeTurnsCheckingOff) {
  ReplayWindow w(0);
  EXPECT_TRUE(accept(w, 5));
  EXPECT_TRUE(accept(w, 5));
  EXPECT_TRUE(accept(w, 1));
  EXPECT_EQ(w.top(), 5u);
  EXPECT_FALSE(w.check(0));
}

TEST(ReplayWindow, HugeSizeIsClamped) {
  ReplayWindow w(0xffffffffu);
  EXPECT_EQ(w.size(), ReplayWindow::kMaxSize);
  EXPECT_TRUE(accept(w, 1));
}

TEST(Esn, InferenceCaseA) {
  // Window inside one 2^32 span: T = 5 * 2^32 + 1000, W = 64.
  const std::uint64_t top = (5ull << 32) + 1000;
  EXPECT_EQ(infer_seq_hi(top, 64, 1000), 5u);
  EXPECT_EQ(infer_seq_hi(top, 64, 937), 5u);   // bottom of the window
  EXPECT_EQ(infer_seq_hi(top, 64, 5000), 5u);  // ahead
  EXPECT_EQ(infer_seq_hi(top, 64, 936), 6u);   // below the window: wrapped ahead
  EXPECT_EQ(infer_seq_hi(top, 64, 0), 6u);
}

TEST(Esn, InferenceCaseB) {
  // Window straddling a wrap: T = 5 * 2^32 + 10, W = 64 covers 4 * 2^32 + (2^32 - 53) .. T.
  const std::uint64_t top = (5ull << 32) + 10;
  EXPECT_EQ(infer_seq_hi(top, 64, 0xffffffffu), 4u);  // late packet from before the wrap
  EXPECT_EQ(infer_seq_hi(top, 64, 0xffffffffu - 52), 4u);
  EXPECT_EQ(infer_seq_hi(top, 64, 5), 5u);
  EXPECT_EQ(infer_seq_hi(top, 64, 0x7fffffff), 5u);
  // At the very start there is no previous span.
  EXPECT_EQ(infer_seq_hi(3, 64, 0xfffffff0u), std::nullopt);
  // After 2^64 - 1 there is nothing.
  EXPECT_EQ(infer_seq_hi(~0ull - 10, 64, 0), std::nullopt);
}

TEST(Esn, WindowFollowsTheWrap) {
  ReplayWindow w(64);
  // Walk across the first wrap with some reordering and late packets.
  std::uint64_t base = 0xffffffffull - 40;
  ASSERT_TRUE(w.accept(base));
  for (std::uint64_t s = base + 1; s < base + 100; s += 2) {
    auto got = w.check(static_cast<std::uint32_t>(s), true);
    ASSERT_TRUE(got) << s;
    EXPECT_EQ(*got, s);
    ASSERT_TRUE(w.accept(*got));
  }
  // The skipped (odd-offset) numbers arrive late, some from before the wrap.
  for (std::uint64_t s = base + 40; s < base + 100; s += 2) {
    auto got = w.check(static_cast<std::uint32_t>(s), true);
    ASSERT_TRUE(got) << s;
    EXPECT_EQ(*got, s) << "seq_hi inferred wrongly for a late packet";
    EXPECT_TRUE(w.accept(*got));
  }
  // A replay of a pre-wrap number inside the window is refused.
  EXPECT_FALSE(w.check(static_cast<std::uint32_t>(base + 41), true));
  // A pre-wrap number below the window reads as one 2^32 ahead (Appendix A): the window lets it
  // through, and it is the ICV, computed over the inferred seq_hi, that rejects a replay of it.
  EXPECT_EQ(w.check(static_cast<std::uint32_t>(base), true), base + (1ull << 32));
}

}  // namespace
}  // namespace oakley::dataplane::esp
