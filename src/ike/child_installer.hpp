// The hand-off of a negotiated CHILD_SA (either IKE version) to the data plane: its two SAs, its
// protect policies, and the trap policies that trigger negotiation on traffic.
#pragma once

#include <cstdint>
#include <optional>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "config/connection.hpp"
#include "dataplane/backend.hpp"
#include "ike/child_sa.hpp"
#include "ike/key_log.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ike {

struct ChildKeys {
  SecretBytes encr_in, integ_in, encr_out, integ_out;
};

// What the data plane needs to know about one negotiated CHILD_SA.
struct ChildPlacement {
  const config::Child* config = nullptr;
  std::uint32_t reqid = 0;
  std::uint32_t spi_in = 0, spi_out = 0;
  bool transport = false;
  bool udp_encap = false;
  const Proposal* proposal = nullptr;  // selected ESP proposal
  const Selectors* local_ts = nullptr;
  const Selectors* remote_ts = nullptr;
  Endpoint local, remote;  // the IKE SA's endpoints: outer addresses and NAT-T ports
  // Byte limits negotiated for this pair (IKEv1 kilobyte lifetimes); unset: the child config's
  // rekey_bytes / life_bytes.
  std::optional<std::uint64_t> soft_bytes, hard_bytes;
};

// A CHILD_SA of either version between the IKE SA's endpoints. IKEv1 adds what it negotiates
// per pair (byte limits) and fills in a local address the IKE SA does not know.
ChildPlacement placement_of(const ChildSa& child, const Endpoint& local, const Endpoint& remote);

dataplane::SaAlgorithms esp_algorithms(const Proposal& p);

class ChildInstaller {
 public:
  // `key_log`: where installed SAs' keys are reported for Wireshark (nullptr: nowhere).
  ChildInstaller(dataplane::Backend& backend, std::uint32_t default_replay_window,
                 KeyLog* key_log = nullptr)
      : backend_(backend), default_replay_window_(default_replay_window), key_log_(key_log) {}

  Status install_inbound(const ChildPlacement& c, const ChildKeys& keys);
  // The outbound SA and the protect policies that send traffic into it.
  Status install_outbound(const ChildPlacement& c, const ChildKeys& keys);
  // Removes the SAs; the policies too unless another SA of the reqid still carries them.
  void remove(const ChildPlacement& c, bool outbound_installed, bool policies_still_used);
  // Trap policies for a child with start_action/close_action/dpd_action = trap.
  void install_traps(const config::Connection& conn, const config::Child& child,
                     std::uint32_t reqid);
  void remove_traps(const config::Child& child);

 private:
  dataplane::SaConfig sa_config(const ChildPlacement& c, dataplane::Direction dir,
                                const SecretBytes& encr, const SecretBytes& integ) const;
  Status install(const dataplane::SaConfig& sa);

  dataplane::Backend& backend_;
  std::uint32_t default_replay_window_;
  KeyLog* key_log_;
};

}  // namespace oakley::ike
