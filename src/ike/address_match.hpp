// How well a peer's or our own address fits a connection's local_addrs/remote_addrs, for the
// responder's choice of connection in both IKE versions.
#pragma once

#include <vector>

#include "common/ip_address.hpp"
#include "config/address.hpp"
#include "ike/host_names.hpp"

namespace oakley::ike {

// 0: no match; 1: %any (or no entry); 2: a subnet or range; 3: the address itself, or a DNS name
// whose last resolution (`names`) gave it. A name that never resolved, or `names` nullptr,
// matches nothing: an unresolved connection is not a wildcard.
int address_score(const std::vector<config::AddressSpec>& specs, const IpAddress& address,
                  const HostNames* names);

}  // namespace oakley::ike
