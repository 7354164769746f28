// One UDP datagram as the IKE engines and the data plane see it: payload plus the two endpoints.
// `local` is the address the datagram was sent to (from IP_PKTINFO), so a reply leaves from it.
#pragma once

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::net {

struct Datagram {
  Bytes data;
  Endpoint local;
  Endpoint remote;
};

}  // namespace oakley::net
