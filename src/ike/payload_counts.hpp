// How many payloads of one type an IKE message may carry: the one convention the payload rules of
// both versions (ikev1/payload_rules.cpp, ikev2/payload_rules.cpp) use. Every count has a finite
// maximum: a repeated payload is capped, never "any number", because each one costs parsing and
// lookups (an X.509 certificate costs far more) before the peer has proven anything.
//
// The caps sit well above what real peers send. strongSwan's charon 5.9, the peer most others are
// tested against, itself refuses more than 20 notifies, 20 deletes, 20 vendor IDs and 8
// certificates per IKEv2 message and more than 20 certificate requests and 10 NAT-D payloads per
// IKEv1 message (its message.c), so whatever interoperates with charon fits with room to spare.
// A message over a cap is refused like any other payload-rule violation (the caller answers and
// counts it as it does for a missing or misplaced payload).
#pragma once

#include <cstdint>
#include <string>

namespace oakley::ike {

struct PayloadCount {
  std::uint16_t min = 0;
  std::uint16_t max = 1;
};

inline constexpr std::uint16_t kMaxNotifies = 64;      // charon: 20
inline constexpr std::uint16_t kMaxVendorIds = 64;     // charon: 20
inline constexpr std::uint16_t kMaxDeletes = 64;       // charon: 20
inline constexpr std::uint16_t kMaxCertreqs = 64;      // charon (IKEv1): 20, one per trusted CA
inline constexpr std::uint16_t kMaxCerts = 16;         // charon: 8; an end entity and its chain
inline constexpr std::uint16_t kMaxNatDiscovery = 32;  // charon (IKEv1): 10; one per address + 1

// "1", "0 to 64": a count for error messages.
inline std::string count_text(PayloadCount c) {
  return c.min == c.max ? std::to_string(c.min)
                        : std::to_string(c.min) + " to " + std::to_string(c.max);
}

}  // namespace oakley::ike
