// What the data plane counts: per SA and globally, packets and bytes that went through and
// packets dropped, by reason. Operators read these through oakctl; tests assert on them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace oakley::dataplane {

enum class DropReason : std::uint8_t {
  kNone = 0,          // not a drop (slot unused in the counters)
  kMalformed,         // truncated, bad lengths, unparsable inner packet
  kNoSa,              // inbound SPI unknown
  kAuthFailed,        // ICV did not verify
  kReplay,            // duplicate or older than the replay window
  kBadPadding,        // padding bytes not 1, 2, 3, ... or pad length past the payload
  kBadNextHeader,     // next header not possible for the SA's mode
  kDummy,             // RFC 4303 2.6 dummy packet (next header 59): discarded by design
  kPolicyMismatch,    // decrypted packet outside the SA's traffic selectors
  kNoPolicy,          // outbound packet matches no policy
  kPolicyDrop,        // a drop (or, on the TUN device, a pass) policy matched
  kNoOutboundSa,      // a protect policy matched but its SA is gone
  kAcquireQueueFull,  // trap queue full, or the packet waited too long for its SA
  kLifetimeExpired,   // hard byte/packet limit reached
  kSequenceOverflow,  // outbound sequence number space used up
  kCryptoError,       // the crypto library failed (not the peer's fault)
  kTooBig,            // no room for the ESP overhead in the buffer
  kIoError,           // a send or TUN write failed
  kCount,
};
inline constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::kCount);
std::string_view drop_reason_name(DropReason r);  // "auth_failed", "replay", ...

using DropCounts = std::array<std::uint64_t, kDropReasonCount>;

struct SaCounters {
  std::uint64_t packets = 0;  // packets carried (after decryption in, before encryption out)
  std::uint64_t bytes = 0;    // bytes of those packets (the inner packet, as XFRM counts)
  DropCounts errors{};        // packets of this SA dropped, by reason
  std::uint64_t error_total() const;
};

struct DataplaneStats {
  std::uint64_t packets_in = 0;  // decrypted and delivered
  std::uint64_t bytes_in = 0;
  std::uint64_t packets_out = 0;  // encrypted and sent
  std::uint64_t bytes_out = 0;
  std::uint64_t acquires = 0;
  std::uint64_t ike_packets = 0;  // handed to the IKE packet handler from a NAT-T socket
  std::uint64_t keepalives = 0;   // RFC 3948 NAT keepalives received
  DropCounts drops{};
  std::uint64_t drop_total() const;
};

}  // namespace oakley::dataplane
