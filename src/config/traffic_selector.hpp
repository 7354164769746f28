// Traffic selectors as local_ts/remote_ts write them: "10.1.0.0/24", "fec0::/64",
// "10.0.0.1-10.0.0.9", "0.0.0.0/0", "dynamic" (the tunnel address or virtual IP, filled in when
// the SA is set up), each with an optional "[proto/port]" such as "[tcp/80]", "[udp/1024-65535]",
// "[icmp/8]", "[6]", "[tcp/http]", "[udp/%any]", "[tcp/opaque]".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::config {

struct TrafficSelectorSpec {
  // "dynamic": the address part is replaced by the IKE address or the virtual IP when an SA is
  // negotiated; only the protocol and ports of `selector` apply until then.
  bool dynamic = false;
  TrafficSelector selector;

  // As strongSwan prints it: "10.1.0.0/24[tcp/80]", "dynamic[udp]", "10.0.0.1..10.0.0.9".
  std::string to_string() const;
  bool operator==(const TrafficSelectorSpec&) const = default;
};

// One item. "%any" means every address of both families, so it yields two selectors; an item
// without an address ("[udp/%any]") means the default, "dynamic".
Result<std::vector<TrafficSelectorSpec>> parse_traffic_selector(std::string_view text);
// A comma-separated list; empty means "dynamic", the swanctl.conf default.
Result<std::vector<TrafficSelectorSpec>> parse_traffic_selectors(std::string_view list);

// IP protocol numbers by name ("tcp", "udp", "icmp", "ipv6-icmp", "gre", "esp", ...) and back.
std::optional<std::uint8_t> ip_protocol_number(std::string_view name);
std::string ip_protocol_name(std::uint8_t number);
// Well-known services ("http", "https", "domain", "isakmp", ...) as getservent(3) would give them.
std::optional<std::uint16_t> service_port(std::string_view name);

}  // namespace oakley::config
