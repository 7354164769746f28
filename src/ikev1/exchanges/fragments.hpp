// IKEv1 fragmentation as Cisco defined it and strongSwan uses it: a whole ISAKMP message, header
// included, cut into numbered FRAG payloads that share a fragment ID, the last one flagged. We
// reassemble what peers send (large MM5/MM6 with certificates); our own PSK messages stay well
// below any path MTU, so we do not fragment.
//
// FRAG payloads are not authenticated, so what they make us hold is bounded on every axis: each
// reassembly belongs to one owner (the ISAKMP SA the cookies name, or, for a responder's first
// message only, the initiator cookie and peer), an owner has at most kMaxPerOwner messages in
// reassembly, owner-less ones have a small pool of their own (and at most kMaxUnboundPerAddress
// per address) so spoofed first messages cannot crowd out SAs, all of them together are capped
// in count and bytes, and each expires after kTimeout.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/timer_service.hpp"
#include "wire/ikev1/fragment.hpp"

namespace oakley::ikev1 {

// Whose fragments these are: sa_id != 0 for a known ISAKMP SA; 0 for a responder's first message
// (MM1/AM1), where the initiator cookie and the peer tell reassemblies apart.
struct FragmentOwner {
  std::uint32_t sa_id = 0;
  std::uint64_t icookie = 0;
  Endpoint peer;
  auto operator<=>(const FragmentOwner&) const = default;
};

class FragmentReassembler {
 public:
  enum class Verdict : std::uint8_t {
    kKept,          // stored, the message is not complete yet
    kDuplicate,     // a piece we already hold: ignored
    kComplete,      // `whole` is the message
    kOverLimit,     // refused: a count or size limit
    kInconsistent,  // refused: numbering does not describe one message
  };
  struct Added {
    Verdict verdict = Verdict::kKept;
    std::optional<Bytes> whole;
    std::string why;  // for refusals
  };

  Added add(const FragmentOwner& owner, const wire::ikev1::FragmentPayload& piece, TimePoint now);
  // Drops the reassemblies older than kTimeout; returns how many.
  std::size_t expire(TimePoint now);
  // The SA is gone: so is what it was reassembling.
  void forget_sa(std::uint32_t sa_id);
  std::size_t pending() const { return partial_.size(); }
  std::size_t pending_bytes() const { return total_bytes_; }

  static constexpr std::size_t kMaxPieces = 16;
  static constexpr std::size_t kMaxBytes = 64 * 1024;  // one message
  static constexpr std::size_t kMaxPerOwner = 2;
  static constexpr std::size_t kMaxPending = 128;
  static constexpr std::size_t kMaxTotalBytes = 2 * 1024 * 1024;
  static constexpr std::size_t kMaxUnbound = 16;
  static constexpr std::size_t kMaxUnboundPerAddress = 2;
  static constexpr auto kTimeout = std::chrono::seconds(30);

 private:
  struct Partial {
    TimePoint started{};
    std::map<std::uint8_t, Bytes> pieces;
    std::uint8_t last = 0;  // number of the piece flagged LAST, 0 until it arrived
    std::size_t bytes = 0;
  };
  using Key = std::tuple<FragmentOwner, std::uint16_t>;

  std::optional<std::string> room_for(const FragmentOwner& owner) const;
  void erase(std::map<Key, Partial>::iterator it);

  std::map<Key, Partial> partial_;
  std::size_t total_bytes_ = 0;
};

}  // namespace oakley::ikev1
