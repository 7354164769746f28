// A bare HTTP/1.1 client for the metrics endpoint tests: sends the bytes given, returns every
// byte the server sent until it closed (or `timeout` passed). Bytes on purpose: the tests send
// malformed requests no HTTP library would.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace oakley::daemon::testing {

// Connected TCP socket to 127.0.0.x:port, or -1.
inline int connect_tcp(const std::string& address, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sin.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the peer closes or nothing arrives for `timeout`.
inline std::string read_all(int fd, std::chrono::milliseconds timeout) {
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) break;
    auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

inline std::string http_exchange(std::uint16_t port, const std::string& request,
                                 const std::string& address = "127.0.0.1",
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  int fd = connect_tcp(address, port);
  if (fd < 0) return "connect failed";
  std::size_t sent = 0;
  while (sent < request.size()) {
    auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  auto reply = read_all(fd, timeout);
  ::close(fd);
  return reply;
}

inline std::string get(std::uint16_t port, const std::string& path) {
  return http_exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

// The status code of a response ("HTTP/1.1 200 OK" → 200), 0 if none.
inline int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

inline std::string body_of(const std::string& response) {
  auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace oakley::daemon::testing
