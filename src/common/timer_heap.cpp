#include "common/timer_heap.hpp"

namespace oakley {

TimerId TimerHeap::schedule(Duration after, std::function<void()> fn) {
  TimerId id = next_id_++;
  heap_.push(Entry{now_ + (after < Duration::zero() ? Duration::zero() : after), id});
  callbacks_.emplace(id, std::move(fn));
  return id;
}

void TimerHeap::cancel(TimerId id) {
  callbacks_.erase(id);
}

std::optional<TimePoint> TimerHeap::next_deadline() {
  while (!heap_.empty() && !callbacks_.contains(heap_.top().id))
    heap_.pop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().deadline;
}

std::size_t TimerHeap::run_until(TimePoint now) {
  if (now > now_) now_ = now;
  std::size_t ran = 0;
  while (auto deadline = next_deadline()) {
    if (*deadline > now_) break;
    Entry top = heap_.top();
    heap_.pop();
    auto it = callbacks_.find(top.id);
    auto fn = std::move(it->second);
    callbacks_.erase(it);
    fn();
    ++ran;
  }
  return ran;
}

}  // namespace oakley
