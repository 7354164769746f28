// SA lifecycle events, one stream for both IKE versions: what `oakctl monitor` shows and what
// starts updown scripts. The engines emit them on the loop thread where they log an SA coming up,
// going down, being rekeyed or failing; the daemon fans them out. An event is a snapshot: it
// holds no pointer into an engine and never any key material.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ike {

enum class SaEventKind : std::uint8_t {
  kIkeUp,
  kIkeDown,
  kIkeRekeyed,
  kIkeFailed,
  kChildUp,
  kChildDown,
  kChildRekeyed,
  kChildFailed,
};
// "ike_up", "child_rekeyed" ...
std::string_view sa_event_kind_name(SaEventKind kind);
bool is_child_event(SaEventKind kind);

struct SaEvent {
  SaEventKind kind = SaEventKind::kIkeUp;
  int version = 2;  // IKE major version: 1 or 2
  std::string connection;
  std::uint32_t ike_id = 0;  // unique id of the IKE (ISAKMP) SA
  // IKE SPIs (IKEv1: the cookies) of the initiator and the responder.
  std::uint64_t ike_spi_i = 0, ike_spi_r = 0;
  Endpoint local, remote;
  std::string local_id, remote_id;
  std::string xauth_user;              // IKEv1 XAuth user accepted or sent; empty: none
  std::string eap_user;                // EAP identity; empty: none (oakley has no EAP yet)
  std::vector<IpAddress> local_vips;   // ours, assigned by the peer
  std::vector<IpAddress> remote_vips;  // leased to the peer from our pools
  std::vector<IpAddress> dns;          // DNS servers the peer sent us
  bool udp_encap = false;              // NAT detected: ESP in UDP
  // ike_rekeyed: the id of the SA the new one replaces; child_rekeyed: the replaced CHILD_SA.
  std::uint32_t replaces = 0;

  // --- CHILD_SA events (child_*) ---
  std::string child;  // name of the child in the configuration
  std::uint32_t child_id = 0;
  std::uint32_t reqid = 0;
  std::uint32_t spi_in = 0, spi_out = 0;
  bool transport = false;
  Selectors local_ts, remote_ts;
  std::uint32_t mark_in = 0, mark_out = 0;
  std::uint32_t if_id_in = 0, if_id_out = 0;
  // The child's updown command and hostaccess (from the configuration the SA was made with).
  std::string updown;
  bool hostaccess = false;

  // Why it went down or failed (ike_down, ike_failed, child_down, child_failed).
  std::string reason;
};

// DNS servers kept per SA from the peer's configuration reply: a peer could send any number.
inline constexpr std::size_t kMaxPeerDns = 8;

// How the engines hand events out; empty: nobody listens. Runs on the engine's thread and must
// not call back into the engine.
using SaEventSink = std::function<void(const SaEvent&)>;

}  // namespace oakley::ike
