// Rtnetlink: the routing requests the TUN backend makes of the kernel (routes, policy routing
// rules, addresses), one request and its acknowledgement at a time over a NETLINK_ROUTE socket.
// Opened while the daemon still has CAP_NET_ADMIN and kept for its lifetime.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "dataplane/tun/fd.hpp"

namespace oakley::dataplane::tun {

struct Prefix {
  IpAddress address;
  unsigned length = 0;
  auto operator<=>(const Prefix&) const = default;
  std::string to_string() const;
};

// "pref PRIORITY [not fwmark MARK] lookup TABLE" for one address family.
struct RoutingRule {
  IpAddress::Family family = IpAddress::Family::kV4;
  std::uint32_t table = 0;
  std::uint32_t priority = 0;
  std::uint32_t skip_mark = 0;  // packets carrying this mark skip the table (0: none do)
};

class Rtnetlink {
 public:
  static constexpr std::uint32_t kMainTable = 254;

  static Result<Rtnetlink> open();
  // A route "dst dev IFINDEX [src SRC]" in `table`; `replace` overwrites a route to the same
  // destination there (only in a table of our own: in main it would be the operator's).
  Status add_route(const Prefix& dst, int ifindex, const std::optional<IpAddress>& src,
                   std::uint32_t table = kMainTable, bool replace = true);
  Status delete_route(const Prefix& dst, int ifindex, std::uint32_t table = kMainTable);
  Status add_rule(const RoutingRule& rule);
  Status delete_rule(const RoutingRule& rule);
  // address/32 (or /128) on the interface, for a virtual IP.
  Status add_address(int ifindex, const IpAddress& address);
  Status delete_address(int ifindex, const IpAddress& address);

 private:
  Status exchange(const void* request, std::size_t length);
  Status route_request(std::uint16_t type, std::uint16_t flags, const Prefix& dst, int ifindex,
                       const std::optional<IpAddress>& src, std::uint32_t table);
  Status rule_request(std::uint16_t type, std::uint16_t flags, const RoutingRule& rule);
  Fd fd_;
  std::uint32_t seq_ = 0;
};

}  // namespace oakley::dataplane::tun
