#include "net/sockaddr.hpp"

#include <netinet/in.h>

#include <cstring>

namespace oakley::net {

int address_family(IpAddress::Family family) {
  return family == IpAddress::Family::kV4 ? AF_INET : AF_INET6;
}

socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  auto raw = endpoint.address.bytes();
  if (endpoint.address.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(endpoint.port);
    std::memcpy(&sin->sin_addr, raw.data(), raw.size());
    return sizeof(sockaddr_in);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(endpoint.port);
  std::memcpy(&sin6->sin6_addr, raw.data(), raw.size());
  return sizeof(sockaddr_in6);
}

std::optional<Endpoint> from_sockaddr(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(address);
    auto ip = IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&sin->sin_addr), 4});
    return Endpoint{*ip, ntohs(sin->sin_port)};
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(address);
    auto ip = IpAddress::from_bytes({sin6->sin6_addr.s6_addr, 16});
    return Endpoint{*ip, ntohs(sin6->sin6_port)};
  }
  return std::nullopt;
}

}  // namespace oakley::net
