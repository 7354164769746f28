// TUN offloads (IFF_VNET_HDR), the way virtio-net devices do them: the kernel hands us TCP
// super-packets of up to 64 KiB (TSO) and partially checksummed packets, and accepts coalesced
// TCP super-packets (GRO). Cutting one TUN read/write and one pass through the TCP stack per 1400
// bytes down to one per ~64 KiB is what takes the userspace data plane from below to well above a
// gigabit. ESP itself still sees ordinary MTU-sized packets.
#pragma once

#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/bytes.hpp"
#include "dataplane/esp/packet_buffer.hpp"

namespace oakley::dataplane::tun {

// struct VnetHeader of <linux/virtio_net.h>, which C++ cannot include (a member is named
// `class`). Host byte order (legacy virtio, as TUN uses it without TUNSETVNETBE/LE).
struct VnetHeader {
  std::uint8_t flags = 0;
  std::uint8_t gso_type = 0;
  std::uint16_t hdr_len = 0;
  std::uint16_t gso_size = 0;
  std::uint16_t csum_start = 0;
  std::uint16_t csum_offset = 0;
};
static_assert(sizeof(VnetHeader) == 10);
inline constexpr std::size_t kVnetHeaderSize = sizeof(VnetHeader);
inline constexpr std::uint8_t kVnetNeedsCsum = 1;  // VIRTIO_NET_HDR_F_NEEDS_CSUM
inline constexpr std::uint8_t kGsoNone = 0;        // VIRTIO_NET_HDR_GSO_NONE
inline constexpr std::uint8_t kGsoTcpV4 = 1;
inline constexpr std::uint8_t kGsoTcpV6 = 4;
inline constexpr std::uint8_t kGsoEcn = 0x80;

// One's complement sum of `data` in native word order (RFC 1071: the byte order of the words
// does not matter as long as the result is stored the same way).
std::uint64_t checksum_native(ByteView data, std::uint64_t sum = 0);
std::uint16_t checksum_fold_native(std::uint64_t sum);  // folded, not complemented

// Fills in the checksum the kernel left partial (kVnetNeedsCsum): the field holds
// the pseudo-header sum; the rest of the packet from csum_start must be added.
bool complete_checksum(MutableByteView packet, const VnetHeader& h);

// Splits a TUN read (virtio header already removed) into MTU-sized IP packets: a TSO super-packet
// into TCP segments with their own lengths, sequence numbers and checksums; anything else as is
// (with its checksum completed). Each packet is written into the buffer `next_buffer()` returns
// (which must have room for it); returns false if the read is malformed.
bool split_tun_read(MutableByteView packet, const VnetHeader& h,
                    const std::function<esp::PacketBuffer*()>& next_buffer);

// Coalesces decrypted TCP segments of one flow that arrive back to back into a GRO super-packet
// for a single TUN write, without copying: the first packet's headers are rewritten in place and
// the others' payloads are gathered with writev().
class GroWriter {
 public:
  static constexpr std::size_t kMaxSegments = 64;

  explicit GroWriter(int tun_fd) : fd_(tun_fd) {}
  // Queues a decrypted IP packet (the buffer needs kVnetHeaderSize of headroom and must stay
  // untouched until flush()). Returns false if a write failed.
  bool add(esp::PacketBuffer& packet);
  // Writes what is queued. Returns false if the write failed.
  bool flush();

 private:
  struct Flow;
  bool start(esp::PacketBuffer& packet);
  bool mergeable(const esp::PacketBuffer& packet) const;
  bool write_single(esp::PacketBuffer& packet);
  bool write_merged();

  int fd_;
  esp::PacketBuffer* first_ = nullptr;  // the run being built
  std::size_t ip_header_ = 0;
  std::size_t headers_ = 0;  // IP + TCP header length of the run
  std::size_t segment_ = 0;  // payload of the first segment (the GSO size)
  std::size_t total_ = 0;    // bytes of the merged packet so far
  std::uint32_t next_seq_ = 0;
  bool closed_ = false;  // a short segment or PSH ended the run
  std::size_t count_ = 0;
  std::array<iovec, kMaxSegments + 1> iov_{};
};

}  // namespace oakley::dataplane::tun
