// Batched receive (recvmmsg) and source-address-pinned send (sendmsg + PKTINFO) on UDP sockets
// opened by open_udp_socket().
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::net {

// Buffers for several datagrams, reused across wakeups so the receive path does not allocate.
// One instance serves every socket of a thread.
class RecvBatch {
 public:
  static constexpr std::size_t kMessages = 16;
  static constexpr std::size_t kBufferSize = 65536;  // the largest UDP payload fits

  struct Message {
    ByteView data;
    Endpoint remote;
    std::optional<IpAddress> local;  // from PKTINFO; absent if the kernel gave none
    bool truncated = false;
  };

  RecvBatch();
  // Reads what is waiting, without blocking: the count (0 when nothing was waiting) or an error.
  Result<std::size_t> receive(int fd);
  Message message(std::size_t index) const;

 private:
  // CMSG_SPACE(sizeof(in6_pktinfo)) is 40; control data must be aligned like cmsghdr.
  struct alignas(cmsghdr) Control {
    std::uint8_t bytes[64];
  };
  std::vector<std::uint8_t> buffers_;
  std::array<iovec, kMessages> iov_{};
  std::array<sockaddr_storage, kMessages> names_{};
  std::array<Control, kMessages> control_{};
  std::array<mmsghdr, kMessages> headers_{};
};

// Sends the concatenation of `parts` (no copy: scatter-gather) to `remote`. With `source`, the
// datagram leaves from that local address even on a wildcard-bound socket.
Status send_from(int fd, const std::optional<IpAddress>& source, const Endpoint& remote,
                 std::span<const ByteView> parts);

}  // namespace oakley::net
