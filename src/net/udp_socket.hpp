// Opening the UDP sockets IKE needs: non-blocking, bound, with the arrival address of every
// datagram reported (IP_PKTINFO / IPV6_RECVPKTINFO) so replies on a wildcard bind leave from the
// address the peer talked to.
#pragma once

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::net {

struct UdpSocketOptions {
  int receive_buffer = 4 << 20;  // a burst of IKE_SA_INITs must not overflow the default ~200 KiB
  int send_buffer = 4 << 20;
  // IKE messages (certificates, many proposals) may exceed the path MTU; without IKE fragmentation
  // only IP fragmentation gets them through, so DF must stay clear.
  bool allow_fragments = true;
  // SO_MARK (0: none): oakleyd's own packets skip the routing table that leads into the tunnel.
  std::uint32_t mark = 0;
};

// Returns the file descriptor (owned by the caller) or an error naming the address and the reason.
Result<int> open_udp_socket(const Endpoint& local, const UdpSocketOptions& options);
// The address and port the kernel actually bound (port 0 in the request means "any free port").
Result<Endpoint> bound_endpoint(int fd);

}  // namespace oakley::net
