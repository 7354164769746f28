// A CHILD_SA (IKEv1: an IPsec SA pair made by one Quick Mode) as both engines track it: what was
// negotiated, what is installed in the data plane, and its timers. The keys themselves live only
// in the data plane. Each version derives its own struct from this one and adds what only it
// needs (ikev1: selector pair index, negotiated lifetimes; ikev2: rekey collisions), so code
// shared by both takes `const ike::ChildSa&`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/timer_service.hpp"
#include "config/connection.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ike {

enum class ChildState : std::uint8_t {
  kCreating,   // negotiation under way (IKEv1 responder: inbound SA installed, waiting for QM3)
  kInstalled,  // carrying traffic
  kRekeying,   // a rekey of it is under way
  kRekeyed,    // replaced by a newer one, waiting for a DELETE or its own expiry
  kDeleting,   // we sent a DELETE for it (IKEv2; an IKEv1 pair goes at once)
};
// What `oakctl list-sas` and the logs call the state: "INSTALLED" ...
std::string_view child_state_name(ChildState s);

struct ChildSa {
  std::uint32_t id = 0;  // unique in the process, for oakctl (#n)
  const config::Child* config = nullptr;
  std::uint32_t reqid = 0;
  ChildState state = ChildState::kCreating;
  Proposal proposal;  // the selected one (ESP: encr, integ, DH when PFS, ESN)
  std::uint32_t spi_in = 0;
  std::uint32_t spi_out = 0;
  bool transport = false;
  bool udp_encap = false;
  // A rekey's outbound SA may take over only after the SA it replaces is gone (IKEv2 responder)
  // or a moment after the exchange ended (IKEv1 initiator).
  bool outbound_installed = false;
  Selectors local_ts;  // IKEv1: one selector each, proxy IDs carry a single one
  Selectors remote_ts;
  TimePoint installed_at{};
  TimerId rekey_timer = 0;
  TimerId expire_timer = 0;
  std::uint32_t replaced_by = 0;  // child id of its successor after a rekey

  std::string name() const { return config ? config->name : std::string("?"); }
};

// The child in an SA's list whose `field` (&ChildSa::id, &ChildSa::spi_in, &ChildSa::spi_out)
// is `value`, or nullptr. For either version's list of its own CHILD_SA type.
template <class Child>
Child* find_child(const std::vector<std::unique_ptr<Child>>& children,
                  std::uint32_t ChildSa::*field, std::uint32_t value) {
  for (const auto& c : children) {
    if ((*c).*field == value) return c.get();
  }
  return nullptr;
}

}  // namespace oakley::ike
