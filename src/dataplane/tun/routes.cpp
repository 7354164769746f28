#include "dataplane/tun/routes.hpp"

#include <fmt/ranges.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/log.hpp"

namespace oakley::dataplane::tun {

namespace {

using U128 = unsigned __int128;

U128 to_int(const IpAddress& a) {
  U128 v = 0;
  for (auto b : a.bytes())
    v = v << 8 | b;
  return v;
}

IpAddress from_int(U128 v, IpAddress::Family f) {
  std::uint8_t raw[16];
  const std::size_t n = f == IpAddress::Family::kV4 ? 4 : 16;
  for (std::size_t i = n; i-- > 0;) {
    raw[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
  return *IpAddress::from_bytes({raw, n});
}

}  // namespace

std::vector<Prefix> range_to_prefixes(const IpAddress& start, const IpAddress& end) {
  std::vector<Prefix> out;
  if (start.family() != end.family() || end < start) return out;
  const unsigned bits = start.max_prefix();
  U128 lo = to_int(start);
  const U128 hi = to_int(end);
  // Host-bit masks; a shift by 128 would be undefined.
  auto mask = [](unsigned host) { return host >= 128 ? ~U128{0} : (U128{1} << host) - 1; };
  while (true) {
    // The largest block that starts at `lo` (alignment) and stays within `hi`.
    unsigned host = 0;
    while (host < bits && (lo & mask(host + 1)) == 0 && mask(host + 1) <= hi - lo)
      ++host;
    out.push_back({from_int(lo, start.family()), bits - host});
    const U128 last = lo + mask(host);
    if (last >= hi) break;
    lo = last + 1;
  }
  return out;
}

std::vector<IpAddress> local_addresses() {
  std::vector<IpAddress> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      sockaddr_in sin;
      std::memcpy(&sin, i->ifa_addr, sizeof sin);
      out.push_back(*IpAddress::from_bytes({reinterpret_cast<std::uint8_t*>(&sin.sin_addr), 4}));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      sockaddr_in6 sin6;
      std::memcpy(&sin6, i->ifa_addr, sizeof sin6);
      out.push_back(*IpAddress::from_bytes({reinterpret_cast<std::uint8_t*>(&sin6.sin6_addr), 16}));
    }
  }
  ::freeifaddrs(list);
  return out;
}

namespace {

std::optional<int> read_rp_filter(const std::filesystem::path& file) {
  std::ifstream in(file);
  int value = 0;
  if (!(in >> value)) return std::nullopt;
  return value;
}

}  // namespace

std::vector<std::string> strict_rp_filter_interfaces(const std::filesystem::path& conf) {
  std::vector<std::string> out;
  std::error_code ec;
  int all = read_rp_filter(conf / "all" / "rp_filter").value_or(0);
  for (const auto& entry : std::filesystem::directory_iterator(conf, ec)) {
    std::string name = entry.path().filename().string();
    if (name == "all" || name == "default" || name == "lo") continue;
    auto own = read_rp_filter(entry.path() / "rp_filter");
    if (own && std::max(all, *own) == 1) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

bool routed(const PolicyConfig& p) {
  return p.action == PolicyAction::kProtect || p.action == PolicyAction::kTrap;
}

// A local address inside the local selector, so packets this host sends get a source the
// peer's selectors accept. Not for a wildcard selector: any address would do, so none is forced.
std::optional<IpAddress> source_hint(const TrafficSelector& local) {
  if (local.prefix_len() == 0u) return std::nullopt;
  for (const auto& a : local_addresses())
    if (local.contains(a)) return a;
  return std::nullopt;
}

}  // namespace

PolicyRoutes::PolicyRoutes(Rtnetlink netlink, int ifindex, RoutingTable table)
    : netlink_(std::move(netlink)), ifindex_(ifindex), table_(table) {}

PolicyRoutes::~PolicyRoutes() {
  for (const auto& rule : rules_)
    if (auto s = netlink_.delete_rule(rule); !s)
      log::warn("dataplane", "removing the rule to table {}: {}", rule.table, s.error().message);
}

// One rule per family. A rule left behind by an oakleyd that did not stop cleanly is removed
// first: rules are not unique, and two would both stay after this one stops.
Status PolicyRoutes::install_rules() {
  if (table_.id == Rtnetlink::kMainTable) return {};
  for (auto family : {IpAddress::Family::kV4, IpAddress::Family::kV6}) {
    RoutingRule rule{family, table_.id, table_.priority, table_.bypass_mark};
    for (int stale = 0; stale < 16 && netlink_.delete_rule(rule); ++stale) {
    }
    if (auto s = netlink_.add_rule(rule); !s) {
      if (family == IpAddress::Family::kV6) {
        log::warn("dataplane", "no IPv6 rule to table {}: {}", table_.id, s.error().message);
        continue;
      }
      return s;
    }
    rules_.push_back(rule);
  }
  log::info("dataplane",
            "routes in table {} (rule priority {}, oakleyd's own packets marked {:#x} "
            "skip it)",
            table_.id, table_.priority, table_.bypass_mark);
  return {};
}

namespace {

// In the main table oakleyd's own packets to the peer would follow its selector's route into the
// TUN device: the operator is told why the tunnel will not come up (or will break at rekey).
void warn_if_peer_inside(const PolicyConfig& policy, std::uint32_t table) {
  if (table != Rtnetlink::kMainTable || policy.remote.is_unspecified()) return;
  if (!policy.remote_ts.contains(policy.remote)) return;
  log::warn("dataplane",
            "remote selector {} holds the peer {} itself: with routes in the main table IKE and "
            "ESP to the peer enter the tunnel; set routing_table (default 220) or "
            "install_routes = no",
            policy.remote_ts.to_string(), policy.remote.to_string());
}

// In a table of our own the same route is the one the kernel's reverse-path check finds for the
// peer's IKE and ESP (they arrive unmarked): strict filtering on the interface they arrive on
// drops them, as coming in where they would not go out. Loose filtering only asks for a route.
void warn_if_reverse_path_drops(const PolicyConfig& policy, std::uint32_t table, int tun_ifindex) {
  if (table == Rtnetlink::kMainTable || policy.remote.family() != IpAddress::Family::kV4) return;
  if (policy.remote.is_unspecified() || !policy.remote_ts.contains(policy.remote)) return;
  auto strict = strict_rp_filter_interfaces();
  char tun[IF_NAMESIZE] = {};
  if (::if_indextoname(static_cast<unsigned>(tun_ifindex), tun) != nullptr)
    std::erase(strict, std::string(tun));
  if (strict.empty()) return;
  log::warn("dataplane",
            "remote selector {} holds the peer {} itself and reverse-path filtering is strict "
            "on {}: the kernel drops the peer's IKE and ESP there, as their source now routes "
            "into the tunnel; set net.ipv4.conf.<interface>.rp_filter = 2 (loose)",
            policy.remote_ts.to_string(), policy.remote.to_string(), fmt::join(strict, ", "));
}

}  // namespace

Status PolicyRoutes::add(const PolicyConfig& policy) {
  if (!routed(policy)) return {};
  warn_if_peer_inside(policy, table_.id);
  warn_if_reverse_path_drops(policy, table_.id, ifindex_);
  const auto src = source_hint(policy.local_ts);
  // Our own table is ours to overwrite; in main a route of the operator's must stay untouched.
  const bool replace = table_.id != Rtnetlink::kMainTable;
  for (const auto& prefix : range_to_prefixes(policy.remote_ts.start, policy.remote_ts.end)) {
    Route& r = routes_[prefix];
    if (r.refs++ > 0 && r.src == src) continue;
    r.src = src;
    if (auto s = netlink_.add_route(prefix, ifindex_, src, table_.id, replace || r.refs > 1); !s) {
      if (--r.refs == 0) routes_.erase(prefix);
      return s;
    }
    log::debug("dataplane", "route {} via TUN{} in table {}", prefix.to_string(),
               src ? " src " + src->to_string() : "", table_.id);
  }
  return {};
}

void PolicyRoutes::remove(const PolicyConfig& policy) {
  if (!routed(policy)) return;
  for (const auto& prefix : range_to_prefixes(policy.remote_ts.start, policy.remote_ts.end)) {
    auto it = routes_.find(prefix);
    if (it == routes_.end() || --it->second.refs > 0) continue;
    routes_.erase(it);
    if (auto s = netlink_.delete_route(prefix, ifindex_, table_.id); !s)
      log::warn("dataplane", "removing {}", s.error().message);
  }
}

std::vector<Prefix> PolicyRoutes::installed() const {
  std::vector<Prefix> out;
  for (const auto& [p, r] : routes_)
    out.push_back(p);
  return out;
}

}  // namespace oakley::dataplane::tun
