#include "common/log_summary.hpp"

#include <utility>

#include "common/log_context.hpp"

namespace oakley::log {

EventSummary::EventSummary(Level level, std::string_view subsystem, std::string what,
                           std::chrono::seconds period, Now now)
    : level_(level),
      subsystem_(subsystem),
      what_(std::move(what)),
      period_(period),
      now_(now ? std::move(now) : Now([] { return Clock::now(); })) {}

std::optional<EventSummary::Clock::time_point> EventSummary::count(std::uint64_t events) {
  total_.fetch_add(events, std::memory_order_relaxed);
  pending_.fetch_add(events, std::memory_order_relaxed);
  const Clock::time_point now = now_();
  Clock::rep due = next_report_.load(std::memory_order_relaxed);
  if (now.time_since_epoch().count() < due) return std::nullopt;
  // One thread wins the right to write this period's line; the others only counted.
  if (!next_report_.compare_exchange_strong(due, (now + period_).time_since_epoch().count(),
                                            std::memory_order_acq_rel))
    return std::nullopt;
  return now;
}

void EventSummary::report(Clock::time_point now, std::string_view detail) {
  const std::uint64_t n = pending_.exchange(0, std::memory_order_relaxed);
  if (n == 0) return;
  const std::string latest = detail.empty() ? "" : fmt::format("; latest: {}", detail);
  std::string line;
  if (!reported_) {
    const auto period_s = std::chrono::duration_cast<std::chrono::seconds>(period_).count();
    line = fmt::format("{}: {} (more are counted and summarised every {} s; each at debug){}",
                       what_, n, period_s, latest);
  } else {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(now - last_report_).count();
    line = fmt::format("{}: {} in the last {} s{}", what_, n, elapsed, latest);
  }
  // A summary speaks of many senders: not in the context of the datagram that happened to be
  // the one to write it (a trace of that peer would show everybody's count).
  if (enabled(level_)) write_context(nullptr, level_, subsystem_, line);
  reported_ = true;
  last_report_ = now;
}

}  // namespace oakley::log
