// Packets held for a trap policy while IKE negotiates its SA (on-demand tunnels): a few packets
// per policy for a few seconds, so the first packets of a connection (a SYN, a DNS query) are
// sent once the SA exists instead of being lost. Also rate-limits the ACQUIRE events.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "common/bytes.hpp"

namespace oakley::dataplane {

class TrapQueue {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxPackets = 16;
  static constexpr Clock::duration kMaxAge = std::chrono::seconds(3);
  static constexpr Clock::duration kAcquireInterval = std::chrono::seconds(2);

  // Keeps a copy of the packet; false when the queue is full (the packet is dropped).
  bool push(ByteView packet, Clock::time_point now);
  // True if an ACQUIRE should be raised now (none raised within kAcquireInterval).
  bool acquire_due(Clock::time_point now);
  // Hands every packet younger than kMaxAge to `fn` and empties the queue; returns how many were
  // too old (dropped).
  std::size_t drain(Clock::time_point now, const std::function<void(ByteView)>& fn);
  bool empty() const;

 private:
  struct Held {
    Clock::time_point at;
    Bytes packet;
  };
  mutable std::mutex mutex_;
  std::deque<Held> held_;
  Clock::time_point last_acquire_{};
  bool acquired_ = false;
};

}  // namespace oakley::dataplane
