// IP_PKTINFO / IPV6_PKTINFO control messages: which local address a datagram arrived on, and
// which one a reply must leave from (on a wildcard-bound socket the kernel would otherwise pick
// the route's preferred source, and a peer behind a NAT would see a different address).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <optional>

#include "common/ip_address.hpp"

namespace oakley::sockio {

// Room for one PKTINFO control message of either family.
inline constexpr std::size_t kPktinfoSpace = CMSG_SPACE(sizeof(in6_pktinfo));

// Writes a PKTINFO message that makes the kernel send from `source` into `control` and returns
// its length; 0 (nothing written) when `source` is unspecified or `space` is too small.
std::size_t write_pktinfo(const IpAddress& source, void* control, std::size_t space);
// The local address a received message reports, if it carries PKTINFO.
std::optional<IpAddress> read_pktinfo(const msghdr& message);

}  // namespace oakley::sockio
