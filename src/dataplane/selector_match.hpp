// Matching a packet's flow against traffic selectors, RFC 4301 style: address range, protocol
// (0 = any) and port range, where packets without visible ports (non-first fragments, protocols
// without ports) only match selectors that allow every port.
#pragma once

#include <vector>

#include "common/ip_address.hpp"
#include "dataplane/esp/packet.hpp"

namespace oakley::dataplane {

// `source_side`: match the flow's source address and port (else destination).
bool selector_matches(const TrafficSelector& ts, const esp::FlowKey& flow, bool source_side);
// True if any selector of the list matches (an empty list matches everything).
bool any_selector_matches(const std::vector<TrafficSelector>& list, const esp::FlowKey& flow,
                          bool source_side);

// The flow as a pair of single-address selectors with its protocol and ports (ACQUIRE events).
TrafficSelector host_selector(const esp::FlowKey& flow, bool source_side);

}  // namespace oakley::dataplane
