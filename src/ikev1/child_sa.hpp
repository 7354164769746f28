// An IPsec SA pair negotiated by one Quick Mode, as the IKEv1 engine tracks it. The keys live
// only in the data plane.
#pragma once

#include <cstdint>
#include <string>

#include "common/ip_address.hpp"
#include "common/timer_service.hpp"
#include "config/connection.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ikev1 {

enum class ChildState : std::uint8_t {
  kCreating,   // Quick Mode under way (responder: inbound SA installed, waiting for QM3)
  kInstalled,  // carrying traffic
  kRekeying,   // a Quick Mode replacing it is under way
  kRekeyed,    // replaced; waiting for the peer's DELETE or its own expiry
};
std::string_view child_state_name(ChildState s);

struct ChildSa {
  std::uint32_t id = 0;  // for oakctl; disjoint from the IKEv2 engine's ids
  const config::Child* config = nullptr;
  std::size_t pair_index = 0;  // which local_ts x remote_ts pair of the child (policy-based VPN)
  std::uint32_t reqid = 0;
  ChildState state = ChildState::kCreating;
  ike::Proposal proposal;  // selected ESP transform (encr, integ, DH when PFS, ESN)
  std::uint32_t spi_in = 0;
  std::uint32_t spi_out = 0;
  bool transport = false;
  bool udp_encap = false;
  bool inbound_installed = false;
  bool outbound_installed = false;
  ike::Selectors local_ts;  // one selector each: IKEv1 proxy IDs carry a single one
  ike::Selectors remote_ts;
  // Negotiated lifetimes (after RESPONDER-LIFETIME): 0 = none.
  std::uint64_t life_seconds = 0;
  std::uint64_t life_kilobytes = 0;
  bool lifetime_lowered = false;  // the responder lowered what we (or the peer) proposed
  TimePoint installed_at{};
  TimePoint rekey_at{};
  TimerId rekey_timer = 0;
  TimerId expire_timer = 0;
  std::uint32_t replaced_by = 0;  // child id of its successor after a rekey
  std::uint32_t replaces = 0;     // child id of the pair this one replaced
  bool we_initiated = false;      // our Quick Mode made it

  std::string name() const { return config ? config->name : std::string("?"); }
};

}  // namespace oakley::ikev1
