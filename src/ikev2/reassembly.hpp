// Reassembly of one fragmented IKEv2 message (RFC 7383 2.6) from decrypted SKF fragments. Pure
// bookkeeping with hard limits: a peer that holds the SA's keys, authenticated or not, can make us
// store at most `max_bytes` of plaintext in at most `max_fragments` slots per message, and a new
// Total Fragments value cannot make us allocate more than that either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/timer_service.hpp"
#include "wire/ikev2/constants.hpp"

namespace oakley::ikev2 {

struct ReassemblyLimits {
  std::size_t max_bytes = 10000;     // the whole message's inner payload bytes
  std::uint16_t max_fragments = 32;  // Total Fragments we accept
};

class Reassembly {
 public:
  enum class Outcome {
    kStored,        // kept; more fragments to come
    kComplete,      // every fragment is here: take() the message
    kDuplicate,     // this fragment number is already here (a retransmission)
    kInconsistent,  // RFC 7383 2.6: a smaller Total Fragments than ours; the fragment is discarded
    kTooLarge,      // the message would exceed max_bytes: give up on it
  };

  // `total` must be 1..limits.max_fragments (the caller checks before decrypting).
  Reassembly(std::uint32_t message_id, std::uint16_t total)
      : message_id_(message_id), total_(total), parts_(total) {}

  std::uint32_t message_id() const { return message_id_; }
  std::uint16_t total() const { return total_; }
  std::size_t bytes() const { return bytes_; }

  // The wire layer checked 1 <= number <= total. A larger total than ours is the caller's to
  // handle, by starting a new reassembly (RFC 7383 2.6).
  Outcome add(std::uint16_t number, std::uint16_t total, wire::ikev2::PayloadType first_inner,
              Bytes plaintext, const ReassemblyLimits& limits);

  // After kComplete: the inner payload chain and the type of its first payload.
  Bytes take();
  wire::ikev2::PayloadType first_inner() const { return first_inner_; }

  TimePoint started{};  // the engine drops the reassembly when it does not complete in time

 private:
  std::uint32_t message_id_;
  std::uint16_t total_;
  std::size_t bytes_ = 0;
  std::size_t received_ = 0;
  wire::ikev2::PayloadType first_inner_ = wire::ikev2::PayloadType::kNone;
  std::vector<std::optional<Bytes>> parts_;
};

}  // namespace oakley::ikev2
