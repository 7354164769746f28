// RFC 4303 3.4.3 anti-replay window with the RFC 6479 layout: a ring of 64-bit blocks, so sliding
// the window forward clears whole blocks instead of shifting bits, and large windows (thousands of
// packets, for multi-core senders that reorder) cost the same per packet as small ones.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace oakley::dataplane::esp {

class ReplayWindow {
 public:
  static constexpr std::uint32_t kMaxSize = 1u << 20;

  // `size` in packets; 0 turns replay protection off (sequence numbers are still tracked so ESN
  // inference works). Sizes above kMaxSize are clamped. `top`: the highest number already
  // received (an SA taken over from elsewhere); the numbers below it count as unseen.
  explicit ReplayWindow(std::uint32_t size = 64, std::uint64_t top = 0);

  // The full sequence number of a packet carrying `seq_lo` (high half inferred when `esn`), or
  // nullopt if it was seen already or is older than the window. Does not change the window: call
  // accept() once the ICV has verified (RFC 4303 3.4.3).
  std::optional<std::uint64_t> check(std::uint32_t seq_lo, bool esn) const;
  bool check(std::uint64_t seq) const;
  // Marks `seq` as received and slides the window; false if it was already marked or has fallen
  // out of the window since check() (another thread got there first).
  bool accept(std::uint64_t seq);

  std::uint64_t top() const { return top_; }
  std::uint32_t size() const { return size_; }

 private:
  std::vector<std::uint64_t> blocks_;  // power-of-two count
  std::uint64_t mask_ = 0;             // blocks_.size() - 1
  std::uint64_t top_ = 0;              // highest sequence number accepted
  std::uint32_t size_ = 0;
};

}  // namespace oakley::dataplane::esp
