// How the engines hand a finished IKE message to the network: net's UDP sockets (SocketSender) in
// the daemon and the load generator, a fake network in tests. An interface of common types only,
// like TimerService and WorkPool, so that net implements it without knowing the engines.
#pragma once

#include <optional>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley {

class PacketSender {
 public:
  virtual ~PacketSender() = default;
  // `local` picks the socket (port 500 or the NAT-T port, which adds the non-ESP marker) and the
  // source address; `message` is the IKE message without a marker.
  virtual void send(const Endpoint& local, const Endpoint& remote, ByteView message) = 0;
  // An RFC 3948 NAT keepalive (one 0xff byte) from `local` to `remote`.
  virtual void send_keepalive(const Endpoint& local, const Endpoint& remote) = 0;
  // The address this host would send from to reach `remote` (a route lookup), so NAT detection
  // and identities use the real address when local_addrs is %any. nullopt: unknown.
  virtual std::optional<IpAddress> source_for(const IpAddress& remote) = 0;
};

}  // namespace oakley
