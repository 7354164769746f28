#include "sockio/sockaddr.hpp"

#include <netinet/in.h>

#include <cstring>

namespace oakley::sockio {

int address_family(IpAddress::Family family) {
  return family == IpAddress::Family::kV4 ? AF_INET : AF_INET6;
}

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

socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out) {
  return to_sockaddr(endpoint.address, endpoint.port, out);
}

// Copies out of the caller's buffer: it may be a plain sockaddr, too small to cast to the
// family's structure.
std::optional<Endpoint> from_sockaddr(const sockaddr* address, socklen_t length) {
  if (address == nullptr || length < static_cast<socklen_t>(sizeof(sa_family_t)))
    return std::nullopt;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in sin;
    std::memcpy(&sin, address, sizeof sin);
    auto ip = IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&sin.sin_addr), 4});
    return Endpoint{*ip, ntohs(sin.sin_port)};
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, address, sizeof sin6);
    auto ip = IpAddress::from_bytes({sin6.sin6_addr.s6_addr, 16});
    return Endpoint{*ip, ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

std::optional<Endpoint> from_sockaddr(const sockaddr_storage& address, socklen_t length) {
  return from_sockaddr(reinterpret_cast<const sockaddr*>(&address), length);
}

}  // namespace oakley::sockio
