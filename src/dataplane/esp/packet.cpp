#include "dataplane/esp/packet.hpp"

#include <cstring>

namespace oakley::dataplane::esp {

namespace {

constexpr int kMaxExtensionHeaders = 8;

bool has_ports(std::uint8_t proto) {
  return proto == kProtoTcp || proto == kProtoUdp || proto == kProtoSctp;
}

// Fills the port fields from the upper-layer header at `l4`, if it is long enough.
void read_ports(ByteView packet, std::size_t l4, FlowKey& flow) {
  if (has_ports(flow.protocol) && packet.size() >= l4 + 4) {
    flow.src_port = load_be16(&packet[l4]);
    flow.dst_port = load_be16(&packet[l4 + 2]);
    flow.ports_known = true;
  } else if ((flow.protocol == kProtoIcmp || flow.protocol == kProtoIcmpv6) &&
             packet.size() >= l4 + 2) {
    flow.src_port = flow.dst_port = load_be16(&packet[l4]);  // type << 8 | code
    flow.ports_known = true;
  }
}

std::optional<IpPacketInfo> parse_ipv4(ByteView p) {
  if (p.size() < kIpv4HeaderSize) return std::nullopt;
  const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
  const std::size_t total = load_be16(&p[2]);
  if (ihl < kIpv4HeaderSize || total < ihl || p.size() < ihl) return std::nullopt;
  IpPacketInfo info;
  info.version = 4;
  info.header_length = ihl;
  info.total_length = total;
  info.transport_field = p[9];
  info.flow.protocol = p[9];
  info.flow.src = *IpAddress::from_bytes(p.subspan(12, 4));
  info.flow.dst = *IpAddress::from_bytes(p.subspan(16, 4));
  const bool later_fragment = (load_be16(&p[6]) & 0x1fffu) != 0;
  if (!later_fragment) read_ports(p.first(std::min(p.size(), total)), ihl, info.flow);
  return info;
}

bool is_extension(std::uint8_t nh) {
  return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60;
}

std::optional<IpPacketInfo> parse_ipv6(ByteView p) {
  if (p.size() < kIpv6HeaderSize) return std::nullopt;
  IpPacketInfo info;
  info.version = 6;
  info.total_length = kIpv6HeaderSize + load_be16(&p[4]);
  info.transport_field = p[6];
  info.flow.src = *IpAddress::from_bytes(p.subspan(8, 16));
  info.flow.dst = *IpAddress::from_bytes(p.subspan(24, 16));
  std::uint8_t nh = p[6];
  std::size_t off = kIpv6HeaderSize;
  bool later_fragment = false;
  for (int i = 0; i < kMaxExtensionHeaders && is_extension(nh); ++i) {
    if (p.size() < off + 8) return std::nullopt;
    std::size_t len = 8;
    if (nh == 44) {
      later_fragment = (load_be16(&p[off + 2]) & 0xfff8u) != 0;
    } else if (nh == 51) {
      len = (std::size_t{p[off + 1]} + 2) * 4;  // AH counts 32-bit words
    } else {
      len = (std::size_t{p[off + 1]} + 1) * 8;
    }
    nh = p[off];
    off += len;
  }
  if (off > p.size() || is_extension(nh)) return std::nullopt;
  info.header_length = off;
  info.flow.protocol = nh;
  if (!later_fragment) read_ports(p, off, info.flow);
  return info;
}

}  // namespace

std::optional<IpPacketInfo> parse_ip_packet(ByteView packet) {
  if (packet.empty()) return std::nullopt;
  switch (packet[0] >> 4) {
    case 4:
      return parse_ipv4(packet);
    case 6:
      return parse_ipv6(packet);
    default:
      return std::nullopt;
  }
}

std::optional<std::size_t> inner_packet_length(ByteView payload, std::uint8_t next_header) {
  std::size_t len = 0;
  if (next_header == kProtoIpv4) {
    if (payload.size() < kIpv4HeaderSize || (payload[0] >> 4) != 4) return std::nullopt;
    len = load_be16(&payload[2]);
    if (len < std::size_t{payload[0] & 0x0fu} * 4 || (payload[0] & 0x0fu) < 5) return std::nullopt;
  } else if (next_header == kProtoIpv6) {
    if (payload.size() < kIpv6HeaderSize || (payload[0] >> 4) != 6) return std::nullopt;
    len = kIpv6HeaderSize + load_be16(&payload[4]);
  } else {
    return std::nullopt;
  }
  if (len > payload.size()) return std::nullopt;
  return len;
}

std::uint32_t checksum_add(std::uint32_t sum, ByteView data) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2)
    sum += load_be16(&data[i]);
  if (i < data.size()) sum += std::uint32_t{data[i]} << 8;
  return sum;
}

std::uint16_t checksum_fold(std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

void write_ipv4_header(std::uint8_t* out, const IpAddress& src, const IpAddress& dst,
                       std::uint8_t protocol, std::uint16_t total_length, std::uint8_t ttl) {
  std::memset(out, 0, kIpv4HeaderSize);
  out[0] = 0x45;
  store_be16(out + 2, total_length);
  out[8] = ttl;
  out[9] = protocol;
  std::memcpy(out + 12, src.bytes().data(), 4);
  std::memcpy(out + 16, dst.bytes().data(), 4);
  store_be16(out + 10, checksum_fold(checksum_add(0, {out, kIpv4HeaderSize})));
}

void write_ipv6_header(std::uint8_t* out, const IpAddress& src, const IpAddress& dst,
                       std::uint8_t next_header, std::uint16_t payload_length,
                       std::uint8_t hop_limit) {
  std::memset(out, 0, 8);
  out[0] = 0x60;
  store_be16(out + 4, payload_length);
  out[6] = next_header;
  out[7] = hop_limit;
  std::memcpy(out + 8, src.bytes().data(), 16);
  std::memcpy(out + 24, dst.bytes().data(), 16);
}

}  // namespace oakley::dataplane::esp
