// IkeSockets' per-socket state, shared by its lifecycle, receive and send files. Not public.
#pragma once

#include <asio/ip/udp.hpp>

#include "net/ike_sockets.hpp"

namespace oakley::net {

struct IkeSockets::Socket {
  Socket(asio::io_context& io, SocketKind k) : kind(k), io_socket(io) {}
  SocketKind kind;
  Endpoint local;
  asio::ip::udp::socket io_socket;
  std::uint64_t generation = 0;  // bumped to disown waits when reading stops or restarts
  int fd = -1;                   // owned by io_socket
};

}  // namespace oakley::net
