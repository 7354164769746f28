// Which configured connection a peer's IKE SA belongs to, for both IKE versions: first by
// addresses (all a responder knows from the first message), then by identities once the peer
// names itself (IKEv2 IKE_AUTH, IKEv1 Aggressive Mode or MM5), as charon chooses its configs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "config/config.hpp"
#include "ike/host_names.hpp"
#include "ike/identity.hpp"
#include "ike/proposal.hpp"

namespace oakley::ike {

// Connections that speak `version` (their version is it or "any") and whose local_addrs and
// remote_addrs contain the addresses, best first: a single address (or a DNS name that last
// resolved to it, per `names`) beats a subnet or range, which beats %any; the local address
// weighs more than the remote one; ties keep the configuration's order.
std::vector<const config::Connection*> connections_by_address(const config::Config& config,
                                                              config::IkeVersion version,
                                                              const IpAddress& local,
                                                              const IpAddress& remote,
                                                              const HostNames* names = nullptr);

// The first of connections_by_address, or nullptr.
const config::Connection* best_by_address(const config::Config& config, config::IkeVersion version,
                                          const IpAddress& local, const IpAddress& remote,
                                          const HostNames* names = nullptr);

// Why the connection's (first round's) remote id does not accept the peer's id, for the log and
// diagnose; nullopt when it does or when the connection has no remote round.
std::optional<std::string> remote_id_mismatch(const config::Connection& conn,
                                              const WireId& peer_id);

// Why our local id is not the one the peer asked us to be (IKEv2 IDr); nullopt when it is, or
// when our id is %any.
std::optional<std::string> local_id_mismatch(const config::Connection& conn,
                                             const WireId& wanted_local_id);

// The best connection matching the addresses and the identities (the peer's id and, if it sent
// one, the id it wants us to be): address score first, then how specific the remote id is.
// nullptr when none; `why` explains the first miss.
const config::Connection* best_by_identities(const config::Config& config,
                                             config::IkeVersion version, const IpAddress& local,
                                             const IpAddress& remote, const WireId& peer_id,
                                             const std::optional<WireId>& wanted_local_id,
                                             std::string* why, const HostNames* names = nullptr);

// Whether `connection` would have chosen the IKE proposal `chosen`, which was selected from the
// connection the addresses matched: a later switch to another connection by identities may only
// keep algorithms that one allows.
bool accepts_ike_proposal(const config::Connection& connection, const Proposal& chosen);

}  // namespace oakley::ike
