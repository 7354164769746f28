#include "net/udp_io.hpp"

#include <fmt/format.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include "net/sockaddr.hpp"

namespace oakley::net {
namespace {

std::optional<IpAddress> pktinfo_address(const msghdr& header) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&header), c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({reinterpret_cast<const std::uint8_t*>(&info.ipi_addr), 4});
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return IpAddress::from_bytes({info.ipi6_addr.s6_addr, 16});
    }
  }
  return std::nullopt;
}

// Builds the PKTINFO control message that pins the source address; returns its length.
std::size_t put_source(const IpAddress& source, std::uint8_t* control, std::size_t capacity,
                       msghdr& header) {
  header.msg_control = control;
  header.msg_controllen = capacity;
  cmsghdr* c = CMSG_FIRSTHDR(&header);
  if (source.is_v4()) {
    in_pktinfo info{};
    std::memcpy(&info.ipi_spec_dst, source.bytes().data(), 4);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    return CMSG_SPACE(sizeof info);
  }
  in6_pktinfo info{};
  std::memcpy(info.ipi6_addr.s6_addr, source.bytes().data(), 16);
  c->cmsg_level = IPPROTO_IPV6;
  c->cmsg_type = IPV6_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  return CMSG_SPACE(sizeof info);
}

}  // namespace

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
  if (auto remote = from_sockaddr(static_cast<const sockaddr*>(h.msg_name), h.msg_namelen))
    m.remote = *remote;
  m.local = pktinfo_address(h);
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
  header.msg_namelen = to_sockaddr(remote, address);
  header.msg_iov = iov.data();
  header.msg_iovlen = parts.size();
  alignas(cmsghdr) std::uint8_t control[64] = {};
  if (source && !source->is_unspecified())
    header.msg_controllen = put_source(*source, control, sizeof control, header);
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
