// SocketSender: the engines' PacketSender on the daemon's real UDP sockets (net::IkeSockets), plus
// the route lookup that tells which local address reaches a peer.
#pragma once

#include "ike/packet_sender.hpp"
#include "net/ike_sockets.hpp"

namespace oakley::daemon {

class SocketSender final : public ike::PacketSender {
 public:
  explicit SocketSender(net::IkeSockets& sockets) : sockets_(sockets) {}

  void send(const Endpoint& local, const Endpoint& remote, ByteView message) override;
  void send_keepalive(const Endpoint& local, const Endpoint& remote) override;
  // Asks the kernel's routing table: a connected UDP socket's local address (nothing is sent).
  std::optional<IpAddress> source_for(const IpAddress& remote) override;

 private:
  net::IkeSockets& sockets_;
};

}  // namespace oakley::daemon
