#include "dataplane/esp/replay_window.hpp"

#include <algorithm>
#include <bit>

#include "dataplane/esp/esn.hpp"

namespace oakley::dataplane::esp {

namespace {
// ESN inference needs a window even when replay checking is off.
constexpr std::uint32_t kInferenceWindow = 64;
}  // namespace

ReplayWindow::ReplayWindow(std::uint32_t size, std::uint64_t top)
    : top_(top), size_(std::min(size, kMaxSize)) {
  if (size_ == 0) return;
  // One block more than the window spans, so the block being cleared for a new top is never one
  // that still holds bits inside the window.
  const std::uint64_t needed = (std::uint64_t{size_} + 63) / 64 + 1;
  blocks_.assign(std::bit_ceil(std::max<std::uint64_t>(needed, 2)), 0);
  mask_ = blocks_.size() - 1;
}

std::optional<std::uint64_t> ReplayWindow::check(std::uint32_t seq_lo, bool esn) const {
  std::uint64_t seq = seq_lo;
  if (esn) {
    auto hi = infer_seq_hi(top_, size_ ? size_ : kInferenceWindow, seq_lo);
    if (!hi) return std::nullopt;
    seq |= std::uint64_t{*hi} << 32;
  }
  if (!check(seq)) return std::nullopt;
  return seq;
}

bool ReplayWindow::check(std::uint64_t seq) const {
  if (seq == 0) return false;  // the first packet is number 1; 0 never appears (RFC 4303 3.3.3)
  if (seq > top_) return true;
  if (size_ == 0) return true;
  if (top_ - seq >= size_) return false;
  return (blocks_[(seq >> 6) & mask_] & (std::uint64_t{1} << (seq & 63))) == 0;
}

bool ReplayWindow::accept(std::uint64_t seq) {
  if (!check(seq)) return false;
  if (size_ == 0) {
    top_ = std::max(top_, seq);
    return true;
  }
  if (seq > top_) {
    const std::uint64_t old_block = top_ >> 6;
    const std::uint64_t steps = std::min<std::uint64_t>((seq >> 6) - old_block, blocks_.size());
    for (std::uint64_t i = 1; i <= steps; ++i)
      blocks_[(old_block + i) & mask_] = 0;
    top_ = seq;
  }
  blocks_[(seq >> 6) & mask_] |= std::uint64_t{1} << (seq & 63);
  return true;
}

}  // namespace oakley::dataplane::esp
