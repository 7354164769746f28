// TUN offload helpers without a device: checksums against RFC 1071 arithmetic, TSO super-packets
// split into valid segments, and GRO merging them back (through a SOCK_SEQPACKET pair standing in
// for the TUN queue) into what the kernel expects.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "dataplane/esp/packet.hpp"
#include "dataplane/tun/fd.hpp"
#include "dataplane/tun/offload.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::tun {
namespace {

using test::ip;

// The Internet checksum of `d`, the textbook big-endian way (checksum_fold complements).
std::uint16_t reference_checksum(ByteView d) {
  return esp::checksum_fold(esp::checksum_add(0, d));
}

std::uint64_t pseudo(const Bytes& pkt, bool v4, std::size_t l4_len, std::uint8_t proto) {
  Bytes ph;
  if (v4) {
    ph.assign(pkt.begin() + 12, pkt.begin() + 20);
    ph.push_back(0);
    ph.push_back(proto);
    put_be16(ph, static_cast<std::uint16_t>(l4_len));
  } else {
    ph.assign(pkt.begin() + 8, pkt.begin() + 40);
    put_be32(ph, static_cast<std::uint32_t>(l4_len));
    ph.insert(ph.end(), {0, 0, 0, proto});
  }
  return checksum_native(ph);
}

// True if the L4 checksum of a whole IP packet verifies.
bool l4_checksum_ok(const Bytes& pkt) {
  auto info = esp::parse_ip_packet(pkt);
  if (!info) return false;
  const std::size_t l4 = info->header_length;
  const std::uint64_t sum =
      checksum_native(ByteView(pkt).subspan(l4),
                      pseudo(pkt, info->version == 4, pkt.size() - l4, info->flow.protocol));
  return checksum_fold_native(sum) == 0xffff;
}

bool ipv4_header_ok(const Bytes& pkt) {
  return esp::checksum_fold(esp::checksum_add(0, ByteView(pkt).first(20))) == 0;
}

// A TCP super-packet as the kernel hands it over with TSO: one header, a long payload, the
// checksum field holding the pseudo-header sum.
Bytes make_tso_packet(bool v4, std::size_t payload, VnetHeader& h, std::uint8_t flags = 0x18) {
  const std::size_t iph = v4 ? 20 : 40;
  const std::size_t tcph = 32;  // with a 12-byte timestamp option
  Bytes p = test::make_udp_packet(v4 ? ip("10.1.0.1") : ip("fd01::1"),
                                  v4 ? ip("10.2.0.1") : ip("fd02::1"), 0, 0, 0);
  p.resize(iph);
  p[v4 ? 9 : 6] = esp::kProtoTcp;
  if (v4) store_be16(&p[4], 0x1000);  // IP ID
  Bytes tcp(tcph, 0);
  store_be16(&tcp[0], 40000);
  store_be16(&tcp[2], 5201);
  store_be32(&tcp[4], 0xfffff000);  // wraps during the split
  store_be32(&tcp[8], 777);
  tcp[12] = static_cast<std::uint8_t>((tcph / 4) << 4);
  tcp[13] = flags;
  store_be16(&tcp[14], 512);
  tcp[20] = 1;
  tcp[21] = 1;
  tcp[22] = 8;
  tcp[23] = 10;
  append(p, tcp);
  for (std::size_t i = 0; i < payload; ++i)
    p.push_back(static_cast<std::uint8_t>(i * 13));
  if (v4) {
    store_be16(&p[2], static_cast<std::uint16_t>(p.size()));
    store_be16(&p[10], esp::checksum_fold(esp::checksum_add(0, ByteView(p).first(20))));
  } else {
    store_be16(&p[4], static_cast<std::uint16_t>(p.size() - 40));
  }
  const std::uint16_t partial = checksum_fold_native(pseudo(p, v4, p.size() - iph, esp::kProtoTcp));
  std::memcpy(&p[iph + 16], &partial, 2);
  h = {};
  h.flags = kVnetNeedsCsum;
  h.gso_type = v4 ? kGsoTcpV4 : kGsoTcpV6;
  h.hdr_len = static_cast<std::uint16_t>(iph + tcph);
  h.gso_size = 1000;
  h.csum_start = static_cast<std::uint16_t>(iph);
  h.csum_offset = 16;
  return p;
}

struct Segments {
  std::vector<std::vector<std::uint8_t>> storage;
  std::vector<esp::PacketBuffer> buffers;
  std::function<esp::PacketBuffer*()> next() {
    return [this] {
      storage.emplace_back(2048);
      buffers.emplace_back(storage.back().data(), storage.back().size(), 128, 0);
      return &buffers.back();
    };
  }
  Segments() {
    storage.reserve(256);
    buffers.reserve(256);
  }
  Bytes bytes(std::size_t i) const {
    return Bytes(buffers[i].data(), buffers[i].data() + buffers[i].size());
  }
};

TEST(TunOffload, NativeChecksumMatchesRfc1071) {
  std::mt19937 rng(1);
  for (std::size_t n = 0; n < 200; ++n) {
    Bytes d(n);
    for (auto& b : d)
      b = static_cast<std::uint8_t>(rng());
    const std::uint16_t native =
        static_cast<std::uint16_t>(~checksum_fold_native(checksum_native(d)));
    std::uint8_t stored[2];
    std::memcpy(stored, &native, 2);
    EXPECT_EQ(load_be16(stored), reference_checksum(d)) << n;
  }
}

TEST(TunOffload, TsoPacketsSplitIntoValidSegments) {
  for (bool v4 : {true, false}) {
    SCOPED_TRACE(v4 ? "IPv4" : "IPv6");
    VnetHeader h;
    Bytes super = make_tso_packet(v4, 9500, h);
    const Bytes original = super;
    Segments s;
    ASSERT_TRUE(split_tun_read(super, h, s.next()));
    ASSERT_EQ(s.buffers.size(), 10u);
    Bytes payload;
    for (std::size_t i = 0; i < s.buffers.size(); ++i) {
      const Bytes seg = s.bytes(i);
      auto info = esp::parse_ip_packet(seg);
      ASSERT_TRUE(info);
      EXPECT_EQ(info->total_length, seg.size());
      EXPECT_TRUE(l4_checksum_ok(seg)) << "segment " << i;
      if (v4) {
        EXPECT_TRUE(ipv4_header_ok(seg));
        EXPECT_EQ(load_be16(&seg[4]), 0x1000 + i);
      }
      const std::size_t tcp = v4 ? 20 : 40;
      EXPECT_EQ(load_be32(&seg[tcp + 4]), std::uint32_t(0xfffff000u + i * 1000));
      EXPECT_EQ(seg[tcp + 13], i + 1 == s.buffers.size() ? 0x18 : 0x10) << "PSH only at the end";
      EXPECT_EQ(to_hex(ByteView(seg).subspan(tcp + 20, 12)),
                to_hex(ByteView(original).subspan(tcp + 20, 12)));
      payload.insert(payload.end(), seg.begin() + static_cast<std::ptrdiff_t>(tcp + 32), seg.end());
    }
    EXPECT_EQ(to_hex(payload), to_hex(ByteView(original).subspan(v4 ? 52 : 72)));
  }
}

TEST(TunOffload, PartialChecksumIsCompleted) {
  Bytes udp = test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 53, 53, 333);
  const std::uint16_t partial =
      checksum_fold_native(pseudo(udp, true, udp.size() - 20, esp::kProtoUdp));
  std::memcpy(&udp[26], &partial, 2);
  VnetHeader h{};
  h.flags = kVnetNeedsCsum;
  h.csum_start = 20;
  h.csum_offset = 6;
  Segments s;
  ASSERT_TRUE(split_tun_read(udp, h, s.next()));
  ASSERT_EQ(s.buffers.size(), 1u);
  EXPECT_TRUE(l4_checksum_ok(s.bytes(0)));
}

