#include "sockio/udp_encap.hpp"

#include <gtest/gtest.h>

namespace oakley::sockio {
namespace {

UdpEncapKind kind_of(Bytes data) {
  return classify_udp_encap(data).kind;
}

TEST(UdpEncap, KeepaliveIsOneFfByte) {
  EXPECT_EQ(kind_of({0xff}), UdpEncapKind::kKeepalive);
  EXPECT_EQ(kind_of({0xfe}), UdpEncapKind::kRunt);
}

TEST(UdpEncap, MarkerMeansIkeAndIsStripped) {
  Bytes datagram = {0, 0, 0, 0};
  for (std::size_t i = 0; i < kMinIkeLength; ++i)
    datagram.push_back(static_cast<std::uint8_t>(i + 1));
  auto c = classify_udp_encap(datagram);
  EXPECT_EQ(c.kind, UdpEncapKind::kIke);
  EXPECT_EQ(Bytes(c.payload.begin(), c.payload.end()), Bytes(datagram.begin() + 4, datagram.end()));
}

// Nothing shorter than an IKE header is IKE of either version: dropped before it is queued for
// the IKE loop (a flood of 5-byte datagrams costs no copy).
TEST(UdpEncap, MarkerWithLessThanAnIkeHeaderIsRunt) {
  Bytes datagram(4 + kMinIkeLength - 1, 0);
  EXPECT_EQ(classify_udp_encap(datagram).kind, UdpEncapKind::kRunt);
  datagram.push_back(0);
  EXPECT_EQ(classify_udp_encap(datagram).kind, UdpEncapKind::kIke);
}

TEST(UdpEncap, NonZeroSpiIsEsp) {
  Bytes datagram = {0xc1, 0x23, 0x45, 0x67, 0, 0, 0, 1, 0xaa};
  auto c = classify_udp_encap(datagram);
  EXPECT_EQ(c.kind, UdpEncapKind::kEsp);
  EXPECT_EQ(c.payload.size(), datagram.size());
}

TEST(UdpEncap, TooShortIsRunt) {
  EXPECT_EQ(kind_of({}), UdpEncapKind::kRunt);
  EXPECT_EQ(kind_of({0, 0, 0}), UdpEncapKind::kRunt);
  EXPECT_EQ(kind_of({0, 0, 0, 0}), UdpEncapKind::kRunt);           // marker and nothing after
  EXPECT_EQ(kind_of({1, 2, 3, 4, 5, 6, 7}), UdpEncapKind::kRunt);  // SPI but no sequence number
}

}  // namespace
}  // namespace oakley::sockio
