// Running the real EventLoop in tests until something has happened, with a deadline.
#pragma once

#include <chrono>
#include <functional>

#include "net/event_loop.hpp"

namespace oakley::net::testing {

// Runs `loop` until `done()` holds (checked every 2 ms) or `timeout` passes; returns done().
// Leaves no timer of its own behind, so it can be called again on the same loop.
inline bool run_until(EventLoop& loop, const std::function<bool()>& done,
                      Duration timeout = std::chrono::seconds(3)) {
  TimerId poll_timer = 0;
  std::function<void()> check = [&] {
    poll_timer = 0;
    if (done()) {
      loop.stop();
      return;
    }
    poll_timer = loop.schedule(std::chrono::milliseconds(2), check);
  };
  TimerId deadline = loop.schedule(timeout, [&loop] { loop.stop(); });
  poll_timer = loop.schedule(Duration::zero(), check);
  loop.run();
  loop.cancel(deadline);
  if (poll_timer != 0) loop.cancel(poll_timer);
  return done();
}

}  // namespace oakley::net::testing
