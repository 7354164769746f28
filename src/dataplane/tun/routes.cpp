#include "dataplane/tun/routes.hpp"

#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

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

std::string Prefix::to_string() const {
  return address.to_string() + "/" + std::to_string(length);
}

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

Result<Rtnetlink> Rtnetlink::open() {
  Rtnetlink nl;
  nl.fd_ = Fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!nl.fd_.valid()) return make_error(std::string("rtnetlink socket: ") + std::strerror(errno));
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  if (::bind(nl.fd_.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
    return make_error(std::string("rtnetlink bind: ") + std::strerror(errno));
  return nl;
}

namespace {

struct RouteRequest {
  nlmsghdr header;
  rtmsg route;
  alignas(NLMSG_ALIGNTO) std::uint8_t attrs[128];
};

struct AddressRequest {
  nlmsghdr header;
  ifaddrmsg address;
  alignas(NLMSG_ALIGNTO) std::uint8_t attrs[64];
};

// The netlink macros cast C-style; these are the same computations.
constexpr std::size_t align4(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}
constexpr std::size_t kNlHeader = align4(sizeof(nlmsghdr));
constexpr std::size_t kRtaHeader = align4(sizeof(rtattr));

template <typename Request>
void add_attr(Request& r, std::uint16_t type, const void* data, std::size_t len) {
  auto* base = reinterpret_cast<std::uint8_t*>(&r) + align4(r.header.nlmsg_len);
  rtattr attr{static_cast<std::uint16_t>(kRtaHeader + len), type};
  std::memcpy(base, &attr, sizeof attr);
  std::memcpy(base + kRtaHeader, data, len);
  r.header.nlmsg_len =
      static_cast<std::uint32_t>(align4(r.header.nlmsg_len) + align4(kRtaHeader + len));
}

}  // namespace

Status Rtnetlink::request(std::uint16_t type, std::uint16_t flags, const Prefix& dst, int ifindex,
                          const std::optional<IpAddress>& src) {
  RouteRequest r{};
  r.header.nlmsg_len = static_cast<std::uint32_t>(kNlHeader + sizeof(rtmsg));
  r.header.nlmsg_type = type;
  r.header.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
  r.header.nlmsg_seq = ++seq_;
  r.route.rtm_family = static_cast<std::uint8_t>(dst.address.is_v4() ? AF_INET : AF_INET6);
  r.route.rtm_dst_len = static_cast<std::uint8_t>(dst.length);
  r.route.rtm_table = RT_TABLE_MAIN;
  r.route.rtm_protocol = RTPROT_STATIC;
  r.route.rtm_scope = RT_SCOPE_LINK;
  r.route.rtm_type = RTN_UNICAST;
  add_attr(r, RTA_DST, dst.address.bytes().data(), dst.address.size());
  add_attr(r, RTA_OIF, &ifindex, sizeof ifindex);
  if (src) add_attr(r, RTA_PREFSRC, src->bytes().data(), src->size());
  return exchange(&r, r.header.nlmsg_len);
}

// Sends one request and reads its acknowledgement.
Status Rtnetlink::exchange(const void* request, std::size_t length) {
  if (::send(fd_.get(), request, length, 0) < 0)
    return make_error(std::string("rtnetlink send: ") + std::strerror(errno));
  alignas(nlmsghdr) std::uint8_t buf[4096];
  const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
  if (n < static_cast<ssize_t>(kNlHeader + sizeof(nlmsgerr)))
    return make_error("rtnetlink: no answer");
  nlmsghdr h;
  std::memcpy(&h, buf, sizeof h);
  if (h.nlmsg_type != NLMSG_ERROR) return make_error("rtnetlink: unexpected answer");
  nlmsgerr answer;
  std::memcpy(&answer, buf + kNlHeader, sizeof answer);
  const int err = -answer.error;
  if (err != 0) return make_error(std::strerror(err), err);
  return {};
}

Status Rtnetlink::add_route(const Prefix& dst, int ifindex, const std::optional<IpAddress>& src) {
  auto s = request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, dst, ifindex, src);
  if (!s) return make_error("route " + dst.to_string() + ": " + s.error().message, s.error().code);
  return s;
}

Status Rtnetlink::delete_route(const Prefix& dst, int ifindex) {
  auto s = request(RTM_DELROUTE, 0, dst, ifindex, std::nullopt);
  if (!s) return make_error("route " + dst.to_string() + ": " + s.error().message, s.error().code);
  return s;
}

namespace {

AddressRequest address_request(std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                               int ifindex, const IpAddress& address) {
  AddressRequest r{};
  r.header.nlmsg_len = static_cast<std::uint32_t>(kNlHeader + sizeof(ifaddrmsg));
  r.header.nlmsg_type = type;
  r.header.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
  r.header.nlmsg_seq = seq;
  r.address.ifa_family = static_cast<std::uint8_t>(address.is_v4() ? AF_INET : AF_INET6);
  r.address.ifa_prefixlen = static_cast<std::uint8_t>(address.is_v4() ? 32 : 128);
  r.address.ifa_scope = RT_SCOPE_UNIVERSE;
  r.address.ifa_index = static_cast<std::uint32_t>(ifindex);
  add_attr(r, IFA_LOCAL, address.bytes().data(), address.size());
  add_attr(r, IFA_ADDRESS, address.bytes().data(), address.size());
  return r;
}

}  // namespace

Status Rtnetlink::add_address(int ifindex, const IpAddress& address) {
  auto r = address_request(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, ++seq_, ifindex, address);
  auto s = exchange(&r, r.header.nlmsg_len);
  if (!s) return make_error("address " + address.to_string() + ": " + s.error().message);
  return s;
}

Status Rtnetlink::delete_address(int ifindex, const IpAddress& address) {
  auto r = address_request(RTM_DELADDR, 0, ++seq_, ifindex, address);
  auto s = exchange(&r, r.header.nlmsg_len);
  if (!s) return make_error("address " + address.to_string() + ": " + s.error().message);
  return s;
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

Status PolicyRoutes::add(const PolicyConfig& policy) {
  if (!routed(policy)) return {};
  const auto src = source_hint(policy.local_ts);
  for (const auto& prefix : range_to_prefixes(policy.remote_ts.start, policy.remote_ts.end)) {
    Route& r = routes_[prefix];
    if (r.refs++ > 0 && r.src == src) continue;
    r.src = src;
    if (auto s = netlink_.add_route(prefix, ifindex_, src); !s) {
      if (--r.refs == 0) routes_.erase(prefix);
      return s;
    }
    log::debug("dataplane", "route {} via TUN{}", prefix.to_string(),
               src ? " src " + src->to_string() : "");
  }
  return {};
}

void PolicyRoutes::remove(const PolicyConfig& policy) {
  if (!routed(policy)) return;
  for (const auto& prefix : range_to_prefixes(policy.remote_ts.start, policy.remote_ts.end)) {
    auto it = routes_.find(prefix);
    if (it == routes_.end() || --it->second.refs > 0) continue;
    routes_.erase(it);
    if (auto s = netlink_.delete_route(prefix, ifindex_); !s)
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
