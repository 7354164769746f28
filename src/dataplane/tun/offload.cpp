#include "dataplane/tun/offload.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "dataplane/esp/packet.hpp"

namespace oakley::dataplane::tun {

namespace {

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kPsh = 0x08;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kCwr = 0x80;
constexpr std::size_t kTcpChecksum = 16;
constexpr std::size_t kMaxIpPacket = 0xffff;

// The TCP pseudo-header (RFC 793 / RFC 8200 8.1) summed in native word order.
std::uint64_t pseudo_header_sum(const std::uint8_t* ip, bool v4, std::size_t tcp_length) {
  std::uint8_t ph[40] = {};
  if (v4) {
    std::memcpy(ph, ip + 12, 8);
    ph[9] = esp::kProtoTcp;
    store_be16(ph + 10, static_cast<std::uint16_t>(tcp_length));
    return checksum_native({ph, 12});
  }
  std::memcpy(ph, ip + 8, 32);
  store_be32(ph + 32, static_cast<std::uint32_t>(tcp_length));
  ph[39] = esp::kProtoTcp;
  return checksum_native({ph, 40});
}

void store_native16(std::uint8_t* p, std::uint16_t v) {
  std::memcpy(p, &v, 2);
}

void set_ipv4_header_checksum(std::uint8_t* ip, std::size_t ihl) {
  ip[10] = ip[11] = 0;
  store_be16(ip + 10, esp::checksum_fold(esp::checksum_add(0, {ip, ihl})));
}

struct TcpLayout {
  bool v4 = false;
  std::size_t tcp = 0;      // offset of the TCP header
  std::size_t headers = 0;  // IP + TCP headers
};

// Where the TCP header of a TSO packet is, per its virtio header.
bool tso_layout(ByteView p, const VnetHeader& h, TcpLayout& l) {
  const unsigned gso = h.gso_type & ~unsigned{kGsoEcn};
  if (gso != kGsoTcpV4 && gso != kGsoTcpV6) return false;
  l.v4 = gso == kGsoTcpV4;
  l.tcp = h.csum_start;
  if (p.empty() || (p[0] >> 4) != (l.v4 ? 4 : 6)) return false;
  if (l.tcp < (l.v4 ? esp::kIpv4HeaderSize : esp::kIpv6HeaderSize) || p.size() < l.tcp + 20)
    return false;
  const std::size_t tcp_header = static_cast<std::size_t>(p[l.tcp + 12] >> 4) * 4;
  l.headers = l.tcp + tcp_header;
  return tcp_header >= 20 && l.headers <= p.size() && h.gso_size > 0;
}

// One segment of a TSO super-packet: headers, a slice of the payload, fixed-up fields.
void write_segment(std::uint8_t* dst, ByteView p, const TcpLayout& l, std::size_t offset,
                   std::size_t length, std::size_t index, bool last) {
  std::memcpy(dst, p.data(), l.headers);
  std::memcpy(dst + l.headers, p.data() + l.headers + offset, length);
  const std::size_t size = l.headers + length;
  if (l.v4) {
    store_be16(dst + 2, static_cast<std::uint16_t>(size));
    store_be16(dst + 4, static_cast<std::uint16_t>(load_be16(p.data() + 4) + index));
    set_ipv4_header_checksum(dst, l.tcp);
  } else {
    store_be16(dst + 4, static_cast<std::uint16_t>(size - esp::kIpv6HeaderSize));
  }
  std::uint8_t* tcp = dst + l.tcp;
  store_be32(tcp + 4, load_be32(p.data() + l.tcp + 4) + static_cast<std::uint32_t>(offset));
  std::uint8_t flags = p[l.tcp + 13];
  if (!last) flags &= static_cast<std::uint8_t>(~(kFin | kPsh));
  if (index != 0) flags &= static_cast<std::uint8_t>(~kCwr);
  tcp[13] = flags;
  tcp[kTcpChecksum] = tcp[kTcpChecksum + 1] = 0;
  const std::size_t tcp_length = size - l.tcp;
  const std::uint64_t sum =
      checksum_native({tcp, tcp_length}, pseudo_header_sum(dst, l.v4, tcp_length));
  store_native16(tcp + kTcpChecksum, static_cast<std::uint16_t>(~checksum_fold_native(sum)));
}

bool copy_whole(ByteView p, const std::function<esp::PacketBuffer*()>& next_buffer) {
  esp::PacketBuffer* b = next_buffer();
  std::uint8_t* dst = b ? b->push_back(p.size()) : nullptr;
  if (dst == nullptr) return false;
  std::memcpy(dst, p.data(), p.size());
  return true;
}

}  // namespace

std::uint64_t checksum_native(ByteView data, std::uint64_t sum) {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    sum += w;
    sum += sum < w;  // end-around carry
  }
  if (n == 0) return sum;
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);  // the missing bytes are zeros, as RFC 1071 pads
  sum += tail;
  sum += sum < tail;
  return sum;
}

