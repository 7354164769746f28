#include "dataplane/tun/rtnetlink.hpp"

#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace oakley::dataplane::tun {

std::string Prefix::to_string() const {
  return address.to_string() + "/" + std::to_string(length);
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

template <typename Body, std::size_t kAttrBytes>
struct Request {
  nlmsghdr header;
  Body body;
  alignas(NLMSG_ALIGNTO) std::uint8_t attrs[kAttrBytes];
};
using RouteRequest = Request<rtmsg, 128>;
using RuleRequest = Request<fib_rule_hdr, 64>;
using AddressRequest = Request<ifaddrmsg, 64>;

// The netlink macros cast C-style; these are the same computations.
constexpr std::size_t align4(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}
constexpr std::size_t kNlHeader = align4(sizeof(nlmsghdr));
constexpr std::size_t kRtaHeader = align4(sizeof(rtattr));

template <typename R>
void start(R& r, std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
  r.header.nlmsg_len = static_cast<std::uint32_t>(kNlHeader + sizeof(r.body));
  r.header.nlmsg_type = type;
  r.header.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
  r.header.nlmsg_seq = seq;
}

template <typename R>
void add_attr(R& r, std::uint16_t type, const void* data, std::size_t len) {
  auto* base = reinterpret_cast<std::uint8_t*>(&r) + align4(r.header.nlmsg_len);
  rtattr attr{static_cast<std::uint16_t>(kRtaHeader + len), type};
  std::memcpy(base, &attr, sizeof attr);
  std::memcpy(base + kRtaHeader, data, len);
  r.header.nlmsg_len =
      static_cast<std::uint32_t>(align4(r.header.nlmsg_len) + align4(kRtaHeader + len));
}

template <typename R>
void add_u32(R& r, std::uint16_t type, std::uint32_t value) {
  add_attr(r, type, &value, sizeof value);
}

std::uint8_t family_of(IpAddress::Family f) {
  return static_cast<std::uint8_t>(f == IpAddress::Family::kV4 ? AF_INET : AF_INET6);
}

// Tables above 255 exist only as an attribute; the header field then says "see attribute".
std::uint8_t header_table(std::uint32_t table) {
  return static_cast<std::uint8_t>(table < 256 ? table : RT_TABLE_UNSPEC);
}

}  // namespace

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

Status Rtnetlink::route_request(std::uint16_t type, std::uint16_t flags, const Prefix& dst,
                                int ifindex, const std::optional<IpAddress>& src,
                                std::uint32_t table) {
  RouteRequest r{};
  start(r, type, flags, ++seq_);
  r.body.rtm_family = family_of(dst.address.family());
  r.body.rtm_dst_len = static_cast<std::uint8_t>(dst.length);
  r.body.rtm_table = header_table(table);
  r.body.rtm_protocol = RTPROT_STATIC;
  r.body.rtm_scope = RT_SCOPE_LINK;
  r.body.rtm_type = RTN_UNICAST;
  add_attr(r, RTA_DST, dst.address.bytes().data(), dst.address.size());
  add_u32(r, RTA_TABLE, table);
  add_attr(r, RTA_OIF, &ifindex, sizeof ifindex);
  if (src) add_attr(r, RTA_PREFSRC, src->bytes().data(), src->size());
  return exchange(&r, r.header.nlmsg_len);
}

Status Rtnetlink::add_route(const Prefix& dst, int ifindex, const std::optional<IpAddress>& src,
                            std::uint32_t table, bool replace) {
  const std::uint16_t flags = NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL);
  auto s = route_request(RTM_NEWROUTE, flags, dst, ifindex, src, table);
  if (!s) return make_error("route " + dst.to_string() + ": " + s.error().message, s.error().code);
  return s;
}

Status Rtnetlink::delete_route(const Prefix& dst, int ifindex, std::uint32_t table) {
  auto s = route_request(RTM_DELROUTE, 0, dst, ifindex, std::nullopt, table);
  if (!s) return make_error("route " + dst.to_string() + ": " + s.error().message, s.error().code);
  return s;
}

Status Rtnetlink::rule_request(std::uint16_t type, std::uint16_t flags, const RoutingRule& rule) {
  RuleRequest r{};
  start(r, type, flags, ++seq_);
  r.body.family = family_of(rule.family);
  r.body.table = header_table(rule.table);
  r.body.action = FR_ACT_TO_TBL;
  add_u32(r, FRA_TABLE, rule.table);
  add_u32(r, FRA_PRIORITY, rule.priority);
  if (rule.skip_mark != 0) {
    r.body.flags = FIB_RULE_INVERT;
    add_u32(r, FRA_FWMARK, rule.skip_mark);
    add_u32(r, FRA_FWMASK, 0xffffffffu);
  }
  return exchange(&r, r.header.nlmsg_len);
}

Status Rtnetlink::add_rule(const RoutingRule& rule) {
  auto s = rule_request(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, rule);
  if (!s) return make_error("routing rule: " + s.error().message, s.error().code);
  return s;
}

Status Rtnetlink::delete_rule(const RoutingRule& rule) {
  auto s = rule_request(RTM_DELRULE, 0, rule);
  if (!s) return make_error("routing rule: " + s.error().message, s.error().code);
  return s;
}

namespace {

AddressRequest address_request(std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                               int ifindex, const IpAddress& address) {
  AddressRequest r{};
  start(r, type, flags, seq);
  r.body.ifa_family = family_of(address.family());
  r.body.ifa_prefixlen = static_cast<std::uint8_t>(address.is_v4() ? 32 : 128);
  r.body.ifa_scope = RT_SCOPE_UNIVERSE;
  r.body.ifa_index = static_cast<std::uint32_t>(ifindex);
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

}  // namespace oakley::dataplane::tun
