#include "test_util.hpp"

namespace oakley::dataplane::test {

namespace {

constexpr std::uint32_t kPcapMagicLe = 0xa1b2c3d4;
constexpr std::size_t kPcapHeader = 24;
constexpr std::size_t kRecordHeader = 16;
constexpr std::size_t kEthernetHeader = 14;

std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}

// The IP packet of an Ethernet frame (VLAN tags skipped), or empty.
ByteView ip_of_frame(ByteView frame) {
  if (frame.size() < kEthernetHeader) return {};
  std::size_t off = 12;
  std::uint16_t type = load_be16(&frame[off]);
  while (type == 0x8100 && frame.size() >= off + 6) {
    off += 4;
    type = load_be16(&frame[off]);
  }
  if (type != 0x0800 && type != 0x86dd) return {};
  return frame.subspan(off + 2);
}

std::optional<CapturedEsp> esp_of_ip(ByteView ip) {
  CapturedEsp out;
  std::uint8_t proto = 0;
  ByteView l4;
  if (ip.size() >= 20 && (ip[0] >> 4) == 4) {
    const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
    const std::size_t total = std::min<std::size_t>(load_be16(&ip[2]), ip.size());
    if (total < ihl) return std::nullopt;
    out.src = *IpAddress::from_bytes(ip.subspan(12, 4));
    out.dst = *IpAddress::from_bytes(ip.subspan(16, 4));
    proto = ip[9];
    l4 = ip.subspan(ihl, total - ihl);
  } else if (ip.size() >= 40 && (ip[0] >> 4) == 6) {
    out.src = *IpAddress::from_bytes(ip.subspan(8, 16));
    out.dst = *IpAddress::from_bytes(ip.subspan(24, 16));
    proto = ip[6];
    l4 = ip.subspan(40, std::min<std::size_t>(load_be16(&ip[4]), ip.size() - 40));
  } else {
    return std::nullopt;
  }
  if (proto == 17 && l4.size() >= 8 && load_be16(&l4[2]) == 4500) {
    ByteView payload = l4.subspan(8);
    if (payload.size() < 8 || load_be32(payload.data()) == 0) return std::nullopt;  // IKE
    out.udp_encap = true;
    out.esp.assign(payload.begin(), payload.end());
    return out;
  }
  if (proto != 50) return std::nullopt;
  out.esp.assign(l4.begin(), l4.end());
  return out;
}

}  // namespace

std::vector<CapturedEsp> read_esp_from_pcap(const std::string& relative) {
  const Bytes file = read_file(relative);
  std::vector<CapturedEsp> out;
  if (file.size() < kPcapHeader || load_le32(file.data()) != kPcapMagicLe ||
      load_le32(&file[20]) != 1) {
    ADD_FAILURE() << relative << ": not a little-endian Ethernet pcap";
    return out;
  }
  std::size_t off = kPcapHeader;
  for (std::size_t frame = 1; off + kRecordHeader <= file.size(); ++frame) {
    const std::size_t len = load_le32(&file[off + 8]);
    off += kRecordHeader;
    if (off + len > file.size()) break;
    if (auto esp = esp_of_ip(ip_of_frame(ByteView(file).subspan(off, len)))) {
      esp->frame = frame;
      out.push_back(std::move(*esp));
    }
    off += len;
  }
  return out;
}

}  // namespace oakley::dataplane::test

namespace oakley::dataplane::test {

namespace {

Bytes make_ip_packet(const IpAddress& src, const IpAddress& dst, std::uint8_t proto,
                     const Bytes& l4) {
  Bytes p;
  if (src.is_v4()) {
    p.assign(20, 0);
    p[0] = 0x45;
    store_be16(&p[2], static_cast<std::uint16_t>(20 + l4.size()));
    p[8] = 64;
    p[9] = proto;
    std::copy(src.bytes().begin(), src.bytes().end(), p.begin() + 12);
    std::copy(dst.bytes().begin(), dst.bytes().end(), p.begin() + 16);
  } else {
    p.assign(40, 0);
    p[0] = 0x60;
    store_be16(&p[4], static_cast<std::uint16_t>(l4.size()));
    p[6] = proto;
    p[7] = 64;
    std::copy(src.bytes().begin(), src.bytes().end(), p.begin() + 8);
    std::copy(dst.bytes().begin(), dst.bytes().end(), p.begin() + 24);
  }
  append(p, l4);
  return p;
}

}  // namespace

Bytes make_udp_packet(const IpAddress& src, const IpAddress& dst, std::uint16_t sport,
                      std::uint16_t dport, std::size_t payload_size) {
  Bytes udp(8 + payload_size);
  store_be16(&udp[0], sport);
  store_be16(&udp[2], dport);
  store_be16(&udp[4], static_cast<std::uint16_t>(udp.size()));
  for (std::size_t i = 0; i < payload_size; ++i)
    udp[8 + i] = static_cast<std::uint8_t>(i * 7);
  return make_ip_packet(src, dst, 17, udp);
}

Bytes make_echo_request(const IpAddress& src, const IpAddress& dst, std::size_t payload_size) {
  Bytes icmp(8 + payload_size);
  icmp[0] = src.is_v4() ? 8 : 128;
  store_be16(&icmp[4], 0x1234);
  store_be16(&icmp[6], 1);
  for (std::size_t i = 0; i < payload_size; ++i)
    icmp[8 + i] = static_cast<std::uint8_t>(i);
  return make_ip_packet(src, dst, src.is_v4() ? 1 : 58, icmp);
}

}  // namespace oakley::dataplane::test
