#include "sockio/udp_encap.hpp"

#include <algorithm>

namespace oakley::sockio {

UdpEncapPayload classify_udp_encap(ByteView datagram) {
  if (datagram.size() == 1 && datagram[0] == kNatKeepalive) return {UdpEncapKind::kKeepalive, {}};
  if (datagram.size() < kNonEspMarker.size()) return {UdpEncapKind::kRunt, datagram};
  if (std::equal(kNonEspMarker.begin(), kNonEspMarker.end(), datagram.begin())) {
    auto ike = datagram.subspan(kNonEspMarker.size());
    return {ike.size() < kMinIkeLength ? UdpEncapKind::kRunt : UdpEncapKind::kIke, ike};
  }
  if (datagram.size() < kMinEspLength) return {UdpEncapKind::kRunt, datagram};
  return {UdpEncapKind::kEsp, datagram};
}

}  // namespace oakley::sockio
