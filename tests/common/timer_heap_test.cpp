#include "common/timer_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace oakley {
namespace {

using namespace std::chrono_literals;

TEST(TimerHeap, RunsInDeadlineOrderAndSkipsCancelled) {
  TimerHeap timers;
  std::string order;
  timers.schedule(3s, [&] { order += "c"; });
  timers.schedule(1s, [&] { order += "a"; });
  auto b = timers.schedule(2s, [&] { order += "b"; });
  timers.cancel(b);
  EXPECT_EQ(timers.advance(1500ms), 1u);
  EXPECT_EQ(order, "a");
  EXPECT_EQ(timers.advance(10s), 1u);
  EXPECT_EQ(order, "ac");
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_FALSE(timers.next_deadline());
}

TEST(TimerHeap, CallbackMayScheduleDueTimer) {
  TimerHeap timers;
  int runs = 0;
  timers.schedule(1s, [&] {
    ++runs;
    timers.schedule(0s, [&] { ++runs; });
  });
  timers.advance(1s);
  EXPECT_EQ(runs, 2);
}

// A peer that makes us re-arm a timer per message (retransmits, reassembly restarts) drives
// schedule+cancel at its packet rate. Cancelled entries must not stay in the heap until their
// (long) deadline: memory has to follow the live timers, not the peer's rate times the timeout.
TEST(TimerHeap, ScheduleCancelFloodKeepsHeapBounded) {
  TimerHeap timers;
  std::string order;
  timers.schedule(30s, [&] { order += "c"; });
  timers.schedule(10s, [&] { order += "a"; });
  auto b = timers.schedule(20s, [&] { order += "b"; });
  int cancelled_ran = 0;
  std::size_t worst = 0;
  for (int i = 0; i < 100000; ++i) {
    auto id = timers.schedule(24h, [&] { ++cancelled_ran; });
    timers.cancel(id);
    worst = std::max(worst, timers.heap_size());
    ASSERT_LE(timers.heap_size(), 2 * timers.pending() + TimerHeap::kCompactMin) << i;
  }
  EXPECT_EQ(timers.pending(), 3u);
  EXPECT_LE(worst, 2 * 3u + TimerHeap::kCompactMin);

  // The live timers survive compaction with their ids, deadlines and callbacks.
  timers.cancel(b);
  auto d = timers.schedule(15s, [&] { order += "d"; });
  EXPECT_GT(d, b);
  EXPECT_EQ(timers.next_deadline(), TimePoint{} + 10s);
  EXPECT_EQ(timers.advance(48h), 3u);
  EXPECT_EQ(order, "adc");
  EXPECT_EQ(cancelled_ran, 0);
  EXPECT_EQ(timers.heap_size(), 0u);
}

// A burst of live timers cancelled afterwards (e.g. many half-open SAs torn down at once) must
// be released too, and ordering among the survivors, including equal deadlines, is kept.
TEST(TimerHeap, CancellingABurstCompactsAndKeepsOrder) {
  TimerHeap timers;
  std::vector<TimerId> ids;
  std::vector<int> ran;
  for (int i = 0; i < 100000; ++i)
    ids.push_back(
        timers.schedule(std::chrono::seconds(1 + i % 7), [&ran, i] { ran.push_back(i); }));
  std::vector<int> kept;
  for (int i = 0; i < 100000; ++i) {
    if (i % 1000 == 0) {
      kept.push_back(i);
      continue;
    }
    timers.cancel(ids[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(timers.pending(), kept.size());
  EXPECT_LE(timers.heap_size(), 2 * timers.pending() + TimerHeap::kCompactMin);
  // Cancelling again, or cancelling an id already compacted away, is harmless.
  timers.cancel(ids[1]);
  timers.cancel(ids[1]);
  EXPECT_EQ(timers.pending(), kept.size());

  timers.advance(10s);
  // Expected: by deadline (1 + i % 7 seconds), then by scheduling order for equal deadlines.
  std::stable_sort(kept.begin(), kept.end(), [](int x, int y) { return x % 7 < y % 7; });
  EXPECT_EQ(ran, kept);
}

}  // namespace
}  // namespace oakley
