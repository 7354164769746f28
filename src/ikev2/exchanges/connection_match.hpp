// Which configured connection a peer's IKE SA belongs to: first by addresses (IKE_SA_INIT, when
// nothing else is known), then by identities (IKE_AUTH), as charon chooses its configs.
#pragma once

#include <optional>

#include "common/ip_address.hpp"
#include "config/config.hpp"
#include "ike/host_names.hpp"
#include "ike/identity.hpp"
#include "ike/proposal.hpp"

namespace oakley::ikev2 {

// The best IKEv2-capable connection whose local_addrs/remote_addrs contain the addresses;
// a single address (or a DNS name that last resolved to it, per `names`) beats a subnet or range,
// which beats %any. nullptr when none.
const config::Connection* match_connection_by_address(const config::Config& config,
                                                      const Endpoint& local, const Endpoint& remote,
                                                      const ike::HostNames* names = nullptr);

// In IKE_AUTH: the best connection matching the addresses and the identities (the peer's IDi and,
// if sent, the IDr it wants us to be). nullptr when none; `why` explains the closest miss.
const config::Connection* match_connection_by_ids(const config::Config& config,
                                                  const Endpoint& local, const Endpoint& remote,
                                                  const ike::WireId& peer_id,
                                                  const std::optional<ike::WireId>& wanted_local_id,
                                                  std::string* why,
                                                  const ike::HostNames* names = nullptr);

// Whether `connection` would have chosen the IKE proposal `chosen` (selected in IKE_SA_INIT from
// the connection the addresses matched): IKE_AUTH may move the SA to another connection only if
// that one allows the algorithms already in use.
bool accepts_ike_proposal(const config::Connection& connection, const ike::Proposal& chosen);

}  // namespace oakley::ikev2
