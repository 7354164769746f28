#include "net/udp_socket.hpp"

#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sockio/sockaddr.hpp"

namespace oakley::net {
namespace {

Error socket_error(std::string_view what, const Endpoint& local) {
  return make_error(
      fmt::format("UDP socket {}: {} failed: {}", local.to_string(), what, std::strerror(errno)),
      errno);
}

bool set_int(int fd, int level, int name, int value) {
  return ::setsockopt(fd, level, name, &value, sizeof value) == 0;
}

// Root may exceed net.core.rmem_max with the *FORCE variants; others get what the sysctl allows.
void set_buffer(int fd, int force_name, int name, int bytes) {
  if (!set_int(fd, SOL_SOCKET, force_name, bytes)) set_int(fd, SOL_SOCKET, name, bytes);
}

Status configure(int fd, const Endpoint& local, const UdpSocketOptions& options) {
  if (!set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1)) return socket_error("SO_REUSEADDR", local);
  set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, options.receive_buffer);
  set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, options.send_buffer);
  if (options.mark != 0 &&
      ::setsockopt(fd, SOL_SOCKET, SO_MARK, &options.mark, sizeof options.mark))
    return socket_error("SO_MARK (needs CAP_NET_ADMIN)", local);
  if (local.address.is_v4()) {
    if (!set_int(fd, IPPROTO_IP, IP_PKTINFO, 1)) return socket_error("IP_PKTINFO", local);
    if (options.allow_fragments && !set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT))
      return socket_error("IP_MTU_DISCOVER", local);
    return {};
  }
  // The IPv4 wildcard has its own socket; a dual-stack v6 socket would collide with it.
  if (!set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1)) return socket_error("IPV6_V6ONLY", local);
  if (!set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1))
    return socket_error("IPV6_RECVPKTINFO", local);
  if (options.allow_fragments && !set_int(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DONT))
    return socket_error("IPV6_MTU_DISCOVER", local);
  return {};
}

}  // namespace

Result<int> open_udp_socket(const Endpoint& local, const UdpSocketOptions& options) {
  int fd = ::socket(sockio::address_family(local.address.family()),
                    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return socket_error("socket()", local);
  if (auto status = configure(fd, local, options); !status) {
    ::close(fd);
    return status.take_error();
  }
  sockaddr_storage address;
  socklen_t length = sockio::to_sockaddr(local, address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    Error error = socket_error("bind", local);
    ::close(fd);
    return error;
  }
  return fd;
}

Result<Endpoint> bound_endpoint(int fd) {
  sockaddr_storage address;
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return make_error(fmt::format("getsockname failed: {}", std::strerror(errno)), errno);
  auto endpoint = sockio::from_sockaddr(address, length);
  if (!endpoint) return make_error("getsockname returned a non-IP address");
  return *endpoint;
}

}  // namespace oakley::net
