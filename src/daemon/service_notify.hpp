// ServiceNotifier: what oakleyd tells systemd when the unit is Type=notify (sd_notify(3)).
//   READY=1     once the configuration, the IKE sockets, the data plane (TUN) and the control
//               socket are up: `systemctl start` returns and units ordered after us start then.
//   STATUS=...  SA counts for `systemctl status`, sent only when they changed and at most once per
//               status interval, so a burst of a thousand SAs costs one message, not a thousand.
//   WATCHDOG=1  from a timer on the event loop when the unit sets WatchdogSec: a loop that is
//               stuck stops the pings and systemd restarts the service.
//   STOPPING=1  when the graceful shutdown (DELETE to every peer) begins.
// Not started by systemd (NOTIFY_SOCKET unset) there is no notifier at all: nothing is polled.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/timer_service.hpp"

namespace oakley::daemon {

struct SaCounts {
  std::size_t ike_up = 0;          // ESTABLISHED or REKEYING
  std::size_t ike_connecting = 0;  // every other IKE SA (half-open, connecting, deleting)
  std::size_t child_up = 0;        // INSTALLED or REKEYING
  std::size_t connections = 0;     // loaded connections
  bool operator==(const SaCounts&) const = default;
};

// "2 IKE SAs up, 1 connecting; 3 CHILD SAs; 4 connections loaded"
std::string status_text(const SaCounts& counts);

// Where the SA counts come from. `count` may be expensive (it walks every SA); `change_stamp`
// must be cheap: the notifier calls `count` only when the stamp moved since the last count (and
// once per recount interval in any case, in case an SA changed without moving the stamp).
struct SaCountSource {
  std::function<std::uint64_t()> change_stamp;
  std::function<SaCounts()> count;
};

struct NotifierTiming {
  Duration status_interval = std::chrono::seconds(5);
  Duration recount_interval = std::chrono::seconds(60);
  std::optional<Duration> watchdog_interval;  // unset: no WATCHDOG=1 pings
};

class ServiceNotifier {
 public:
  using Send = std::function<void(const std::string& message)>;  // one sd_notify datagram

  ServiceNotifier(TimerService& timers, Send send, SaCountSource source, NotifierTiming timing);
  ~ServiceNotifier();
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;

  // The notifier for systemd's NOTIFY_SOCKET (pings at half of WatchdogSec when the unit sets
  // it), or nullptr when the daemon was not started by systemd with Type=notify.
  static std::unique_ptr<ServiceNotifier> from_environment(TimerService& timers,
                                                           SaCountSource source);

  // READY=1 with the first STATUS=; starts the status and watchdog timers.
  void ready();
  // Counts now and sends STATUS= if it changed (after a reload changed the connections).
  void refresh();
  // STOPPING=1; no more status updates or pings.
  void stopping();

 private:
  void schedule_status();
  void schedule_watchdog();
  void poll_status();
  std::optional<std::string> changed_status(bool force_count);

  TimerService& timers_;
  Send send_;
  SaCountSource source_;
  NotifierTiming timing_;
  TimerId status_timer_ = 0;
  TimerId watchdog_timer_ = 0;
  bool stopped_ = false;
  std::optional<std::uint64_t> last_stamp_;
  TimePoint last_count_{};
  std::string last_status_;
};

}  // namespace oakley::daemon
