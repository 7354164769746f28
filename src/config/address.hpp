// IKE endpoint addresses as local_addrs/remote_addrs, listen and pools take them: a single address,
// a CIDR subnet, a range "a-b", or the wildcards %any, %any4, %any6. local_addrs and remote_addrs
// also take DNS names, as strongSwan's do (parse_address_specs); the model keeps the name and the
// IKE engines resolve it (src/ike/host_names.hpp). Everywhere else a name is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::config {

struct AddressSpec {
  enum class Kind : std::uint8_t { kAny, kHost, kSubnet, kRange, kName };

  Kind kind = Kind::kAny;
  std::optional<IpAddress::Family> family;  // kAny: nullopt for %any, set for %any4/%any6
  IpAddress start;          // host: the address; subnet: network address; range: first
  IpAddress end;            // host: the address; subnet: last address; range: last
  unsigned prefix_len = 0;  // kSubnet only
  std::string name;         // kName only: the DNS name as written

  // A single address we can send to (an initiator needs one in remote_addrs, or a name).
  bool is_host() const { return kind == Kind::kHost; }
  bool is_name() const { return kind == Kind::kName; }
  // Literal addresses only: a name contains nothing until it is resolved.
  bool contains(const IpAddress& a) const;
  // "%any", "192.0.2.1", "10.0.0.0/8", "10.0.0.1-10.0.0.9", "vpn.example.org"
  std::string to_string() const;
  bool operator==(const AddressSpec&) const = default;
};

Result<IpAddress> parse_ip_address(std::string_view text);
// "10.1.0.0/16" (host bits are cleared, as strongSwan does).
Result<AddressSpec> parse_subnet(std::string_view text);
// An address, subnet, range or wildcard; a DNS name is refused.
Result<AddressSpec> parse_address_spec(std::string_view text);
// local_addrs / remote_addrs: a comma separated list of what parse_address_spec takes and DNS
// names (letters, digits, '-' and '_' in dot-separated labels of 1 to 63 characters, at most 253
// characters in all, at least one letter).
Result<std::vector<AddressSpec>> parse_address_specs(std::string_view list);

}  // namespace oakley::config
