// Conversions between oakley::Endpoint and the BSD socket address structures.
#pragma once

#include <sys/socket.h>

#include <optional>

#include "common/ip_address.hpp"

namespace oakley::net {

// Fills `out` and returns the length to pass to the socket call.
socklen_t to_sockaddr(const Endpoint& endpoint, sockaddr_storage& out);
std::optional<Endpoint> from_sockaddr(const sockaddr* address, socklen_t length);
int address_family(IpAddress::Family family);

}  // namespace oakley::net
