#include "common/ip_address.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace oakley {

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress a;
  store_be32(a.raw_.data(), host_order);
  return a;
}

std::optional<IpAddress> IpAddress::from_bytes(ByteView raw) {
  if (raw.size() != 4 && raw.size() != 16) return std::nullopt;
  IpAddress a;
  a.family_ = raw.size() == 4 ? Family::kV4 : Family::kV6;
  std::copy(raw.begin(), raw.end(), a.raw_.begin());
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, text.data(), text.size());
  IpAddress a;
  if (inet_pton(AF_INET, buf, a.raw_.data()) == 1) return a;
  if (inet_pton(AF_INET6, buf, a.raw_.data()) == 1) {
    a.family_ = Family::kV6;
    return a;
  }
  return std::nullopt;
}

IpAddress IpAddress::any(Family f) {
  IpAddress a;
  a.family_ = f;
  return a;
}

IpAddress IpAddress::all_ones(Family f) {
  return any(f).with_host_bits(0);
}

bool IpAddress::is_unspecified() const {
  auto b = bytes();
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v4() ? AF_INET : AF_INET6, raw_.data(), buf, sizeof buf);
  return buf;
}

IpAddress IpAddress::masked(unsigned prefix_len) const {
  IpAddress out = *this;
  for (unsigned bit = std::min(prefix_len, max_prefix()); bit < max_prefix(); ++bit) {
    out.raw_[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  }
  return out;
}

IpAddress IpAddress::with_host_bits(unsigned prefix_len) const {
  IpAddress out = *this;
  for (unsigned bit = std::min(prefix_len, max_prefix()); bit < max_prefix(); ++bit) {
    out.raw_[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  }
  return out;
}

std::string Endpoint::to_string() const {
  return fmt::format("{}[{}]", address.to_string(), port);
}

TrafficSelector TrafficSelector::from_prefix(const IpAddress& net, unsigned prefix_len,
                                             std::uint8_t proto, std::uint16_t port_lo,
                                             std::uint16_t port_hi) {
  return TrafficSelector{net.masked(prefix_len), net.with_host_bits(prefix_len), proto, port_lo,
                         port_hi};
}

TrafficSelector TrafficSelector::any(IpAddress::Family f) {
  return from_prefix(IpAddress::any(f), 0);
}

std::optional<unsigned> TrafficSelector::prefix_len() const {
  for (unsigned len = 0; len <= start.max_prefix(); ++len) {
    if (start.masked(len) == start && start.with_host_bits(len) == end) return len;
  }
  return std::nullopt;
}

bool TrafficSelector::contains(const IpAddress& a) const {
  return a.family() == family() && start <= a && a <= end;
}

bool TrafficSelector::contains(const TrafficSelector& o) const {
  return o.family() == family() && start <= o.start && o.end <= end &&
         (ip_protocol == 0 || ip_protocol == o.ip_protocol) && start_port <= o.start_port &&
         o.end_port <= end_port;
}

std::optional<TrafficSelector> TrafficSelector::intersect(const TrafficSelector& o) const {
  if (o.family() != family()) return std::nullopt;
  if (ip_protocol != 0 && o.ip_protocol != 0 && ip_protocol != o.ip_protocol) return std::nullopt;
  TrafficSelector r{std::max(start, o.start), std::min(end, o.end),
                    std::max(ip_protocol, o.ip_protocol), std::max(start_port, o.start_port),
                    std::min(end_port, o.end_port)};
  if (r.end < r.start || r.end_port < r.start_port) return std::nullopt;
  return r;
}

namespace {
std::string proto_port_suffix(const TrafficSelector& ts) {
  bool any_port = ts.start_port == 0 && ts.end_port == 0xffff;
  if (ts.ip_protocol == 0 && any_port) return "";
  std::string proto;
  switch (ts.ip_protocol) {
    case 0:
      proto = "%any";
      break;
    case 1:
      proto = "icmp";
      break;
    case 6:
      proto = "tcp";
      break;
    case 17:
      proto = "udp";
      break;
    case 58:
      proto = "ipv6-icmp";
      break;
    default:
      proto = std::to_string(ts.ip_protocol);
  }
  if (any_port) return fmt::format("[{}]", proto);
  if (ts.start_port == ts.end_port) return fmt::format("[{}/{}]", proto, ts.start_port);
  return fmt::format("[{}/{}-{}]", proto, ts.start_port, ts.end_port);
}
}  // namespace

std::string TrafficSelector::to_string() const {
  std::string addr;
  if (auto len = prefix_len()) {
    addr = fmt::format("{}/{}", start.to_string(), *len);
  } else {
    addr = fmt::format("{}..{}", start.to_string(), end.to_string());
  }
  return addr + proto_port_suffix(*this);
}

}  // namespace oakley
