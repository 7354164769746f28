// NAT detection (RFC 7296 2.23): each side sends a hash of where it sends from and where it sends
// to; a mismatch on receipt means a NAT rewrote that address. Both sides then use the NAT-T port
// and ESP goes in UDP (RFC 3948).
#pragma once

#include <vector>

#include "common/ip_address.hpp"
#include "wire/ikev2/payload.hpp"

namespace oakley::ikev2 {

// NAT_DETECTION_SOURCE_IP and _DESTINATION_IP for a message from `local` to `remote`. `fake`
// sends a source hash that cannot match, forcing UDP encapsulation (swanctl.conf encap = yes).
std::vector<wire::ikev2::Payload> nat_detection_payloads(std::uint64_t spi_i, std::uint64_t spi_r,
                                                         const Endpoint& local,
                                                         const Endpoint& remote, bool fake);

struct NatResult {
  bool present = false;        // the peer sent NAT detection payloads
  bool local_behind = false;   // our address was rewritten
  bool remote_behind = false;  // the peer's address was rewritten
};

// Checks the peer's notifies of a message that travelled from `remote` to `local`.
NatResult check_nat(const std::vector<wire::ikev2::Payload>& payloads, std::uint64_t spi_i,
                    std::uint64_t spi_r, const Endpoint& local, const Endpoint& remote);

}  // namespace oakley::ikev2
