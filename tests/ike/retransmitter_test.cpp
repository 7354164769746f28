#include "ike/retransmitter.hpp"

#include <gtest/gtest.h>

#include "common/timer_heap.hpp"

namespace oakley::ike {
namespace {

using namespace std::chrono_literals;

TEST(RetransmitSettings, CharonDefaultsBackOffExponentially) {
  RetransmitSettings s;  // 5 tries, 4 s, base 1.8: 4, 7.2, 12.96, 23.33, 41.99, 75.58 s
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(s.wait_after(0)).count(), 4000);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(s.wait_after(1)).count(), 7200);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(s.wait_after(5)).count(), 75582);
  s.limit_s = 10;
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(s.wait_after(5)).count(), 10000);
}

TEST(Retransmitter, ResendsThenGivesUp) {
  TimerHeap timers;
  RetransmitSettings s{2, 1.0, 2.0};
  Retransmitter r(timers, s);
  int sends = 0;
  bool gave_up = false;
  r.start([&] { ++sends; }, [&] { gave_up = true; });
  EXPECT_EQ(sends, 1);
  timers.advance(999ms);
  EXPECT_EQ(sends, 1);
  timers.advance(1ms);  // t=1s
  EXPECT_EQ(sends, 2);
  timers.advance(2s);  // t=3s
  EXPECT_EQ(sends, 3);
  EXPECT_FALSE(gave_up);
  timers.advance(3999ms);
  EXPECT_FALSE(gave_up);
  timers.advance(1ms);  // t=7s
  EXPECT_TRUE(gave_up);
  EXPECT_EQ(sends, 3);
  EXPECT_FALSE(r.active());
}

TEST(Retransmitter, StopCancels) {
  TimerHeap timers;
  RetransmitSettings s{};
  int sends = 0;
  {
    Retransmitter r(timers, s);
    r.start([&] { ++sends; }, [] { FAIL(); });
    r.stop();
  }
  timers.advance(1000s);
  EXPECT_EQ(sends, 1);
}

}  // namespace
}  // namespace oakley::ike
