// IKE endpoint addresses as local_addrs/remote_addrs, listen and pools take them: a single address,
// a CIDR subnet, a range "a-b", or the wildcards %any, %any4, %any6. DNS names are refused with an
// explanation, since oakley does not resolve names (yet).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::config {

struct AddressSpec {
  enum class Kind : std::uint8_t { kAny, kHost, kSubnet, kRange };

  Kind kind = Kind::kAny;
  std::optional<IpAddress::Family> family;  // kAny: nullopt for %any, set for %any4/%any6
  IpAddress start;          // host: the address; subnet: network address; range: first
  IpAddress end;            // host: the address; subnet: last address; range: last
  unsigned prefix_len = 0;  // kSubnet only

  // A single address we can send to (an initiator needs one in remote_addrs).
  bool is_host() const { return kind == Kind::kHost; }
  bool contains(const IpAddress& a) const;
  std::string to_string() const;  // "%any", "192.0.2.1", "10.0.0.0/8", "10.0.0.1-10.0.0.9"
  bool operator==(const AddressSpec&) const = default;
};

Result<IpAddress> parse_ip_address(std::string_view text);
// "10.1.0.0/16" (host bits are cleared, as strongSwan does).
Result<AddressSpec> parse_subnet(std::string_view text);
Result<AddressSpec> parse_address_spec(std::string_view text);
Result<std::vector<AddressSpec>> parse_address_specs(std::string_view list);

}  // namespace oakley::config
