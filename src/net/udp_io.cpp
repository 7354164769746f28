#include "net/udp_io.hpp"

#include <fmt/format.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include "sockio/pktinfo.hpp"
#include "sockio/sockaddr.hpp"

namespace oakley::net {

RecvBatch::RecvBatch() : buffers_(kMessages * kBufferSize) {}

Result<std::size_t> RecvBatch::receive(int fd) {
  for (std::size_t i = 0; i < kMessages; ++i) {
    iov_[i] = {buffers_.data() + i * kBufferSize, kBufferSize};
    msghdr& h = headers_[i].msg_hdr;
    h = msghdr{};
    h.msg_name = &names_[i];
    h.msg_namelen = sizeof names_[i];
    h.msg_iov = &iov_[i];
    h.msg_iovlen = 1;
    h.msg_control = control_[i].bytes;
    h.msg_controllen = sizeof control_[i].bytes;
    headers_[i].msg_len = 0;
  }
  int n;
  do {
    n = ::recvmmsg(fd, headers_.data(), kMessages, MSG_DONTWAIT, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n >= 0) return static_cast<std::size_t>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK) return std::size_t{0};
  return make_error(fmt::format("recvmmsg failed: {}", std::strerror(errno)), errno);
}

RecvBatch::Message RecvBatch::message(std::size_t index) const {
  const msghdr& h = headers_[index].msg_hdr;
  Message m;
  std::size_t length = std::min<std::size_t>(headers_[index].msg_len, kBufferSize);
  m.data = ByteView(buffers_.data() + index * kBufferSize, length);
  if (auto remote = sockio::from_sockaddr(static_cast<const sockaddr*>(h.msg_name), h.msg_namelen))
    m.remote = *remote;
  m.local = sockio::read_pktinfo(h);
  m.truncated = (h.msg_flags & MSG_TRUNC) != 0;
  return m;
}

Status send_from(int fd, const std::optional<IpAddress>& source, const Endpoint& remote,
                 std::span<const ByteView> parts) {
  constexpr std::size_t kMaxParts = 4;
  if (parts.size() > kMaxParts) return make_error("send_from: too many parts");
  std::array<iovec, kMaxParts> iov{};
  for (std::size_t i = 0; i < parts.size(); ++i)
    iov[i] = {const_cast<std::uint8_t*>(parts[i].data()), parts[i].size()};
  sockaddr_storage address;
  msghdr header{};
  header.msg_name = &address;
  header.msg_namelen = sockio::to_sockaddr(remote, address);
  header.msg_iov = iov.data();
  header.msg_iovlen = parts.size();
  alignas(cmsghdr) std::uint8_t control[sockio::kPktinfoSpace] = {};
  if (source) {
    header.msg_controllen = sockio::write_pktinfo(*source, control, sizeof control);
    if (header.msg_controllen != 0) header.msg_control = control;
  }
  ssize_t sent;
  do {
    sent = ::sendmsg(fd, &header, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent >= 0) return {};
  return make_error(
      fmt::format("sendmsg to {}{} failed: {}", remote.to_string(),
                  source ? " from " + source->to_string() : std::string{}, std::strerror(errno)),
      errno);
}

}  // namespace oakley::net
