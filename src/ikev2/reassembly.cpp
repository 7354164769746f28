#include "ikev2/reassembly.hpp"

namespace oakley::ikev2 {

Reassembly::Outcome Reassembly::add(std::uint16_t number, std::uint16_t total,
                                    wire::ikev2::PayloadType first_inner, Bytes plaintext,
                                    const ReassemblyLimits& limits) {
  if (total != total_ || number == 0 || number > total_) return Outcome::kInconsistent;
  auto& slot = parts_[number - 1];
  if (slot) return Outcome::kDuplicate;
  if (bytes_ + plaintext.size() > limits.max_bytes) return Outcome::kTooLarge;
  bytes_ += plaintext.size();
  if (number == 1) first_inner_ = first_inner;
  slot = std::move(plaintext);
  ++received_;
  return received_ == total_ ? Outcome::kComplete : Outcome::kStored;
}

Bytes Reassembly::take() {
  Bytes whole;
  whole.reserve(bytes_);
  for (auto& p : parts_) {
    if (p) append(whole, *p);
  }
  parts_.clear();
  return whole;
}

}  // namespace oakley::ikev2
