// Conversions between oakley::Endpoint and the BSD socket address structures.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <optional>

#include "common/ip_address.hpp"

namespace oakley::sockio {

int address_family(IpAddress::Family family);

// Fill `out` and return the length to pass to the socket call.
socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out);
socklen_t to_sockaddr(const IpAddress& address, std::uint16_t port, sockaddr_storage& out);

// Nothing for a family other than IPv4/IPv6 or a length too short for it.
std::optional<Endpoint> from_sockaddr(const sockaddr* address, socklen_t length);
std::optional<Endpoint> from_sockaddr(const sockaddr_storage& address, socklen_t length);

}  // namespace oakley::sockio
