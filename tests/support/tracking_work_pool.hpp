// A WorkPool for engine tests: runs each job at once (deterministic, like InlineWorkPool) but
// counts the jobs and marks the running one, so a test can prove that some work (a revocation
// fetch, a signature check) happens inside a worker job and never on the loop. With `hold` set,
// jobs wait until run_held(): a test can change the world (delete the SA) while a job "runs".
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include "common/timer_service.hpp"

namespace oakley::test_support {

class TrackingWorkPool final : public WorkPool {
 public:
  void submit(std::function<void()> work, std::function<void()> done) override {
    ++jobs;
    if (hold) {
      held.emplace_back(std::move(work), std::move(done));
      return;
    }
    running() = true;
    work();
    running() = false;
    done();
  }
  // True while a job runs (on this thread).
  static bool& running() {
    thread_local bool flag = false;
    return flag;
  }
  // Runs the held jobs (and their completions) in order; jobs they submit run at once.
  void run_held() {
    hold = false;
    auto jobs_now = std::move(held);
    held.clear();
    for (auto& [work, done] : jobs_now) {
      running() = true;
      work();
      running() = false;
      done();
    }
  }
  std::size_t jobs = 0;
  bool hold = false;
  std::vector<std::pair<std::function<void()>, std::function<void()>>> held;
};

}  // namespace oakley::test_support
