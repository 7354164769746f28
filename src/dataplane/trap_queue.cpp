#include "dataplane/trap_queue.hpp"

namespace oakley::dataplane {

bool TrapQueue::push(ByteView packet, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  while (!held_.empty() && now - held_.front().at > kMaxAge)
    held_.pop_front();
  if (held_.size() >= kMaxPackets) return false;
  held_.push_back({now, Bytes(packet.begin(), packet.end())});
  return true;
}

bool TrapQueue::acquire_due(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (acquired_ && now - last_acquire_ < kAcquireInterval) return false;
  acquired_ = true;
  last_acquire_ = now;
  return true;
}

std::size_t TrapQueue::drain(Clock::time_point now, const std::function<void(ByteView)>& fn) {
  std::deque<Held> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(held_);
    acquired_ = false;  // the SA is here; a later loss of it may acquire again at once
  }
  std::size_t expired = 0;
  for (const auto& h : taken) {
    if (now - h.at > kMaxAge) {
      ++expired;
      continue;
    }
    fn(h.packet);
  }
  return expired;
}

bool TrapQueue::empty() const {
  std::lock_guard lock(mutex_);
  return held_.empty();
}

}  // namespace oakley::dataplane
