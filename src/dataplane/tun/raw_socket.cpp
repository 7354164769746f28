#include "dataplane/tun/raw_socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace oakley::dataplane::tun {

void enlarge_socket_buffers(int fd, int bytes) {
  for (auto [force, plain] : {std::pair{SO_RCVBUFFORCE, SO_RCVBUF}, {SO_SNDBUFFORCE, SO_SNDBUF}})
    if (::setsockopt(fd, SOL_SOCKET, force, &bytes, sizeof bytes) != 0)
      ::setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof bytes);
}

Result<Fd> open_raw_esp_socket(IpAddress::Family family, std::uint32_t mark) {
  const bool v6 = family == IpAddress::Family::kV6;
  Fd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ESP));
  const char* name = v6 ? "IPv6" : "IPv4";
  if (!fd.valid())
    return make_error(std::string("raw ESP socket (") + name + "): " + std::strerror(errno) +
                          (errno == EPERM ? " (needs CAP_NET_RAW)" : ""),
                      errno);
  const int on = 1;
  if (v6 && ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) != 0)
    return make_error(std::string("IPV6_RECVPKTINFO: ") + std::strerror(errno));
  if (mark != 0 && ::setsockopt(fd.get(), SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0)
    return make_error(std::string("SO_MARK on the raw ESP socket: ") + std::strerror(errno) +
                      " (needs CAP_NET_ADMIN)");
  enlarge_socket_buffers(fd.get(), 8 << 20);
  return fd;
}

}  // namespace oakley::dataplane::tun
