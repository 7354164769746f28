// IpAddress / Endpoint <-> BSD socket addresses, and the IP_PKTINFO / IPV6_PKTINFO control
// messages that pin or report the local address of a datagram.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <optional>

#include "common/ip_address.hpp"

namespace oakley::dataplane::tun {

socklen_t to_sockaddr(const IpAddress& address, std::uint16_t port, sockaddr_storage& out);
std::optional<Endpoint> from_sockaddr(const sockaddr_storage& address, socklen_t length);

// Room for one PKTINFO control message of either family.
inline constexpr std::size_t kPktinfoSpace = CMSG_SPACE(sizeof(in6_pktinfo));

// Writes a PKTINFO message that makes the kernel send from `source`; returns the control length
// (0 when `source` is unspecified, i.e. let the kernel choose).
std::size_t write_pktinfo(const IpAddress& source, void* control, std::size_t space);
// The local (destination) address reported by a received PKTINFO message, if any.
std::optional<IpAddress> read_pktinfo(const msghdr& message);

}  // namespace oakley::dataplane::tun
