// Time and timers as the protocol engines see them: an interface, so the engines run against a
// real event loop in the daemon and against a hand-driven clock in tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace oakley {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;
using TimerId = std::uint64_t;  // 0 is never a valid id

class TimerService {
 public:
  virtual ~TimerService() = default;
  virtual TimePoint now() const = 0;
  // Runs `fn` on the loop thread once `after` has elapsed, unless cancelled first.
  virtual TimerId schedule(Duration after, std::function<void()> fn) = 0;
  // Cancelling an id that already fired or was never issued is harmless.
  virtual void cancel(TimerId id) = 0;
};

// Expensive work (DH, signatures) runs off the loop thread; `done` runs back on the loop thread.
class WorkPool {
 public:
  virtual ~WorkPool() = default;
  virtual void submit(std::function<void()> work, std::function<void()> done) = 0;
};

// Runs work inline: for tests and for single-threaded tools.
class InlineWorkPool final : public WorkPool {
 public:
  void submit(std::function<void()> work, std::function<void()> done) override {
    work();
    done();
  }
};

}  // namespace oakley
