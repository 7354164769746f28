#include "sockio/pktinfo.hpp"

#include <cstring>

namespace oakley::sockio {

std::size_t write_pktinfo(const IpAddress& source, void* control, std::size_t space) {
  if (source.is_unspecified() || space < kPktinfoSpace) return 0;
  std::memset(control, 0, space);
  msghdr m{};
  m.msg_control = control;
  m.msg_controllen = space;
  cmsghdr* c = CMSG_FIRSTHDR(&m);
  if (source.is_v4()) {
    in_pktinfo info{};
    std::memcpy(&info.ipi_spec_dst, source.bytes().data(), 4);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    return CMSG_SPACE(sizeof info);
  }
  in6_pktinfo info{};
  std::memcpy(&info.ipi6_addr, source.bytes().data(), 16);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  return CMSG_SPACE(sizeof info);
}

std::optional<IpAddress> read_pktinfo(const msghdr& message) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&message), c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
        c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&info.ipi_addr), 4});
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO &&
        c->cmsg_len >= CMSG_LEN(sizeof(in6_pktinfo))) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&info.ipi6_addr), 16});
    }
  }
  return std::nullopt;
}

}  // namespace oakley::sockio
