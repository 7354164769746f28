// Raw IP sockets for plain ESP (protocol 50). The kernel builds the outer IP header on send; on
// receive IPv4 sockets deliver the IP header too, IPv6 sockets only the payload (the destination
// comes from IPV6_PKTINFO). Every raw ESP socket gets a copy of every ESP packet, so a backend
// opens one per family and its workers share it.
#pragma once

#include <cstdint>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "dataplane/tun/fd.hpp"

namespace oakley::dataplane::tun {

// `mark` (SO_MARK, 0: none) lets the packets skip the routing table that leads into the tunnel.
Result<Fd> open_raw_esp_socket(IpAddress::Family family, std::uint32_t mark = 0);

// Asks for large socket buffers (bursts at multi-gigabit rates); as root beyond rmem_max.
void enlarge_socket_buffers(int fd, int bytes);

}  // namespace oakley::dataplane::tun
