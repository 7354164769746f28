// A TimerHeap that counts schedule() calls. TimerHeap drops cancelled entries lazily, so every
// timer scheduled costs a heap entry until its deadline, cancelled or not: tests that bound what a
// peer can make us store count the timers it makes us schedule.
#pragma once

#include <cstddef>
#include <functional>

#include "common/timer_heap.hpp"

namespace oakley::test_support {

class CountingTimerHeap : public TimerHeap {
 public:
  using TimerHeap::TimerHeap;
  TimerId schedule(Duration after, std::function<void()> fn) override {
    ++scheduled_;
    return TimerHeap::schedule(after, std::move(fn));
  }
  std::size_t scheduled() const { return scheduled_; }

 private:
  std::size_t scheduled_ = 0;
};

}  // namespace oakley::test_support
