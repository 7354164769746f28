#include "common/timer_heap.hpp"

#include <algorithm>

namespace oakley {

TimerId TimerHeap::schedule(Duration after, std::function<void()> fn) {
  TimerId id = next_id_++;
  heap_.push_back(Entry{now_ + (after < Duration::zero() ? Duration::zero() : after), id});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
  callbacks_.emplace(id, std::move(fn));
  return id;
}

void TimerHeap::cancel(TimerId id) {
  if (callbacks_.erase(id) != 0) compact_if_mostly_cancelled();
}

// Every live timer has exactly one entry, so the rest are cancelled. Rebuilding only when they
// outnumber the live ones makes its O(heap) cost at most twice the cancels since the last rebuild
// (amortised O(1) each) and keeps heap_size() <= 2 * pending() + kCompactMin.
void TimerHeap::compact_if_mostly_cancelled() {
  std::size_t cancelled = heap_.size() - callbacks_.size();
  if (heap_.size() <= kCompactMin || cancelled <= callbacks_.size()) return;
  std::erase_if(heap_, [this](const Entry& e) { return !callbacks_.contains(e.id); });
  std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
  // Give the memory back too: a burst must not pin its peak capacity for the process lifetime.
  if (heap_.capacity() > 2 * heap_.size() + kCompactMin) heap_.shrink_to_fit();
}

void TimerHeap::pop_top() {
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
  heap_.pop_back();
}

std::optional<TimePoint> TimerHeap::next_deadline() {
  while (!heap_.empty() && !callbacks_.contains(heap_.front().id))
    pop_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().deadline;
}

std::size_t TimerHeap::run_until(TimePoint now) {
  if (now > now_) now_ = now;
  std::size_t ran = 0;
  while (auto deadline = next_deadline()) {
    if (*deadline > now_) break;
    Entry top = heap_.front();
    pop_top();
    auto it = callbacks_.find(top.id);
    auto fn = std::move(it->second);
    callbacks_.erase(it);
    fn();
    ++ran;
  }
  return ran;
}

}  // namespace oakley
