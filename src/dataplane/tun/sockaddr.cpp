#include "dataplane/tun/sockaddr.hpp"

#include <cstring>

namespace oakley::dataplane::tun {

socklen_t to_sockaddr(const IpAddress& address, std::uint16_t port, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (address.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    std::memcpy(&sin.sin_addr, address.bytes().data(), 4);
    std::memcpy(&out, &sin, sizeof sin);
    return sizeof sin;
  }
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(port);
  std::memcpy(&sin6.sin6_addr, address.bytes().data(), 16);
  std::memcpy(&out, &sin6, sizeof sin6);
  return sizeof sin6;
}

std::optional<Endpoint> from_sockaddr(const sockaddr_storage& address, socklen_t length) {
  if (address.ss_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in sin;
    std::memcpy(&sin, &address, sizeof sin);
    return Endpoint{
        *IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&sin.sin_addr), 4}),
        ntohs(sin.sin_port)};
  }
  if (address.ss_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, &address, sizeof sin6);
    auto a = *IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&sin6.sin6_addr), 16});
    return Endpoint{a, ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

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
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&info.ipi_addr), 4});
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&info.ipi6_addr), 16});
    }
  }
  return std::nullopt;
}

}  // namespace oakley::dataplane::tun
