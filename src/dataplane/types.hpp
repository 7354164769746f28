// The vocabulary the IKE engines and every data-plane backend share: how an SA and a policy are
// described and identified, and the events a backend raises. Nothing here is specific to one
// backend (userspace TUN today, Linux XFRM later), so kernel details stay out.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/ip_address.hpp"
#include "common/secret.hpp"

namespace oakley::dataplane {

enum class Direction : std::uint8_t { kInbound, kOutbound };
enum class Mode : std::uint8_t { kTunnel, kTransport };

std::string_view direction_name(Direction d);
std::string_view mode_name(Mode m);

struct SaAlgorithms {
  EncrId encr = EncrId::kAesGcm16;
  unsigned encr_key_bits = 128;    // 0: the algorithm's only size (3DES, ChaCha20-Poly1305, NULL)
  IntegId integ = IntegId::kNone;  // kNone with AEAD ciphers
  bool esn = false;                // RFC 4304 extended (64-bit) sequence numbers
};

// Both fields 0 = unlimited. Time lifetimes are the IKE side's timers, not ours.
struct SaLimit {
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
};

// RFC 3948 ESP-in-UDP (NAT traversal). The ports are the outer UDP ports of this SA's packets.
struct UdpEncapsulation {
  std::uint16_t local_port = 4500;
  std::uint16_t remote_port = 4500;
  auto operator<=>(const UdpEncapsulation&) const = default;
};

// An SA is named like XFRM names it: SPI plus the peer's outer address (two peers may pick the same
// outbound SPI). Inbound SPIs are ours, so an inbound SPI is unique on its own.
struct SaId {
  Direction direction = Direction::kInbound;
  std::uint32_t spi = 0;
  IpAddress remote;
  auto operator<=>(const SaId&) const = default;
  std::string to_string() const;  // "in 0xc0ffee01 from 192.0.2.2"
};

struct SaConfig {
  std::uint32_t spi = 0;
  Direction direction = Direction::kInbound;
  std::uint32_t reqid = 0;  // ties the SA to its policies; in and out SA of a CHILD_SA share it
  Mode mode = Mode::kTunnel;
  SaAlgorithms algorithms;
  SecretBytes encr_key;   // cipher key; for AEAD and AES-CTR key || salt/nonce (RFC 4106/3686)
  SecretBytes integ_key;  // empty with AEAD
  IpAddress local;        // outer addresses (tunnel end points; transport: the hosts)
  IpAddress remote;
  std::optional<UdpEncapsulation> udp_encap;
  std::uint32_t replay_window = 64;  // inbound, in packets; 0 turns replay protection off
  SaLimit soft_limit;                // → SoftExpireEvent (rekey)
  SaLimit hard_limit;                // → HardExpireEvent; the SA stops carrying traffic
  // Inbound: decrypted packets must come from remote_ts and go to local_ts, else they are dropped
  // as a policy mismatch. Empty = no check.
  std::vector<TrafficSelector> local_ts;
  std::vector<TrafficSelector> remote_ts;
  // 0 for a new SA. Outbound: the last sequence number already used; inbound: the highest one
  // already received (SA hand-over, tests).
  std::uint64_t initial_sequence = 0;

  SaId id() const { return SaId{direction, spi, remote}; }
};

enum class PolicyAction : std::uint8_t {
  kProtect,  // send through the newest outbound SA with the policy's reqid
  kTrap,     // like protect; without an SA: raise ACQUIRE and hold the packets briefly
  kPass,     // let the packets through in the clear
  kDrop,     // discard
};
std::string_view policy_action_name(PolicyAction a);

// Policies are named by their selector pair; installing the same pair again replaces it.
struct PolicyId {
  TrafficSelector local_ts;
  TrafficSelector remote_ts;
  auto operator<=>(const PolicyId&) const = default;
  std::string to_string() const;  // "10.1.0.0/24 === 10.2.0.0/24"
};

struct PolicyConfig {
  TrafficSelector local_ts;
  TrafficSelector remote_ts;
  PolicyAction action = PolicyAction::kProtect;
  std::uint32_t reqid = 0;  // protect / trap
  Mode mode = Mode::kTunnel;
  IpAddress local;  // outer tunnel addresses (what an XFRM template carries); informational here
  IpAddress remote;
  // Lower wins. 0 = automatic: pass/drop before protect before trap, then more specific
  // selectors first (as charon orders its policies).
  std::uint32_t priority = 0;

  PolicyId id() const { return PolicyId{local_ts, remote_ts}; }
};

// ---- events up to the IKE side -----------------------------------------------------------------

// An outbound packet hit a trap policy that has no SA: negotiate one. The selectors are the
// packet's own (single addresses, its protocol and ports), for RFC 7296 2.9 narrowing.
struct AcquireEvent {
  std::uint32_t reqid = 0;
  TrafficSelector local_ts;
  TrafficSelector remote_ts;
};
// The soft byte/packet limit was reached: rekey.
struct SoftExpireEvent {
  SaId sa;
  std::uint32_t reqid = 0;
};
// The hard limit was reached: the SA carries nothing more; delete it.
struct HardExpireEvent {
  SaId sa;
  std::uint32_t reqid = 0;
};
// The outbound sequence number nears its end (2^32 - 1 without ESN, 2^64 - 1 with): rekey now;
// at the end the SA stops sending instead of wrapping.
struct SequenceOverflowEvent {
  SaId sa;
  std::uint32_t reqid = 0;
  std::uint64_t sequence = 0;
};

using Event = std::variant<AcquireEvent, SoftExpireEvent, HardExpireEvent, SequenceOverflowEvent>;
std::string event_to_string(const Event& e);

// Runs on data-plane threads, possibly on several at once: it must be thread-safe, return quickly
// and never call back into the backend synchronously; the daemon posts the event to the IKE loop.
using EventHandler = std::function<void(const Event&)>;

// ---- NAT-T socket hand-off
// ------------------------------------------------------------------------

// A UDP socket of the daemon's network layer on the NAT-T port (4500 style). The data plane sends
// ESP-in-UDP through it and, if the backend handles_udp_encap_receive(), reads it: ESP stays on the
// data plane's threads, IKE goes to the network layer's sockio::IkeInbox.
struct UdpEncapSocket {
  int fd = -1;     // owned by the network layer; must stay open while the backend uses it
  Endpoint local;  // bound address (may be the wildcard) and port
};

}  // namespace oakley::dataplane
