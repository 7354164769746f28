// IPv4/IPv6 addresses, endpoints and traffic selectors: the value types that config, IKE, the data
// plane and the network layer all exchange.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.hpp"

namespace oakley {

class IpAddress {
 public:
  enum class Family : std::uint8_t { kV4 = 4, kV6 = 6 };

  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(std::uint32_t host_order);
  static std::optional<IpAddress> from_bytes(ByteView raw);  // 4 or 16 bytes
  static std::optional<IpAddress> parse(std::string_view text);
  static IpAddress any(Family f);       // 0.0.0.0 or ::
  static IpAddress all_ones(Family f);  // 255.255.255.255 or ffff:...

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  std::size_t size() const { return is_v4() ? 4 : 16; }
  ByteView bytes() const { return {raw_.data(), size()}; }
  bool is_unspecified() const;
  std::string to_string() const;

  // Network/host arithmetic used by prefixes and ranges.
  IpAddress masked(unsigned prefix_len) const;          // host bits cleared
  IpAddress with_host_bits(unsigned prefix_len) const;  // host bits set
  unsigned max_prefix() const { return is_v4() ? 32 : 128; }

  auto operator<=>(const IpAddress&) const = default;

 private:
  Family family_ = Family::kV4;
  std::array<std::uint8_t, 16> raw_{};
};

struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  std::string to_string()
      const;  // 192.0.2.1[500], [2001:db8::1][4500] style of strongSwan: addr[port]
  auto operator<=>(const Endpoint&) const = default;
};

// An IKEv2-style traffic selector: an address range, a protocol (0 = any) and a port range.
struct TrafficSelector {
  IpAddress start;
  IpAddress end;
  std::uint8_t ip_protocol = 0;
  std::uint16_t start_port = 0;
  std::uint16_t end_port = 0xffff;

  static TrafficSelector from_prefix(const IpAddress& net, unsigned prefix_len,
                                     std::uint8_t proto = 0, std::uint16_t port_lo = 0,
                                     std::uint16_t port_hi = 0xffff);
  static TrafficSelector any(IpAddress::Family f);
  IpAddress::Family family() const { return start.family(); }
  bool is_host() const { return start == end; }
  // The prefix length if the range is exactly one CIDR block.
  std::optional<unsigned> prefix_len() const;
  bool contains(const IpAddress& a) const;
  bool contains(const TrafficSelector& other) const;
  // The intersection, or nullopt when the selectors share nothing (RFC 7296 2.9 narrowing).
  std::optional<TrafficSelector> intersect(const TrafficSelector& other) const;
  // "10.1.0.0/24", "10.1.0.1-10.1.0.9[tcp/80]", as strongSwan prints them.
  std::string to_string() const;
  auto operator<=>(const TrafficSelector&) const = default;
};

}  // namespace oakley
