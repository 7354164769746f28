// A WorkPool for engine tests: runs each job at once (deterministic, like InlineWorkPool) but
// counts the jobs and marks the running one, so a test can prove that some work (a revocation
// fetch, a signature check) happens inside a worker job and never on the loop.
#pragma once

#include <cstddef>
#include <functional>

#include "common/timer_service.hpp"

namespace oakley::test_support {

class TrackingWorkPool final : public WorkPool {
 public:
  void submit(std::function<void()> work, std::function<void()> done) override {
    ++jobs;
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
  std::size_t jobs = 0;
};

}  // namespace oakley::test_support
