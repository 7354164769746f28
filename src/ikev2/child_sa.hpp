// A CHILD_SA as the IKEv2 engine tracks it: the shared CHILD_SA model (ike/child_sa.hpp) plus
// what only IKEv2 has, rekey collisions and the wait for the peer's DELETE. The keys themselves
// live only in the data plane.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "common/timer_service.hpp"
#include "ike/child_sa.hpp"

namespace oakley::ikev2 {

using ike::child_state_name;
using ike::ChildState;

struct ChildSa : ike::ChildSa {
  TimerId delete_timer = 0;  // a rekeyed SA that the peer should have deleted

  // RFC 7296 2.8.1: the peer rekeyed this SA while our own rekey of it was under way. Its new
  // CHILD_SA and the nonces of its exchange decide which of the two new SAs survives.
  struct Collision {
    std::uint32_t peer_child_id = 0;
    Bytes nonce_i, nonce_r;  // of the peer's exchange
  };
  std::optional<Collision> collision;
};

}  // namespace oakley::ikev2
