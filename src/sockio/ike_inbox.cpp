#include "sockio/ike_inbox.hpp"

#include <utility>

namespace oakley::sockio {

IkeInbox::IkeInbox(IkeInboxLimits limits)
    : limits_(limits),
      full_summary_(log::Level::kWarn, "net",
                    "IKE datagrams from NAT-T sockets dropped: queue to the IKE loop full") {}

void IkeInbox::set_wake(Wake wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

bool IkeInbox::offer(ByteView message, const Endpoint& local, const Endpoint& remote) {
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    if (queue_.size() >= limits_.max_datagrams || bytes_ + message.size() > limits_.max_bytes) {
      lock.unlock();
      dropped_full_.fetch_add(1, std::memory_order_relaxed);
      full_summary_.record();  // may write a log line: not under the lock producers contend for
      return false;
    }
    queue_.push_back({Bytes(message.begin(), message.end()), local, remote});
    bytes_ += message.size();
    wake = !wake_pending_ && wake_;
    wake_pending_ = wake_pending_ || wake;
  }
  accepted_.fetch_add(1, std::memory_order_relaxed);
  if (wake) {
    wakeups_.fetch_add(1, std::memory_order_relaxed);
    wake_();  // set before producers run and never changed afterwards: safe without the lock
  }
  return true;
}

std::size_t IkeInbox::drain(const Consumer& consumer) {
  std::deque<InboxDatagram> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(queue_);
    bytes_ = 0;
    wake_pending_ = false;
  }
  for (auto& d : batch)
    consumer(d);
  return batch.size();
}

std::size_t IkeInbox::size() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace oakley::sockio
