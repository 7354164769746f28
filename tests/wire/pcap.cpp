#include "wire/pcap.hpp"

#include <fstream>
#include <iterator>

namespace oakley::wire::test {

namespace {

struct Frame {
  std::uint32_t link_type = 0;
  ByteView data;
};

// Little-/big-endian loads for capture file headers (packet contents are always big-endian).
std::uint32_t load32(const std::uint8_t* p, bool little) {
  return little ? (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) |
                      (std::uint32_t{p[1]} << 8) | p[0]
                : load_be32(p);
}
std::uint16_t load16(const std::uint8_t* p, bool little) {
  return little ? static_cast<std::uint16_t>((p[1] << 8) | p[0]) : load_be16(p);
}

std::vector<Frame> pcap_frames(const Bytes& file) {
  std::vector<Frame> out;
  if (file.size() < 24) return out;
  bool little = file[0] == 0xd4 || file[0] == 0x4d;
  std::uint32_t link = load32(&file[20], little);
  std::size_t pos = 24;
  while (pos + 16 <= file.size()) {
    std::uint32_t incl = load32(&file[pos + 8], little);
    pos += 16;
    if (incl > file.size() - pos) break;
    out.push_back({link, ByteView(file).subspan(pos, incl)});
    pos += incl;
  }
  return out;
}

std::vector<Frame> pcapng_frames(const Bytes& file) {
  std::vector<Frame> out;
  std::vector<std::uint32_t> interfaces;
  bool little = true;
  std::size_t pos = 0;
  while (pos + 12 <= file.size()) {
    const std::uint8_t* b = &file[pos];
    std::uint32_t type = load32(b, little);
    if (type == 0x0a0d0d0a) little = load32(b + 8, true) == 0x1a2b3c4d;
    std::uint32_t len = load32(b + 4, little);
    if (len < 12 || len > file.size() - pos) break;
    if (type == 1 && len >= 20) interfaces.push_back(load16(b + 8, little));
    if (type == 6 && len >= 32) {
      std::uint32_t iface = load32(b + 8, little);
      std::uint32_t caplen = load32(b + 20, little);
      if (iface < interfaces.size() && caplen <= len - 32) {
        out.push_back({interfaces[iface], ByteView(file).subspan(pos + 28, caplen)});
      }
    }
    pos += len;
  }
  return out;
}

// The IP packet inside a link-layer frame, or empty.
ByteView ip_packet(const Frame& f) {
  ByteView d = f.data;
  switch (f.link_type) {
    case 0:  // BSD loopback: 4-byte address family
      return d.size() > 4 ? d.subspan(4) : ByteView{};
    case 1: {  // Ethernet, possibly one VLAN tag
      if (d.size() < 14) return {};
      std::size_t off = load_be16(&d[12]) == 0x8100 ? 18 : 14;
      return d.size() > off ? d.subspan(off) : ByteView{};
    }
    case 113:  // Linux cooked capture
      return d.size() > 16 ? d.subspan(16) : ByteView{};
    case 101:
    case 228:
    case 229:
      return d;
    default:
      return {};
  }
}

bool parse_udp(ByteView ip, UdpDatagram& out) {
  if (ip.empty()) return false;
  std::size_t header = 0;
  if ((ip[0] >> 4) == 4) {
    if (ip.size() < 20 || ip[9] != 17 || (load_be16(&ip[6]) & 0x1fff) != 0) return false;
    header = (ip[0] & 0x0f) * 4u;
    out.src = *IpAddress::from_bytes(ip.subspan(12, 4));
    out.dst = *IpAddress::from_bytes(ip.subspan(16, 4));
  } else if ((ip[0] >> 4) == 6) {
    if (ip.size() < 40 || ip[6] != 17) return false;
    header = 40;
    out.src = *IpAddress::from_bytes(ip.subspan(8, 16));
    out.dst = *IpAddress::from_bytes(ip.subspan(24, 16));
  } else {
    return false;
  }
  if (ip.size() < header + 8) return false;
  ByteView udp = ip.subspan(header);
  out.src_port = load_be16(&udp[0]);
  out.dst_port = load_be16(&udp[2]);
  std::size_t udp_len = load_be16(&udp[4]);
  std::size_t avail = udp.size() - 8;
  std::size_t want = udp_len >= 8 ? udp_len - 8 : avail;
  out.truncated = want > avail;
  ByteView payload = udp.subspan(8, std::min(want, avail));
  out.payload.assign(payload.begin(), payload.end());
  return true;
}

void classify_4500(UdpDatagram& d) {
  if (d.src_port != 4500 && d.dst_port != 4500) return;
  bool marker = d.payload.size() >= 4 && d.payload[0] == 0 && d.payload[1] == 0 &&
                d.payload[2] == 0 && d.payload[3] == 0;
  if (marker) {
    d.payload.erase(d.payload.begin(), d.payload.begin() + 4);
    d.non_esp_marker = true;
  } else {
    d.esp = true;
  }
}

void put_le32(std::ofstream& out, std::uint32_t v) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
               static_cast<char>(v >> 24)};
  out.write(b, 4);
}

