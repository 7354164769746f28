#include "dataplane/tun/batch.hpp"

#include <netinet/udp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sockio/sockaddr.hpp"

namespace oakley::dataplane::tun {

RecvBatch::RecvBatch(std::size_t max_packet)
    : capacity_(kHeadroom + max_packet + kTailroom), storage_(capacity_ * kBatchSize) {
  for (std::size_t i = 0; i < kBatchSize; ++i)
    reset_slot(i);
}

void RecvBatch::reset_slot(std::size_t i) {
  slots_[i].packet = esp::PacketBuffer(storage_.data() + i * capacity_, capacity_, kHeadroom, 0);
  slots_[i].truncated = false;
  iov_[i] = {storage_.data() + i * capacity_ + kHeadroom, capacity_ - kHeadroom - kTailroom};
  headers_[i] = {};
  headers_[i].msg_hdr.msg_iov = &iov_[i];
  headers_[i].msg_hdr.msg_iovlen = 1;
  headers_[i].msg_hdr.msg_name = &names_[i];
  headers_[i].msg_hdr.msg_namelen = sizeof names_[i];
  headers_[i].msg_hdr.msg_control = control_[i].bytes;
  headers_[i].msg_hdr.msg_controllen = sizeof control_[i].bytes;
}

std::size_t RecvBatch::receive(int fd) {
  for (std::size_t i = 0; i < kBatchSize; ++i)
    reset_slot(i);
  const int n = ::recvmmsg(fd, headers_.data(), kBatchSize, MSG_DONTWAIT, nullptr);
  if (n <= 0) return 0;
  for (int i = 0; i < n; ++i) {
    slots_[i].packet.reset(kHeadroom, headers_[i].msg_len);
    slots_[i].truncated = (headers_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
  }
  return static_cast<std::size_t>(n);
}

std::size_t RecvBatch::read_tun(int fd) {
  std::size_t n = 0;
  for (; n < kBatchSize; ++n) {
    reset_slot(n);
    const ssize_t r = ::read(fd, iov_[n].iov_base, iov_[n].iov_len);
    if (r <= 0) break;
    slots_[n].packet.reset(kHeadroom, static_cast<std::size_t>(r));
  }
  return n;
}

std::optional<Endpoint> RecvBatch::source(std::size_t i) const {
  return sockio::from_sockaddr(names_[i], headers_[i].msg_hdr.msg_namelen);
}

std::optional<IpAddress> RecvBatch::destination(std::size_t i) const {
  return sockio::read_pktinfo(headers_[i].msg_hdr);
}

std::size_t RecvBatch::segment_size(std::size_t i) const {
  const msghdr& m = headers_[i].msg_hdr;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&m), c)) {
    if (c->cmsg_level != SOL_UDP || c->cmsg_type != UDP_GRO) continue;
    int size = 0;
    std::memcpy(&size, CMSG_DATA(c), sizeof size);
    return size > 0 ? static_cast<std::size_t>(size) : 0;
  }
  return 0;
}

PacketPool::PacketPool(std::size_t count, std::size_t max_packet)
    : capacity_(kHeadroom + max_packet + kTailroom), storage_(capacity_ * count), buffers_(count) {}

esp::PacketBuffer* PacketPool::next() {
  if (full()) return nullptr;
  esp::PacketBuffer& b = buffers_[used_];
  b = esp::PacketBuffer(storage_.data() + used_ * capacity_, capacity_, kHeadroom, 0);
  ++used_;
  return &b;
}

void SendBatch::add(int fd, bool udp, const IpAddress& src, const IpAddress& dst,
                    std::uint16_t port, ByteView data) {
  if (count_ == kBatchSize) flush();
  entries_[count_] = {fd, udp, src, dst, port};
  iov_[count_] = {const_cast<std::uint8_t*>(data.data()), data.size()};
  ++count_;
}

// How many entries from `first` can go as one GSO datagram train: same socket and peer, all the
// size of the first except a shorter last one.
std::size_t SendBatch::run_length(std::size_t first) const {
  const Entry& e = entries_[first];
  if (!gso_ || !e.udp) return 1;
  const std::size_t size = iov_[first].iov_len;
  std::size_t n = 1;
  std::size_t bytes = size;
  while (first + n < count_ && n < kMaxGsoSegments) {
    const Entry& o = entries_[first + n];
    const std::size_t len = iov_[first + n].iov_len;
    if (o.fd != e.fd || o.dst != e.dst || o.port != e.port || o.src != e.src || len > size ||
        bytes + len > kMaxGsoBytes)
      break;
    bytes += len;
    ++n;
    if (len < size) break;  // only the last segment may be short
  }
  return n;
}

void SendBatch::build_message(std::size_t m, std::size_t first, std::size_t count) {
  const Entry& e = entries_[first];
  first_entry_[m] = first;
  entry_count_[m] = count;
  headers_[m] = {};
  msghdr& h = headers_[m].msg_hdr;
  h.msg_iov = &iov_[first];
  h.msg_iovlen = count;
  h.msg_name = &names_[m];
  h.msg_namelen = sockio::to_sockaddr(e.dst, e.port, names_[m]);
  std::size_t control = sockio::write_pktinfo(e.src, control_[m].bytes, sockio::kPktinfoSpace);
  if (count > 1) {
    // UDP_SEGMENT: the kernel cuts the train into datagrams of the first one's size.
    msghdr tmp{};
    tmp.msg_control = control_[m].bytes + control;
    tmp.msg_controllen = sizeof control_[m].bytes - control;
    cmsghdr* c = CMSG_FIRSTHDR(&tmp);
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
    const auto size = static_cast<std::uint16_t>(iov_[first].iov_len);
    std::memcpy(CMSG_DATA(c), &size, sizeof size);
    control += CMSG_SPACE(sizeof(std::uint16_t));
  }
  h.msg_control = control ? control_[m].bytes : nullptr;
  h.msg_controllen = control;
}

std::size_t SendBatch::flush() {
  std::size_t messages = 0;
  for (std::size_t i = 0; i < count_;) {
    const std::size_t n = run_length(i);
    build_message(messages++, i, n);
    i += n;
  }
  std::size_t failed = 0;
  for (std::size_t start = 0; start < messages;) {
    std::size_t end = start + 1;
    const int fd = entries_[first_entry_[start]].fd;
    while (end < messages && entries_[first_entry_[end]].fd == fd)
      ++end;
    failed += send_messages(start, end - start);
    start = end;
  }
  count_ = 0;
  return failed;
}

std::size_t SendBatch::send_messages(std::size_t first, std::size_t count) {
  const int fd = entries_[first_entry_[first]].fd;
  std::size_t failed = 0;
  for (std::size_t done = first; done < first + count;) {
    const int n = ::sendmmsg(fd, &headers_[done], static_cast<unsigned>(first + count - done), 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // The kernel refused this message (no route, full buffer, or GSO not possible here).
    failed += entry_count_[done] > 1 ? resend_separately(done) : 1;
    ++done;
  }
  return failed;
}

// A GSO train the kernel would not take goes out datagram by datagram, and GSO stays off.
std::size_t SendBatch::resend_separately(std::size_t m) {
  gso_ = false;
  std::size_t failed = 0;
  const std::size_t first = first_entry_[m];
  const std::size_t count = entry_count_[m];
  for (std::size_t i = first; i < first + count; ++i) {
    build_message(m, i, 1);
    if (::sendmsg(entries_[i].fd, &headers_[m].msg_hdr, 0) < 0) ++failed;
  }
  return failed;
}

}  // namespace oakley::dataplane::tun
