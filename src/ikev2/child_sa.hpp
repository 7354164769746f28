// A CHILD_SA as the IKEv2 engine tracks it: what was negotiated, what is installed in the data
// plane, and its timers. The keys themselves live only in the data plane.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.hpp"
#include "common/timer_service.hpp"
#include "config/connection.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ikev2 {

enum class ChildState : std::uint8_t {
  kCreating,   // negotiation under way
  kInstalled,  // carrying traffic
  kRekeying,   // a rekey of it is under way
  kRekeyed,    // replaced by a newer CHILD_SA, waiting to be deleted
  kDeleting,   // we sent a DELETE for it
};
std::string_view child_state_name(ChildState s);

struct ChildSa {
  std::uint32_t id = 0;  // unique in the process, for oakctl (#n)
  const config::Child* config = nullptr;
  std::uint32_t reqid = 0;
  ChildState state = ChildState::kCreating;
  ike::Proposal proposal;  // the selected one (ESP, one transform per type)
  std::uint32_t spi_in = 0;
  std::uint32_t spi_out = 0;
  bool transport = false;
  bool udp_encap = false;
  bool outbound_installed = false;  // a rekey responder installs outbound only once the old SA goes
  ike::Selectors local_ts;
  ike::Selectors remote_ts;
  TimePoint installed_at{};
  TimerId rekey_timer = 0;
  TimerId expire_timer = 0;
  TimerId delete_timer = 0;  // a rekeyed SA that the peer should have deleted

  // RFC 7296 2.8.1: the peer rekeyed this SA while our own rekey of it was under way. Its new
  // CHILD_SA and the nonces of its exchange decide which of the two new SAs survives.
  struct Collision {
    std::uint32_t peer_child_id = 0;
    Bytes nonce_i, nonce_r;  // of the peer's exchange
  };
  std::optional<Collision> collision;
  std::uint32_t replaced_by = 0;  // child id of the SA that rekeyed this one

  std::string name() const { return config ? config->name : std::string("?"); }
};

}  // namespace oakley::ikev2
