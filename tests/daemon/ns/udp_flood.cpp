// sys-udp-flood: sends UDP datagrams that start with the RFC 3948 non-ESP marker (four zero bytes,
// "this is IKE") followed by junk, as fast as sendmmsg() goes, for the namespace flood test.
//   sys-udp-flood ADDRESS PORT SECONDS [SIZE]
// Prints the number of datagrams sent. The junk is not IKE of either version: it costs the daemon
// a copy and a failed parse, and must never cost it unbounded memory.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ADDRESS PORT SECONDS [SIZE]\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[2]);
  const double seconds = std::atof(argv[3]);
  const std::size_t size = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 200;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  if (size < 8 || ::inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
    std::fprintf(stderr, "bad address or size\n");
    return 2;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    std::perror("socket/connect");
    return 1;
  }
  constexpr std::size_t kBatch = 64;
  std::vector<unsigned char> payload(size, 0xa5);
  std::memset(payload.data(), 0, 4);  // the non-ESP marker
  std::vector<iovec> iov(kBatch, iovec{payload.data(), payload.size()});
  std::vector<mmsghdr> msgs(kBatch);
  for (std::size_t i = 0; i < kBatch; ++i) {
    msgs[i] = {};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  unsigned long long sent = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    const int n = ::sendmmsg(fd, msgs.data(), kBatch, 0);
    if (n > 0) sent += static_cast<unsigned>(n);
  }
  std::printf("%llu\n", sent);
  return 0;
}
