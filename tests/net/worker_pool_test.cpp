#include "net/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "common/log.hpp"
#include "loop_helpers.hpp"

namespace oakley::net {
namespace {

TEST(WorkerPool, WorkRunsOffLoopAndDoneOnLoopThread) {
  EventLoop loop;
  WorkerPool pool(loop, 2);
  std::thread::id work_thread, done_thread, loop_thread;
  bool done = false;
  loop.post([&] {
    loop_thread = std::this_thread::get_id();
    pool.submit([&] { work_thread = std::this_thread::get_id(); },
                [&] {
                  done_thread = std::this_thread::get_id();
                  done = true;
                });
  });
  ASSERT_TRUE(testing::run_until(loop, [&] { return done; }));
  EXPECT_NE(work_thread, loop_thread);
  EXPECT_EQ(done_thread, loop_thread);
}

TEST(WorkerPool, ManyJobsAllComplete) {
  EventLoop loop;
  WorkerPool pool(loop);
  EXPECT_GE(pool.threads(), 1u);
  constexpr int kJobs = 500;
  std::atomic<int> worked{0};
  int finished = 0;  // loop thread only
  for (int i = 0; i < kJobs; ++i)
    pool.submit([&] { ++worked; }, [&] { ++finished; });
  ASSERT_TRUE(testing::run_until(loop, [&] { return finished == kJobs; }));
  EXPECT_EQ(worked.load(), kJobs);
  EXPECT_EQ(pool.completed(), static_cast<std::uint64_t>(kJobs));
  EXPECT_EQ(pool.queued(), 0u);
}

TEST(WorkerPool, ThrowingWorkStillCompletes) {
  log::set_stderr(false);
  EventLoop loop;
  WorkerPool pool(loop, 1);
  bool done = false;
  pool.submit([] { throw std::runtime_error("bad key"); }, [&] { done = true; });
  EXPECT_TRUE(testing::run_until(loop, [&] { return done; }));
  log::set_stderr(true);
}

TEST(WorkerPool, ShutdownDropsNewWork) {
  EventLoop loop;
  WorkerPool pool(loop, 1);
  pool.shutdown();
  bool ran = false;
  pool.submit([&] { ran = true; }, {});
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace oakley::net
