// EventSummary: one log line saying "N such events in the last T seconds" in place of one line per
// event, for whatever an unauthenticated peer can make happen at any rate (malformed datagrams,
// unknown SPIs, a full hand-off queue). The caller logs each event at debug; the summary is what an
// operator sees at the chosen level, at most once per period, so a flood cannot fill the log or
// slow the daemon down with flushed writes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/log.hpp"

namespace oakley::log {

class EventSummary {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `what` names the events ("invalid IKEv2 messages dropped"). `now` defaults to the steady
  // clock (tests pass their own).
  EventSummary(Level level, std::string_view subsystem, std::string what,
               std::chrono::seconds period = std::chrono::seconds(10), Now now = {});

  // Thread-safe and cheap (two atomic operations and a clock read). The first event after a quiet
  // period is reported at once; later ones are counted and reported when the period has passed.
  void record(std::uint64_t events = 1) {
    if (auto due = count(events)) report(*due, {});
  }
  // The same, with `detail()` (a callable returning a string: which peer, why) added to the line
  // as the latest example. It is only called when a line is written, so the per-event cost stays
  // that of record().
  template <typename Detail>
  void record_with(Detail&& detail) {
    if (auto due = count(1)) report(*due, detail());
  }
  std::uint64_t total() const { return total_.load(std::memory_order_relaxed); }

 private:
  // Counts; returns the time when this call won the right to write the period's line.
  std::optional<Clock::time_point> count(std::uint64_t events);
  void report(Clock::time_point now, std::string_view detail);

  Level level_;
  std::string subsystem_;
  std::string what_;
  Clock::duration period_;
  Now now_;
  std::atomic<std::uint64_t> pending_{0};
  std::atomic<std::uint64_t> total_{0};
  std::atomic<Clock::rep> next_report_{0};  // time_since_epoch of the earliest next line
  Clock::time_point last_report_{};         // written only by the thread that won next_report_
  bool reported_ = false;
};

}  // namespace oakley::log