TEST(TunOffload, MalformedReadsAreRefused) {
  VnetHeader h;
  Bytes super = make_tso_packet(true, 3000, h);
  Segments s;
  VnetHeader bad = h;
  bad.gso_size = 0;
  EXPECT_FALSE(split_tun_read(super, bad, s.next()));
  bad = h;
  bad.csum_start = 60000;
  EXPECT_FALSE(split_tun_read(super, bad, s.next()));
  bad = h;
  bad.gso_type = 3;  // UDP (USO): not offered to the kernel, so never expected
  EXPECT_FALSE(split_tun_read(super, bad, s.next()));
  Bytes tiny(10, 0x45);
  EXPECT_FALSE(split_tun_read(tiny, h, s.next()));
  VnetHeader csum{};
  csum.flags = kVnetNeedsCsum;
  csum.csum_start = 8;
  csum.csum_offset = 6;
  EXPECT_FALSE(split_tun_read(tiny, csum, s.next()));
}

// Reads what GroWriter wrote: one message per TUN write.
std::vector<Bytes> drain(int fd) {
  std::vector<Bytes> out;
  std::vector<std::uint8_t> buf(70000);
  for (;;) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n <= 0) break;
    out.emplace_back(buf.begin(), buf.begin() + n);
  }
  return out;
}

class GroTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
    writer_end_ = Fd(fds[0]);
    reader_end_ = Fd(fds[1]);
    int size = 4 << 20;
    ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  }
  Fd writer_end_;
  Fd reader_end_;
};

TEST_F(GroTest, SegmentsOfOneFlowMergeAndSplitBackExactly) {
  for (bool v4 : {true, false}) {
    SCOPED_TRACE(v4 ? "IPv4" : "IPv6");
    VnetHeader h;
    Bytes super = make_tso_packet(v4, 20500, h);
    Segments s;
    ASSERT_TRUE(split_tun_read(super, h, s.next()));
    GroWriter gro(writer_end_.get());
    for (auto& b : s.buffers)
      ASSERT_TRUE(gro.add(b));
    ASSERT_TRUE(gro.flush());
    auto written = drain(reader_end_.get());
    ASSERT_EQ(written.size(), 1u);
    VnetHeader w;
    std::memcpy(&w, written[0].data(), sizeof w);
    EXPECT_EQ(w.gso_type, v4 ? kGsoTcpV4 : kGsoTcpV6);
    EXPECT_EQ(w.gso_size, 1000);
    EXPECT_EQ(w.flags, kVnetNeedsCsum);
    Bytes merged(written[0].begin() + kVnetHeaderSize, written[0].end());
    // What the kernel would do with it: segment again, and get the very same packets.
    Segments again;
    ASSERT_TRUE(split_tun_read(merged, w, again.next()));
    ASSERT_EQ(again.buffers.size(), 21u);
    // (the segments were rewritten in place by the merge; rebuild them to compare)
    Segments fresh;
    Bytes super2 = make_tso_packet(v4, 20500, h);
    ASSERT_TRUE(split_tun_read(super2, h, fresh.next()));
    for (std::size_t i = 0; i < 21; ++i)
      EXPECT_EQ(to_hex(again.bytes(i)), to_hex(fresh.bytes(i))) << i;
  }
}

TEST_F(GroTest, OtherPacketsAreWrittenOneByOne) {
  VnetHeader h;
  Bytes super = make_tso_packet(true, 3000, h);
  Segments s;
  ASSERT_TRUE(split_tun_read(super, h, s.next()));
  Bytes udp = test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, 100);
  std::vector<std::uint8_t> storage(2048);
  std::copy(udp.begin(), udp.end(), storage.begin() + 128);
  esp::PacketBuffer u(storage.data(), storage.size(), 128, udp.size());
  GroWriter gro(writer_end_.get());
  // seg0, UDP, seg2 (a gap: seg1 missing), seg1: nothing may merge across the gap or the UDP.
  ASSERT_TRUE(gro.add(s.buffers[0]));
  ASSERT_TRUE(gro.add(u));
  ASSERT_TRUE(gro.add(s.buffers[2]));
  ASSERT_TRUE(gro.add(s.buffers[1]));
  ASSERT_TRUE(gro.flush());
  auto written = drain(reader_end_.get());
  ASSERT_EQ(written.size(), 4u);
  for (const auto& w : written) {
    VnetHeader wh;
    std::memcpy(&wh, w.data(), sizeof wh);
    EXPECT_EQ(wh.gso_type, kGsoNone);
    EXPECT_EQ(wh.flags, 0);
  }
  EXPECT_EQ(written[1].size(), kVnetHeaderSize + udp.size());
}

}  // namespace
}  // namespace oakley::dataplane::tun
