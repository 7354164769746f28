// SocketSender: the engines' PacketSender on the real UDP sockets (IkeSockets) of oakleyd and
// oakload, plus the route lookup that tells which local address reaches a peer.
#pragma once

#include "common/packet_sender.hpp"
#include "net/ike_sockets.hpp"

namespace oakley::net {

class SocketSender final : public PacketSender {
 public:
  explicit SocketSender(IkeSockets& sockets) : sockets_(sockets) {}

  void send(const Endpoint& local, const Endpoint& remote, ByteView message) override;
  void send_keepalive(const Endpoint& local, const Endpoint& remote) override;
  // Asks the kernel's routing table: a connected UDP socket's local address (nothing is sent).
  std::optional<IpAddress> source_for(const IpAddress& remote) override;

 private:
  IkeSockets& sockets_;
};

}  // namespace oakley::net
