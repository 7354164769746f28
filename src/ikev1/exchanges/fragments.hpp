// IKEv1 fragmentation as Cisco defined it and strongSwan uses it: a whole ISAKMP message, header
// included, cut into numbered FRAG payloads that share a fragment ID, the last one flagged. We
// reassemble what peers send (large MM5/MM6 with certificates); our own PSK messages stay well
// below any path MTU, so we do not fragment.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/timer_service.hpp"
#include "wire/ikev1/fragment.hpp"

namespace oakley::ikev1 {

class FragmentReassembler {
 public:
  // The whole message once every piece is in; nullopt while incomplete, or when the piece was
  // refused (`why` says why: too many pieces, too large, inconsistent).
  std::optional<Bytes> add(std::uint64_t icookie, const Endpoint& from,
                           const wire::ikev1::FragmentPayload& piece, TimePoint now,
                           std::string* why);
  std::size_t pending() const { return partial_.size(); }

  static constexpr std::size_t kMaxPieces = 16;
  static constexpr std::size_t kMaxBytes = 64 * 1024;
  static constexpr std::size_t kMaxPending = 64;
  static constexpr auto kTimeout = std::chrono::seconds(30);

 private:
  struct Partial {
    TimePoint started{};
    std::map<std::uint8_t, Bytes> pieces;
    std::uint8_t last = 0;  // number of the piece flagged LAST, 0 until it arrived
    std::size_t bytes = 0;
  };
  void prune(TimePoint now);
  std::map<std::tuple<std::uint64_t, Endpoint, std::uint16_t>, Partial> partial_;
};

}  // namespace oakley::ikev1
