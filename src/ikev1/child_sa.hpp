// An IPsec SA pair negotiated by one Quick Mode, as the IKEv1 engine tracks it: the shared
// CHILD_SA model (ike/child_sa.hpp) plus what only IKEv1 has, selector pairs and lifetimes the
// peer may lower. The keys live only in the data plane.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/timer_service.hpp"
#include "ike/child_sa.hpp"

namespace oakley::ikev1 {

using ike::child_state_name;
using ike::ChildState;  // IKEv1 never uses kDeleting: a pair goes at once

struct ChildSa : ike::ChildSa {
  std::size_t pair_index = 0;  // which local_ts x remote_ts pair of the child (policy-based VPN)
  bool inbound_installed = false;
  // Negotiated lifetimes (after RESPONDER-LIFETIME): 0 = none.
  std::uint64_t life_seconds = 0;
  std::uint64_t life_kilobytes = 0;
  bool lifetime_lowered = false;  // the responder lowered what we (or the peer) proposed
  // For diagnose's lifetime-lowered finding: what was proposed before it was lowered, whether the
  // peer lowered it (its RESPONDER-LIFETIME) or we did (ours, as responder), and when.
  std::uint64_t proposed_life_seconds = 0, proposed_life_kilobytes = 0;
  bool lowered_by_peer = false;
  TimePoint lowered_at{};
  TimePoint rekey_at{};
  std::uint32_t replaces = 0;  // child id of the pair this one replaced
  bool we_initiated = false;   // our Quick Mode made it
};

}  // namespace oakley::ikev1