std::uint16_t ip_checksum(ByteView header) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < header.size(); i += 2)
    sum += load_be16(&header[i]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

Bytes ethernet_frame(const OutFrame& f) {
  Bytes b = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00};
  std::size_t ip_start = b.size();
  std::size_t total = 20 + 8 + f.payload.size();
  Bytes ip = {0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0};
  store_be16(&ip[2], static_cast<std::uint16_t>(total));
  append(b, ip);
  append(b, f.src.bytes());
  append(b, f.dst.bytes());
  store_be16(&b[ip_start + 10], ip_checksum(ByteView(b).subspan(ip_start, 20)));
  put_be16(b, f.src_port);
  put_be16(b, f.dst_port);
  put_be16(b, static_cast<std::uint16_t>(8 + f.payload.size()));
  put_be16(b, 0);  // no UDP checksum
  append(b, f.payload);
  return b;
}

Bytes read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in && error) *error = "cannot open " + path;
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<Frame> frames_of(const Bytes& file) {
  bool ng = file.size() >= 4 && load_be32(file.data()) == 0x0a0d0d0a;
  return ng ? pcapng_frames(file) : pcap_frames(file);
}

}  // namespace

std::vector<Bytes> read_frames(const std::string& path) {
  Bytes file = read_file(path, nullptr);
  std::vector<Bytes> out;
  for (const auto& f : frames_of(file))
    out.emplace_back(f.data.begin(), f.data.end());
  return out;
}

std::vector<UdpDatagram> read_udp_datagrams(const std::string& path, std::string* error) {
  Bytes file = read_file(path, error);
  auto frames = frames_of(file);
  std::vector<UdpDatagram> out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    UdpDatagram d;
    d.frame = i + 1;
    if (!parse_udp(ip_packet(frames[i]), d)) continue;
    classify_4500(d);
    out.push_back(std::move(d));
  }
  return out;
}

bool write_pcap(const std::string& path, const std::vector<OutFrame>& frames) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return false;
  // magic, version 2.4 (two 16-bit fields), zone, accuracy, snaplen, link type Ethernet
  for (std::uint32_t v : {0xa1b2c3d4u, 0x00040002u, 0u, 0u, 65535u, 1u})
    put_le32(out, v);
  std::uint32_t second = 1;
  for (const auto& f : frames) {
    Bytes frame = ethernet_frame(f);
    put_le32(out, second++);
    put_le32(out, 0);
    put_le32(out, static_cast<std::uint32_t>(frame.size()));
    put_le32(out, static_cast<std::uint32_t>(frame.size()));
    out.write(reinterpret_cast<const char*>(frame.data()),
              static_cast<std::streamsize>(frame.size()));
  }
  return static_cast<bool>(out);
}

std::string data_path(const std::string& relative) {
  return std::string(OAKLEY_TEST_DATA) + "/wire/" + relative;
}

}  // namespace oakley::wire::test