std::uint16_t checksum_fold_native(std::uint64_t sum) {
  sum = (sum & 0xffffffffu) + (sum >> 32);
  sum = (sum & 0xffffffffu) + (sum >> 32);
  sum = (sum & 0xffffu) + (sum >> 16);
  sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

bool complete_checksum(MutableByteView p, const VnetHeader& h) {
  if ((h.flags & kVnetNeedsCsum) == 0) return true;
  const std::size_t start = h.csum_start;
  const std::size_t field = start + h.csum_offset;
  if (field + 2 > p.size()) return false;
  const std::uint64_t sum = checksum_native(p.subspan(start));
  store_native16(p.data() + field, static_cast<std::uint16_t>(~checksum_fold_native(sum)));
  return true;
}

bool split_tun_read(MutableByteView p, const VnetHeader& h,
                    const std::function<esp::PacketBuffer*()>& next_buffer) {
  if (h.gso_type == kGsoNone) return complete_checksum(p, h) && copy_whole(p, next_buffer);
  TcpLayout l;
  if (!tso_layout(p, h, l)) return false;
  const std::size_t payload = p.size() - l.headers;
  if (payload == 0) return complete_checksum(p, h) && copy_whole(p, next_buffer);
  const std::size_t mss = h.gso_size;
  for (std::size_t off = 0, i = 0; off < payload; off += mss, ++i) {
    const std::size_t len = std::min(mss, payload - off);
    esp::PacketBuffer* b = next_buffer();
    std::uint8_t* dst = b ? b->push_back(l.headers + len) : nullptr;
    if (dst == nullptr) return false;
    write_segment(dst, p, l, off, len, i, off + len == payload);
  }
  return true;
}

// ---- GRO ------------------------------------------------------------------------------------

namespace {

struct TcpView {
  bool v4 = false;
  std::size_t ip_header = 0;
  std::size_t headers = 0;
  std::size_t payload = 0;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0;
};

// A packet GRO may merge: plain TCP data (ACK, maybe PSH) without fragments or extension headers.
bool tcp_view(ByteView p, TcpView& t) {
  if (p.size() < esp::kIpv4HeaderSize) return false;
  if ((p[0] >> 4) == 4) {
    t.v4 = true;
    t.ip_header = std::size_t{p[0] & 0x0fu} * 4;
    if (p[9] != esp::kProtoTcp || t.ip_header < 20 || load_be16(&p[2]) != p.size() ||
        (load_be16(&p[6]) & 0x3fffu) != 0)  // MF or an offset: a fragment
      return false;
  } else if ((p[0] >> 4) == 6 && p.size() >= esp::kIpv6HeaderSize) {
    t.ip_header = esp::kIpv6HeaderSize;
    if (p[6] != esp::kProtoTcp || load_be16(&p[4]) + esp::kIpv6HeaderSize != p.size()) return false;
  } else {
    return false;
  }
  if (p.size() < t.ip_header + 20) return false;
  t.headers = t.ip_header + static_cast<std::size_t>(p[t.ip_header + 12] >> 4) * 4;
  if (t.headers < t.ip_header + 20 || t.headers >= p.size()) return false;
  t.payload = p.size() - t.headers;
  t.flags = p[t.ip_header + 13];
  t.seq = load_be32(&p[t.ip_header + 4]);
  return (t.flags & ~kPsh) == kAck;
}

bool same_bytes(const std::uint8_t* a, const std::uint8_t* b, std::size_t from, std::size_t to) {
  return std::memcmp(a + from, b + from, to - from) == 0;
}

const VnetHeader kPlainHeader{};

}  // namespace

bool GroWriter::add(esp::PacketBuffer& packet) {
  if (first_ != nullptr && mergeable(packet)) {
    const std::size_t payload = packet.size() - headers_;
    const std::uint8_t flags = packet.data()[ip_header_ + 13];
    iov_[++count_] = {packet.data() + headers_, payload};
    total_ += payload;
    next_seq_ += static_cast<std::uint32_t>(payload);
    if (payload < segment_ || (flags & kPsh)) {
      first_->data()[ip_header_ + 13] |= flags & kPsh;
      closed_ = true;
    }
    return true;
  }
  bool ok = flush();
  if (!start(packet)) ok = write_single(packet) && ok;
  return ok;
}

bool GroWriter::start(esp::PacketBuffer& packet) {
  TcpView t;
  if (!tcp_view(packet.view(), t)) return false;
  first_ = &packet;
  ip_header_ = t.ip_header;
  headers_ = t.headers;
  segment_ = t.payload;
  total_ = packet.size();
  next_seq_ = t.seq + static_cast<std::uint32_t>(t.payload);
  closed_ = (t.flags & kPsh) != 0;
  count_ = 1;
  iov_[1] = {packet.data(), packet.size()};
  return true;
}

// Same flow, same headers (but lengths, IDs, sequence numbers, checksums), the next sequence
// number, no bigger than the first segment — what the kernel's own GRO requires.
bool GroWriter::mergeable(const esp::PacketBuffer& packet) const {
  if (closed_ || count_ >= kMaxSegments) return false;
  TcpView t;
  if (!tcp_view(packet.view(), t) || t.headers != headers_ || t.ip_header != ip_header_ ||
      t.payload > segment_ || t.seq != next_seq_ || total_ + t.payload > kMaxIpPacket)
    return false;
  const std::uint8_t* a = first_->data();
  const std::uint8_t* b = packet.data();
  const std::size_t tcp = ip_header_;
  const bool ip_same =
      t.v4 ? same_bytes(a, b, 0, 2) && same_bytes(a, b, 6, 10) && same_bytes(a, b, 12, ip_header_)
           : same_bytes(a, b, 0, 4) && same_bytes(a, b, 6, ip_header_);
  return ip_same && same_bytes(a, b, tcp, tcp + 4) && same_bytes(a, b, tcp + 8, tcp + 13) &&
         same_bytes(a, b, tcp + 14, tcp + 16) && same_bytes(a, b, tcp + 18, headers_);
}

bool GroWriter::flush() {
  if (first_ == nullptr) return true;
  const bool ok = count_ == 1 ? write_single(*first_) : write_merged();
  first_ = nullptr;
  count_ = 0;
  return ok;
}

bool GroWriter::write_single(esp::PacketBuffer& packet) {
  iovec iov[2] = {{const_cast<VnetHeader*>(&kPlainHeader), kVnetHeaderSize},
                  {packet.data(), packet.size()}};
  return ::writev(fd_, iov, 2) >= 0;
}

// The first packet's headers now describe the whole run; the kernel segments it again if it has
// to forward it, or takes it whole into the TCP receive queue.
bool GroWriter::write_merged() {
  std::uint8_t* ip = first_->data();
  const bool v4 = (ip[0] >> 4) == 4;
  if (v4) {
    store_be16(ip + 2, static_cast<std::uint16_t>(total_));
    set_ipv4_header_checksum(ip, ip_header_);
  } else {
    store_be16(ip + 4, static_cast<std::uint16_t>(total_ - esp::kIpv6HeaderSize));
  }
  // CHECKSUM_PARTIAL convention: the field holds the pseudo-header sum, not complemented.
  store_native16(ip + ip_header_ + kTcpChecksum,
                 checksum_fold_native(pseudo_header_sum(ip, v4, total_ - ip_header_)));
  VnetHeader h{};
  h.flags = kVnetNeedsCsum;
  h.gso_type = v4 ? kGsoTcpV4 : kGsoTcpV6;
  h.hdr_len = static_cast<std::uint16_t>(headers_);
  h.gso_size = static_cast<std::uint16_t>(segment_);
  h.csum_start = static_cast<std::uint16_t>(ip_header_);
  h.csum_offset = kTcpChecksum;
  iov_[0] = {&h, kVnetHeaderSize};
  // The first packet's own payload is part of iov_[1] (the whole packet).
  return ::writev(fd_, iov_.data(), static_cast<int>(count_ + 1)) >= 0;
}

}  // namespace oakley::dataplane::tun
