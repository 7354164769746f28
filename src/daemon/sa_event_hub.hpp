// SaEventHub: hands the engines' SA events to whoever listens — `oakctl monitor` clients (control
// command `subscribe`) and the updown runner. Loop thread only, as the engines and the control
// server are. A subscriber that does not read is dropped with an "overflow" event and an error,
// so a stuck client costs at most kMaxBacklogBytes of queued output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "control/protocol.hpp"
#include "control/reply.hpp"
#include "ike/sa_events.hpp"

namespace oakley::daemon {

// The event as one JSON object ("event": "sa", "kind": "child_up", ...); COMMANDS.md lists the
// fields.
control::Json sa_event_json(const ike::SaEvent& event);

class SaEventHub {
 public:
  static constexpr std::size_t kMaxSubscribers = 16;
  static constexpr std::size_t kMaxBacklogBytes = 256 << 10;

  // A `subscribe` request: its reply stays open and receives one event per SA event. False when
  // kMaxSubscribers are already there.
  bool subscribe(const control::ReplyPtr& reply);
  // Listeners inside the daemon (the updown runner); they must not call back into the engines.
  void add_listener(ike::SaEventSink listener);
  void publish(const ike::SaEvent& event);
  // Shutdown: every subscription ends with an ok answer.
  void close_all();

  std::size_t subscribers() const;
  std::uint64_t published() const { return published_; }
  std::uint64_t overflows() const { return overflows_; }

 private:
  void prune();

  std::vector<control::ReplyPtr> subscribers_;
  std::vector<ike::SaEventSink> listeners_;
  std::uint64_t published_ = 0;
  std::uint64_t overflows_ = 0;
};

}  // namespace oakley::daemon
