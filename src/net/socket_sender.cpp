#include "net/socket_sender.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include "common/log.hpp"
#include "sockio/sockaddr.hpp"

namespace oakley::net {

void SocketSender::send(const Endpoint& local, const Endpoint& remote, ByteView message) {
  if (auto st = sockets_.send(local, remote, message); !st) {
    log::warn("net", "sending {} bytes to {} failed: {}", message.size(), remote.to_string(),
              st.error().message);
  }
}

void SocketSender::send_keepalive(const Endpoint& local, const Endpoint& remote) {
  if (auto st = sockets_.send_keepalive(local, remote); !st) {
    log::debug("net", "NAT keepalive to {} failed: {}", remote.to_string(), st.error().message);
  }
}

std::optional<IpAddress> SocketSender::source_for(const IpAddress& remote) {
  int fd = ::socket(sockio::address_family(remote.family()), SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  // Marked like our IKE sockets, the lookup takes the route our packets to the peer will take,
  // not the tunnel's (routes.hpp).
  if (const std::uint32_t mark = sockets_.mark(); mark != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark);
  sockaddr_storage peer{};
  socklen_t peer_len = sockio::to_sockaddr(Endpoint{remote, 500}, peer);
  std::optional<IpAddress> result;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&peer), peer_len) == 0) {
    sockaddr_storage self{};
    socklen_t self_len = sizeof self;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&self), &self_len) == 0) {
      if (auto ep = sockio::from_sockaddr(reinterpret_cast<const sockaddr*>(&self), self_len)) {
        result = ep->address;
      }
    }
  }
  ::close(fd);
  return result;
}

}  // namespace oakley::net
