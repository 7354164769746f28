// Routes that steer the protected traffic into the TUN device, managed over rtnetlink: for each
// protect/trap policy, its remote selector as routes "dst dev oak0 [src local]" in the main
// table, with a preferred source when the local selector holds an address of this host (so
// locally originated packets carry an address the peer's selectors accept). Reference-counted:
// policies that share a remote selector share its routes.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "dataplane/tun/fd.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane::tun {

struct Prefix {
  IpAddress address;
  unsigned length = 0;
  auto operator<=>(const Prefix&) const = default;
  std::string to_string() const;
};

// The CIDR blocks that exactly cover [start, end] (selectors need not be prefixes).
std::vector<Prefix> range_to_prefixes(const IpAddress& start, const IpAddress& end);

// The addresses configured on this host's interfaces.
std::vector<IpAddress> local_addresses();

class Rtnetlink {
 public:
  static Result<Rtnetlink> open();
  Status add_route(const Prefix& dst, int ifindex, const std::optional<IpAddress>& src);
  Status delete_route(const Prefix& dst, int ifindex);
  // address/32 (or /128) on the interface, for a virtual IP.
  Status add_address(int ifindex, const IpAddress& address);
  Status delete_address(int ifindex, const IpAddress& address);

 private:
  Status exchange(const void* request, std::size_t length);
  Status request(std::uint16_t type, std::uint16_t flags, const Prefix& dst, int ifindex,
                 const std::optional<IpAddress>& src);
  Fd fd_;
  std::uint32_t seq_ = 0;
};

class PolicyRoutes {
 public:
  PolicyRoutes(Rtnetlink netlink, int ifindex) : netlink_(std::move(netlink)), ifindex_(ifindex) {}
  // Routes for a protect/trap policy's remote selector (others get none).
  Status add(const PolicyConfig& policy);
  void remove(const PolicyConfig& policy);
  std::vector<Prefix> installed() const;
  Rtnetlink& netlink() { return netlink_; }

 private:
  struct Route {
    int refs = 0;
    std::optional<IpAddress> src;
  };
  Rtnetlink netlink_;
  int ifindex_;
  std::map<Prefix, Route> routes_;
};

}  // namespace oakley::dataplane::tun
