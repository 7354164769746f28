// Just enough IPv4/IPv6 parsing for the data plane: the addresses, protocol and ports that
// traffic selectors look at, and the lengths ESP needs. Every input is untrusted: each read is
// bounds-checked and anything odd is reported as nullopt, never assumed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::dataplane::esp {

inline constexpr std::uint8_t kProtoIcmp = 1;
inline constexpr std::uint8_t kProtoIpv4 = 4;
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoIpv6 = 41;
inline constexpr std::uint8_t kProtoEsp = 50;
inline constexpr std::uint8_t kProtoIcmpv6 = 58;
inline constexpr std::uint8_t kProtoNoNext = 59;  // RFC 4303 2.6 dummy packets
inline constexpr std::uint8_t kProtoSctp = 132;

inline constexpr std::size_t kIpv4HeaderSize = 20;
inline constexpr std::size_t kIpv6HeaderSize = 40;

// What a traffic selector matches a packet on.
struct FlowKey {
  IpAddress src;
  IpAddress dst;
  std::uint8_t protocol = 0;
  // TCP/UDP/SCTP ports; for ICMP and ICMPv6 type << 8 | code in both (RFC 7296 3.13.1).
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  // False for non-first fragments and protocols without ports (RFC 4301 "OPAQUE"): only a
  // selector that allows every port matches them.
  bool ports_known = false;
};

struct IpPacketInfo {
  FlowKey flow;
  std::uint8_t version = 0;          // 4 or 6
  std::size_t header_length = 0;     // up to the upper-layer header (IPv6: after extensions)
  std::size_t total_length = 0;      // from the header (IPv4 total length, IPv6 40 + payload)
  std::uint8_t transport_field = 0;  // IPv4 protocol / IPv6 first next header (what ESP's
                                     // transport mode carries as next header)
};

// Parses an IP packet; nullopt if it is truncated or not IPv4/IPv6. `packet` may be longer than
// the header says (TFC padding); total_length is what the header says.
std::optional<IpPacketInfo> parse_ip_packet(ByteView packet);

// Length of the IP packet at the start of `payload` as its header states it, if the header
// is complete, agrees with `next_header` (4 or 41) and fits in the payload.
std::optional<std::size_t> inner_packet_length(ByteView payload, std::uint8_t next_header);

// Internet checksum helpers (RFC 1071), for the headers we write.
std::uint32_t checksum_add(std::uint32_t sum, ByteView data);
std::uint16_t checksum_fold(std::uint32_t sum);
// Writes a minimal IPv4 header (no options) / IPv6 header at `out`.
void write_ipv4_header(std::uint8_t* out, const IpAddress& src, const IpAddress& dst,
                       std::uint8_t protocol, std::uint16_t total_length, std::uint8_t ttl);
void write_ipv6_header(std::uint8_t* out, const IpAddress& src, const IpAddress& dst,
                       std::uint8_t next_header, std::uint16_t payload_length,
                       std::uint8_t hop_limit);

}  // namespace oakley::dataplane::esp
