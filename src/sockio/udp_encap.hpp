// RFC 3948 demultiplexing on the NAT-T port: IKE messages carry a 4-byte zero "non-ESP marker"
// (an ESP SPI is never zero), a lone 0xff byte is a NAT keepalive, anything else is ESP. The one
// classification both readers of a NAT-T socket use (the IKE loop, and the data plane's threads
// when they read it).
#pragma once

#include <array>
#include <cstdint>

#include "common/bytes.hpp"

namespace oakley::sockio {

inline constexpr std::array<std::uint8_t, 4> kNonEspMarker = {0, 0, 0, 0};
inline constexpr std::uint8_t kNatKeepalive = 0xff;
// SPI + sequence number: anything shorter cannot be ESP.
inline constexpr std::size_t kMinEspLength = 8;
// The ISAKMP / IKEv2 header: a shorter message behind the marker is not IKE of either version,
// and is dropped here rather than queued for the IKE loop.
inline constexpr std::size_t kMinIkeLength = 28;

enum class UdpEncapKind { kIke, kEsp, kKeepalive, kRunt };

struct UdpEncapPayload {
  UdpEncapKind kind;
  ByteView payload;  // for kIke without the marker; for kEsp the whole datagram
};

// Inline: the data plane runs it once per ESP-in-UDP packet.
inline UdpEncapPayload classify_udp_encap(ByteView datagram) {
  if (datagram.size() == 1 && datagram[0] == kNatKeepalive) return {UdpEncapKind::kKeepalive, {}};
  if (datagram.size() < kNonEspMarker.size()) return {UdpEncapKind::kRunt, datagram};
  if (datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0) {
    auto ike = datagram.subspan(kNonEspMarker.size());
    return {ike.size() < kMinIkeLength ? UdpEncapKind::kRunt : UdpEncapKind::kIke, ike};
  }
  if (datagram.size() < kMinEspLength) return {UdpEncapKind::kRunt, datagram};
  return {UdpEncapKind::kEsp, datagram};
}

}  // namespace oakley::sockio
