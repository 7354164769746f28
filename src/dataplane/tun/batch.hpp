// Batched packet I/O for a worker: a set of preallocated packet buffers filled by one recvmmsg()
// or by repeated TUN reads, and a send list flushed with one sendmmsg() per socket. Nothing is
// allocated per packet; the buffers keep headroom so ESP headers are added in place.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/ip_address.hpp"
#include "dataplane/esp/packet_buffer.hpp"
#include "sockio/pktinfo.hpp"

namespace oakley::dataplane::tun {

inline constexpr std::size_t kBatchSize = 64;
inline constexpr std::size_t kHeadroom = 128;  // ESP header + IV, a rebuilt IP header
inline constexpr std::size_t kTailroom = 128;  // padding, trailer, ICV

class RecvBatch {
 public:
  // `max_packet`: the largest packet to receive whole (longer ones are counted as truncated).
  explicit RecvBatch(std::size_t max_packet);

  // recvmmsg() of what is waiting on a socket; the count (0 when nothing was waiting).
  std::size_t receive(int fd);
  // Non-blocking reads of up to kBatchSize packets from a TUN queue; the count.
  std::size_t read_tun(int fd);

  esp::PacketBuffer& packet(std::size_t i) { return slots_[i].packet; }
  bool truncated(std::size_t i) const { return slots_[i].truncated; }
  std::optional<Endpoint> source(std::size_t i) const;
  std::optional<IpAddress> destination(std::size_t i) const;  // from PKTINFO
  // With UDP_GRO on the socket: the size of the datagrams the kernel coalesced into this
  // buffer (the last may be shorter); 0 for a single datagram.
  std::size_t segment_size(std::size_t i) const;

 private:
  struct alignas(cmsghdr) Control {
    std::uint8_t bytes[64];
  };
  struct Slot {
    esp::PacketBuffer packet;
    bool truncated = false;
  };
  void reset_slot(std::size_t i);

  std::size_t capacity_;
  std::vector<std::uint8_t> storage_;
  std::array<Slot, kBatchSize> slots_{};
  std::array<iovec, kBatchSize> iov_{};
  std::array<sockaddr_storage, kBatchSize> names_{};
  std::array<Control, kBatchSize> control_{};
  std::array<mmsghdr, kBatchSize> headers_{};
};

// Buffers for the packets one TUN read turns into (TSO segments), reused batch after batch.
class PacketPool {
 public:
  PacketPool(std::size_t count, std::size_t max_packet);
  // An empty buffer (data at kHeadroom), or nullptr when all are in use.
  esp::PacketBuffer* next();
  std::size_t size() const { return used_; }
  bool full() const { return used_ == buffers_.size(); }
  esp::PacketBuffer& at(std::size_t i) { return buffers_[i]; }
  void clear() { used_ = 0; }

 private:
  std::size_t capacity_;
  std::vector<std::uint8_t> storage_;
  std::vector<esp::PacketBuffer> buffers_;
  std::size_t used_ = 0;
};

// Packets to send, pointing into receive or pool buffers (which must stay untouched until
// flush()). Runs of equal-sized ESP-in-UDP packets to one peer go out as one UDP GSO send
// (UDP_SEGMENT): one trip through the stack for up to kMaxGsoSegments packets.
class SendBatch {
 public:
  static constexpr std::size_t kMaxGsoSegments = 64;
  static constexpr std::size_t kMaxGsoBytes = 65000;

  // Queues `data` for `fd`, to dst:port (port 0 for raw sockets), from `src` (unspecified: let
  // the kernel choose). `udp`: the socket is a UDP socket (GSO allowed). Flushes when full.
  void add(int fd, bool udp, const IpAddress& src, const IpAddress& dst, std::uint16_t port,
           ByteView data);
  // Sends everything queued with as few sendmmsg() calls as possible. Returns how many packets
  // could not be sent.
  std::size_t flush();
  bool empty() const { return count_ == 0; }

 private:
  struct Entry {
    int fd;
    bool udp;
    IpAddress src;
    IpAddress dst;
    std::uint16_t port;
  };
  struct alignas(cmsghdr) Control {
    std::uint8_t bytes[sockio::kPktinfoSpace + CMSG_SPACE(sizeof(std::uint16_t))];
  };
  std::size_t run_length(std::size_t first) const;
  void build_message(std::size_t message, std::size_t first, std::size_t count);
  std::size_t send_messages(std::size_t first, std::size_t count);
  std::size_t resend_separately(std::size_t message);

  std::array<Entry, kBatchSize> entries_{};
  std::array<iovec, kBatchSize> iov_{};
  // Per message: where its entries start and how many.
  std::array<std::size_t, kBatchSize> first_entry_{};
  std::array<std::size_t, kBatchSize> entry_count_{};
  std::array<sockaddr_storage, kBatchSize> names_{};
  std::array<Control, kBatchSize> control_{};
  std::array<mmsghdr, kBatchSize> headers_{};
  std::size_t count_ = 0;
  bool gso_ = true;  // off for good once the kernel refused a GSO send
};

}  // namespace oakley::dataplane::tun
