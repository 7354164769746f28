// TimerHeap: every timer of the process in one binary heap (per-SA timers cost a heap entry, not an
// OS timer). Cancelled entries are dropped lazily when they reach the top, and the heap is rebuilt
// without them once they outnumber the live ones: otherwise whatever schedules and cancels at a
// peer-driven rate (retransmits, reassembly) would hold memory for the longest timeout in use.
// It does not run by itself: the daemon arms one event-loop timer at next_deadline(), tests call
// advance().
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "common/timer_service.hpp"

namespace oakley {

class TimerHeap : public TimerService {
 public:
  explicit TimerHeap(TimePoint start = TimePoint{}) : now_(start) {}

  TimePoint now() const override { return now_; }
  TimerId schedule(Duration after, std::function<void()> fn) override;
  void cancel(TimerId id) override;

  // Sets the clock and runs every timer that is due, in deadline order (timers scheduled by the
  // callbacks run too if they are due). Returns how many ran.
  std::size_t run_until(TimePoint now);
  // Test helper: moves the clock forward.
  std::size_t advance(Duration d) { return run_until(now_ + d); }
  std::optional<TimePoint> next_deadline();
  std::size_t pending() const { return callbacks_.size(); }
  // Heap entries including cancelled ones not yet dropped: at most 2 * pending() + kCompactMin.
  std::size_t heap_size() const { return heap_.size(); }

  // Below this many entries cancelled ones are left for the lazy path: rebuilding is not worth it.
  static constexpr std::size_t kCompactMin = 64;

 private:
  struct Entry {
    TimePoint deadline;
    TimerId id;
    bool operator>(const Entry& o) const {
      return deadline != o.deadline ? deadline > o.deadline : id > o.id;
    }
  };
  void pop_top();
  void compact_if_mostly_cancelled();

  TimePoint now_;
  TimerId next_id_ = 1;
  // A min-heap under std::greater (std:: heap algorithms rather than priority_queue, so that
  // compaction can filter the container). (deadline, id) is a total order, so the order timers
  // run in does not depend on the heap's layout.
  std::vector<Entry> heap_;
  std::unordered_map<TimerId, std::function<void()>> callbacks_;
};

}  // namespace oakley
