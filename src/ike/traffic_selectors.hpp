// Traffic selector narrowing (RFC 7296 2.9), the same rule for IKEv2 TSi/TSr and IKEv1 proxy IDs.
#pragma once

#include <string>
#include <vector>

#include "common/ip_address.hpp"

namespace oakley::ike {

using Selectors = std::vector<TrafficSelector>;

// Responder side: what both the peer's proposal and our configuration allow, in our configured
// order, without duplicates or selectors contained in an earlier one. Empty = TS_UNACCEPTABLE.
Selectors narrow(const Selectors& proposed, const Selectors& configured);

// Initiator side: the responder may only narrow, never widen (every returned selector must lie
// within one we proposed).
bool is_narrowing_of(const Selectors& returned, const Selectors& proposed);

// "10.1.0.0/24 10.3.0.0/16" for logs.
std::string describe(const Selectors& s);

}  // namespace oakley::ike
