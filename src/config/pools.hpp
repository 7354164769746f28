// The pools section: address pools for virtual IPs and the configuration attributes handed out
// with them (dns, nbns, dhcp, netmask, server, subnet, split_include, split_exclude, or a
// numeric attribute type with a string value).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/ip_address.hpp"
#include "config/location.hpp"

namespace oakley::config {

struct Pool {
  std::string name;
  SourceLocation location;
  std::string addrs;  // as written: "10.3.0.0/24" or "10.3.0.10-10.3.0.99"
  // Addresses handed out. For a subnet strongSwan skips the network and broadcast addresses
  // (10.3.0.0/24 gives 10.3.0.1 to 10.3.0.254); a range is used as written.
  IpAddress first;
  IpAddress last;
  std::vector<IpAddress> dns, nbns, dhcp, netmask, server;
  std::vector<TrafficSelector> subnet, split_include, split_exclude;
  std::vector<std::pair<std::uint16_t, std::string>> custom;  // "<number> = value"

  std::uint64_t size() const;  // number of addresses (saturating)
  bool contains(const IpAddress& a) const {
    return a.family() == first.family() && first <= a && a <= last;
  }
};

}  // namespace oakley::config
