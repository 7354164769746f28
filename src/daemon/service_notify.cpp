#include "daemon/service_notify.hpp"

#include <fmt/format.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

#include "common/log.hpp"

namespace oakley::daemon {

namespace {

std::string count_of(std::size_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

// One datagram to $NOTIFY_SOCKET. A failure is logged once: systemd going away must not fill
// the journal every few seconds.
ServiceNotifier::Send systemd_sender() {
  return [warned = false](const std::string& message) mutable {
    int r = sd_notify(0, message.c_str());
    if (r < 0 && !warned) {
      warned = true;
      log::warn("daemon", "notifying systemd failed: {}", std::strerror(-r));
    }
  };
}

}  // namespace

std::string status_text(const SaCounts& c) {
  return fmt::format("{} up, {} connecting; {}; {} loaded", count_of(c.ike_up, "IKE SA"),
                     c.ike_connecting, count_of(c.child_up, "CHILD SA"),
                     count_of(c.connections, "connection"));
}

ServiceNotifier::ServiceNotifier(TimerService& timers, Send send, SaCountSource source,
                                 NotifierTiming timing)
    : timers_(timers), send_(std::move(send)), source_(std::move(source)), timing_(timing) {}

ServiceNotifier::~ServiceNotifier() {
  timers_.cancel(status_timer_);
  timers_.cancel(watchdog_timer_);
}

std::unique_ptr<ServiceNotifier> ServiceNotifier::from_environment(TimerService& timers,
                                                                   SaCountSource source) {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (!socket || !*socket) return nullptr;
  NotifierTiming timing;
  std::uint64_t usec = 0;
  // Half the period, as sd_watchdog_enabled(3) advises: one late ping must not be fatal.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    timing.watchdog_interval = std::chrono::microseconds(usec / 2);
  }
  return std::make_unique<ServiceNotifier>(timers, systemd_sender(), std::move(source), timing);
}

void ServiceNotifier::ready() {
  changed_status(true);
  send_("READY=1\nSTATUS=" + last_status_);
  schedule_status();
  schedule_watchdog();
}

void ServiceNotifier::refresh() {
  if (stopped_) return;
  if (auto status = changed_status(true)) send_("STATUS=" + *status);
}

void ServiceNotifier::stopping() {
  if (stopped_) return;
  stopped_ = true;
  timers_.cancel(status_timer_);
  timers_.cancel(watchdog_timer_);
  send_("STOPPING=1\nSTATUS=shutting down: deleting every SA");
}

void ServiceNotifier::schedule_status() {
  status_timer_ = timers_.schedule(timing_.status_interval, [this] { poll_status(); });
}

void ServiceNotifier::schedule_watchdog() {
  if (!timing_.watchdog_interval) return;
  watchdog_timer_ = timers_.schedule(*timing_.watchdog_interval, [this] {
    send_("WATCHDOG=1");
    schedule_watchdog();
  });
}

void ServiceNotifier::poll_status() {
  if (auto status = changed_status(false)) send_("STATUS=" + *status);
  schedule_status();
}

std::optional<std::string> ServiceNotifier::changed_status(bool force_count) {
  std::uint64_t stamp = source_.change_stamp();
  TimePoint now = timers_.now();
  bool recount_due = now - last_count_ >= timing_.recount_interval;
  if (!force_count && !recount_due && last_stamp_ == stamp) return std::nullopt;
  last_stamp_ = stamp;
  last_count_ = now;
  std::string text = status_text(source_.count());
  if (text == last_status_) return std::nullopt;
  last_status_ = text;
  return text;
}

}  // namespace oakley::daemon
