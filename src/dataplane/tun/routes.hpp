// Routes that steer the protected traffic into the TUN device, managed over rtnetlink: for each
// protect/trap policy, its remote selector as routes "dst dev oak0 [src local]" in the routing
// table (RoutingTable), with a preferred source when the local selector holds an address of this
// host (so locally originated packets carry an address the peer's selectors accept).
// Reference-counted: policies that share a remote selector share its routes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "dataplane/tun/rtnetlink.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane::tun {

// The CIDR blocks that exactly cover [start, end] (selectors need not be prefixes).
std::vector<Prefix> range_to_prefixes(const IpAddress& start, const IpAddress& end);

// The addresses configured on this host's interfaces.
std::vector<IpAddress> local_addresses();

// The interfaces whose IPv4 reverse-path filter is strict, read from `conf` (a directory of
// <interface>/rp_filter files): the kernel applies the higher of conf/all and the interface's
// value, and 1 is strict. `all`, `default` and `lo` are not interfaces to report.
std::vector<std::string> strict_rp_filter_interfaces(
    const std::filesystem::path& conf = "/proc/sys/net/ipv4/conf");

// Where the routes go. Not main by default, as with charon: a table of our own, looked up
// before main by a rule that oakleyd's own IKE and ESP packets skip (they carry `bypass_mark`),
// so a remote selector that holds the peer's address (host-to-host, 0.0.0.0/0) does not route
// the tunnel's own packets into the tunnel, and no route of the operator's is replaced.
struct RoutingTable {
  std::uint32_t id = 220;        // Rtnetlink::kMainTable: main, no rule
  std::uint32_t priority = 220;  // of the rule
  std::uint32_t bypass_mark = 0x220;
};

class PolicyRoutes {
 public:
  PolicyRoutes(Rtnetlink netlink, int ifindex, RoutingTable table);
  // Removes the rules; the routes go with the TUN device.
  ~PolicyRoutes();
  PolicyRoutes(const PolicyRoutes&) = delete;
  PolicyRoutes& operator=(const PolicyRoutes&) = delete;
  // The rules that send traffic to the table (none for main).
  Status install_rules();
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
  RoutingTable table_;
  std::vector<RoutingRule> rules_;
  std::map<Prefix, Route> routes_;
};

}  // namespace oakley::dataplane::tun
