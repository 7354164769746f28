// IkeInbox: the bounded hand-off of IKE datagrams from the threads that read a NAT-T socket (the
// data plane's workers) to the IKE loop. Anyone can send datagrams with the non-ESP marker at any
// rate, so what waits here is capped by count and by bytes: a datagram that does not fit is
// dropped and counted, never queued. Wake-ups are batched: the consumer is woken once when the
// inbox stops being empty and then takes everything that arrived meanwhile in one go.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/log_summary.hpp"

namespace oakley::sockio {

struct InboxDatagram {
  Bytes message;   // the IKE message, without the non-ESP marker
  Endpoint local;  // the address it arrived on
  Endpoint remote;
};

struct IkeInboxLimits {
  // The IKE loop drains the inbox in one go; between two drains it needs room for a burst of
  // legitimate IKE (many peers rekeying at once), not for a flood.
  std::size_t max_datagrams = 512;
  std::size_t max_bytes = 2 << 20;
};

class IkeInbox {
 public:
  using Wake = std::function<void()>;
  using Consumer = std::function<void(InboxDatagram&)>;

  explicit IkeInbox(IkeInboxLimits limits = {});
  IkeInbox(const IkeInbox&) = delete;
  IkeInbox& operator=(const IkeInbox&) = delete;

  // Called on a producer's thread when the consumer must drain; not again until it has. Set it
  // before any producer runs. It must only schedule the drain (post to the loop), not do it.
  void set_wake(Wake wake);

  // Any thread. Copies the message; false when the inbox is full (dropped and counted).
  bool offer(ByteView message, const Endpoint& local, const Endpoint& remote);

  // The consumer's thread: hands every datagram queued so far to `consumer` in arrival order;
  // returns how many. Datagrams offered meanwhile wait for the next wake-up.
  std::size_t drain(const Consumer& consumer);

  std::size_t size() const;
  std::uint64_t accepted() const { return accepted_.load(std::memory_order_relaxed); }
  std::uint64_t dropped_full() const { return dropped_full_.load(std::memory_order_relaxed); }
  std::uint64_t wakeups() const { return wakeups_.load(std::memory_order_relaxed); }
  const IkeInboxLimits& limits() const { return limits_; }

 private:
  IkeInboxLimits limits_;
  Wake wake_;
  mutable std::mutex mutex_;
  std::deque<InboxDatagram> queue_;
  std::size_t bytes_ = 0;
  bool wake_pending_ = false;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> dropped_full_{0};
  std::atomic<std::uint64_t> wakeups_{0};
  log::EventSummary full_summary_;
};

}  // namespace oakley::sockio
