// Identities on the wire versus identities in the configuration: what an ID payload carries for
// our configured id, whether a received ID satisfies a configured (possibly wildcard) one, and
// how to print a received one.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "config/identity.hpp"

namespace oakley::ike {

struct WireId {
  std::uint8_t type = 0;  // ID type number (IKEv1 and IKEv2 share 1, 2, 3, 5, 9, 11)
  Bytes data;
  bool operator==(const WireId&) const = default;
};

// Our identity for an auth round: the configured one, or our IKE address when it is %any (as
// strongSwan does). Fails for identities we cannot encode yet (a DN given as text).
Result<WireId> local_wire_id(const config::Identity& configured, const IpAddress& ike_local);

// A received identity as a config::Identity, for PSK lookup and logs.
config::Identity from_wire(const WireId& id);

// Does the peer's identity satisfy the configured one? %any matches everything; "*@example.com"
// style patterns match FQDN and RFC 822 identities; everything else compares type and data.
bool id_matches(const config::Identity& configured, const WireId& received);

// How specific a configured identity is, for choosing between connections (higher = better).
int id_specificity(const config::Identity& configured);

}  // namespace oakley::ike
