#include "common/timer_heap.hpp"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace oakley
