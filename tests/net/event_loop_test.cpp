#include "net/event_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "loop_helpers.hpp"

namespace oakley::net {
namespace {

using namespace std::chrono_literals;

TEST(EventLoop, TimersFireInDeadlineOrderAndNotEarly) {
  EventLoop loop;
  std::vector<int> order;
  auto start = Clock::now();
  std::vector<Duration> fired_after(3);
  for (int ms : {30, 10, 20}) {
    loop.schedule(std::chrono::milliseconds(ms), [&, ms] {
      order.push_back(ms);
      fired_after[order.size() - 1] = Clock::now() - start;
      if (order.size() == 3) loop.stop();
    });
  }
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{10, 20, 30}));
  EXPECT_GE(fired_after[0], 10ms);
  EXPECT_GE(fired_after[2], 30ms);
}

TEST(EventLoop, CancelledTimerDoesNotFire) {
  EventLoop loop;
  bool fired = false;
  TimerId id = loop.schedule(5ms, [&] { fired = true; });
  loop.cancel(id);
  loop.schedule(20ms, [&] { loop.stop(); });
  loop.run();
  EXPECT_FALSE(fired);
  EXPECT_EQ(loop.pending_timers(), 0u);
}

TEST(EventLoop, EarlierTimerScheduledLaterStillFiresFirst) {
  EventLoop loop;
  std::vector<int> order;
  loop.schedule(200ms, [&] {
    order.push_back(2);
    loop.stop();
  });
  loop.post([&] { loop.schedule(5ms, [&] { order.push_back(1); }); });
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, TimerScheduledByTimerRuns) {
  EventLoop loop;
  int fired = 0;
  loop.schedule(1ms, [&] {
    ++fired;
    loop.schedule(0ms, [&] {
      ++fired;
      loop.stop();
    });
  });
  loop.run();
  EXPECT_EQ(fired, 2);
}

TEST(EventLoop, ThousandsOfTimersRunInOrder) {
  EventLoop loop;
  constexpr int kTimers = 5000, kPerMillisecond = 25;
  std::vector<int> order;
  // Scheduled latest first, deadlines 1 ms apart in groups (wider than the clock jitter between
  // our now() and the loop's): the order must come from the deadlines alone.
  auto base = Clock::now() + 20ms;
  for (int i = kTimers - 1; i >= 0; --i) {
    auto deadline = base + std::chrono::milliseconds(i / kPerMillisecond);
    loop.schedule(deadline - Clock::now(), [&order, i] { order.push_back(i / kPerMillisecond); });
  }
  EXPECT_EQ(loop.pending_timers(), static_cast<std::size_t>(kTimers));
  ASSERT_TRUE(testing::run_until(loop, [&] { return order.size() == kTimers; }));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

TEST(EventLoop, PostFromOtherThreadsRunsOnLoopThread) {
  EventLoop loop;
  constexpr int kThreads = 4, kPosts = 1000;
  int count = 0;  // only the loop thread touches it
  bool all_on_loop = true;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPosts; ++i) {
        loop.post([&] {
          all_on_loop = all_on_loop && loop.in_loop_thread();
          if (++count == kThreads * kPosts) loop.stop();
        });
      }
    });
  }
  loop.run();
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(count, kThreads * kPosts);
  EXPECT_TRUE(all_on_loop);
}

TEST(EventLoop, StopBeforeRunReturnsAtOnceAndRunWorksAgain) {
  EventLoop loop;
  loop.stop();
  loop.run();
  bool ran = false;
  loop.post([&] {
    ran = true;
    loop.stop();
  });
  loop.run();
  EXPECT_TRUE(ran);
}

TEST(EventLoop, HandlerExceptionIsLoggedAndLoopGoesOn) {
  log::set_stderr(false);
  EventLoop loop;
  bool after = false;
  loop.post([] { throw std::runtime_error("boom"); });
  loop.schedule(1ms, [] { throw std::runtime_error("timer boom"); });
  loop.schedule(10ms, [&] {
    after = true;
    loop.stop();
  });
  loop.run();
  log::set_stderr(true);
  EXPECT_TRUE(after);
}

TEST(EventLoop, SignalsBecomeCallbacks) {
  log::set_stderr(false);
  EventLoop loop;
  int reloads = 0;
  int terminate_signo = 0;
  loop.handle_signals([&](int signo) { terminate_signo = signo; }, [&] { ++reloads; });
  loop.post([] { std::raise(SIGHUP); });
  loop.schedule(20ms, [] { std::raise(SIGTERM); });
  // The second terminate signal stops the loop by itself.
  loop.schedule(40ms, [] { std::raise(SIGTERM); });
  loop.schedule(3s, [&] { loop.stop(); });
  loop.run();
  log::set_stderr(true);
  EXPECT_EQ(reloads, 1);
  EXPECT_EQ(terminate_signo, SIGTERM);
}

}  // namespace
}  // namespace oakley::net
