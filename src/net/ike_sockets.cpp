// IkeSockets: opening, closing, sending, and what the daemon asks about the sockets.
#include "net/ike_sockets.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "common/log.hpp"
#include "net/ike_sockets_socket.hpp"
#include "sockio/udp_encap.hpp"

namespace oakley::net {
namespace {

std::string_view kind_name(SocketKind kind) {
  return kind == SocketKind::kIke ? "IKE" : "NAT-T";
}

}  // namespace

IkeSockets::IkeSockets(EventLoop& loop, IkeSocketsConfig config)
    : loop_(loop), config_(std::move(config)), inbox_(config_.inbox) {
  // Runs on a data-plane thread: only post. The weak pointer keeps a late post harmless.
  std::weak_ptr<int> alive = life_;
  inbox_.set_wake([this, alive] {
    loop_.post([this, alive] {
      if (!alive.expired()) drain_inbox();
    });
  });
}

IkeSockets::~IkeSockets() {
  close();
}
Status IkeSockets::open() {
  if (!sockets_.empty()) return make_error("IKE sockets are already open");
  if (config_.enable_udp_encap && config_.ike_port != 0 && config_.ike_port == config_.natt_port)
    return make_error(fmt::format("IKE port and NAT-T port are both {}", config_.ike_port));
  for (const auto& address : config_.addresses) {
    Status status = open_one(address, SocketKind::kIke, config_.ike_port);
    if (status && config_.enable_udp_encap)
      status = open_one(address, SocketKind::kUdpEncap, config_.natt_port);
    if (status) continue;
    bool optional_v6 =
        address.is_v6() && address.is_unspecified() && status.error().code == EAFNOSUPPORT;
    if (optional_v6) {
      log::warn("net", "IPv6 is not available, listening on IPv4 only ({})",
                status.error().message);
      continue;
    }
    close();
    return status;
  }
  if (sockets_.empty()) return make_error("no address to listen on");
  for (auto& socket : sockets_)
    start_reading(socket);
  return {};
}

Status IkeSockets::open_one(const IpAddress& address, SocketKind kind, std::uint16_t port) {
  auto fd = open_udp_socket({address, port}, config_.socket_options);
  if (!fd) return fd.take_error();
  auto socket = std::make_shared<Socket>(loop_.context(), kind);
  auto protocol = address.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6();
  asio::error_code ec;
  socket->io_socket.assign(protocol, *fd, ec);
  if (ec) {
    ::close(*fd);
    return make_error(
        fmt::format("UDP socket {}[{}]: {}", address.to_string(), port, ec.message()));
  }
  socket->fd = *fd;
  auto bound = bound_endpoint(*fd);
  if (!bound) return bound.take_error();
  socket->local = *bound;
  log::info("net", "listening for {} on {}", kind_name(kind), socket->local.to_string());
  sockets_.push_back(std::move(socket));
  return {};
}

void IkeSockets::close() {
  for (auto& socket : sockets_) {
    ++socket->generation;
    asio::error_code ignored;
    socket->io_socket.close(ignored);
  }
  sockets_.clear();
}
const IkeSockets::Socket* IkeSockets::pick(const Endpoint& local, const Endpoint& remote) const {
  const Socket* wildcard = nullptr;
  for (const auto& socket : sockets_) {
    const Socket& s = *socket;
    if (s.local.address.family() != remote.address.family()) continue;
    bool port_matches = local.port == 0 ? s.kind == SocketKind::kIke : s.local.port == local.port;
    if (!port_matches) continue;
    if (s.local.address == local.address) return &s;
    if (s.local.address.is_unspecified() && !wildcard) wildcard = &s;
  }
  return wildcard;
}

Status IkeSockets::send(const Endpoint& local, const Endpoint& remote, ByteView ike_message) {
  const Socket* socket = pick(local, remote);
  if (!socket) return no_socket(local, remote, "IKE");
  if (socket->kind == SocketKind::kUdpEncap) {
    ByteView parts[] = {sockio::kNonEspMarker, ike_message};
    return transmit(*socket, local, remote, parts);
  }
  ByteView parts[] = {ike_message};
  return transmit(*socket, local, remote, parts);
}

Status IkeSockets::send_keepalive(const Endpoint& local, const Endpoint& remote) {
  static constexpr std::uint8_t kKeepalive[] = {sockio::kNatKeepalive};
  const Socket* socket = pick(local, remote);
  if (!socket || socket->kind != SocketKind::kUdpEncap) return no_socket(local, remote, "NAT-T");
  ByteView parts[] = {kKeepalive};
  Status status = transmit(*socket, local, remote, parts);
  if (status) bump(counters_.tx_keepalives);
  return status;
}

Error IkeSockets::no_socket(const Endpoint& local, const Endpoint& remote, std::string_view kind) {
  bump(counters_.tx_errors);
  return make_error(fmt::format("no {} socket to send from {} to {}", kind, local.to_string(),
                                remote.to_string()));
}

Status IkeSockets::transmit(const Socket& socket, const Endpoint& local, const Endpoint& remote,
                            std::span<const ByteView> parts) {
  // Only a wildcard-bound socket needs telling which of the host's addresses to send from.
  std::optional<IpAddress> source;
  if (socket.local.address.is_unspecified() && !local.address.is_unspecified())
    source = local.address;
  Status status = send_from(socket.fd, source, remote, parts);
  if (!status) {
    bump(counters_.tx_errors);
    return status;
  }
  std::size_t bytes = 0;
  for (auto part : parts)
    bytes += part.size();
  bump(counters_.tx_datagrams);
  bump(counters_.tx_bytes, bytes);
  return status;
}
std::vector<BoundSocket> IkeSockets::sockets() const {
  std::vector<BoundSocket> out;
  for (const auto& socket : sockets_)
    out.push_back({socket->kind, socket->local, socket->fd});
  return out;
}

std::vector<BoundSocket> IkeSockets::udp_encap_sockets() const {
  std::vector<BoundSocket> out;
  for (const auto& socket : sockets())
    if (socket.kind == SocketKind::kUdpEncap) out.push_back(socket);
  return out;
}

std::optional<std::uint16_t> IkeSockets::local_port(SocketKind kind,
                                                    IpAddress::Family family) const {
  for (const auto& socket : sockets_)
    if (socket->kind == kind && socket->local.address.family() == family) return socket->local.port;
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::uint64_t>> IkeSockets::counter_snapshot() const {
  auto out = counters_.snapshot();
  out.emplace_back("ike_inbox_accepted", inbox_.accepted());
  out.emplace_back("drop_ike_queue_full", inbox_.dropped_full());
  return out;
}

SocketKind IkeSockets::kind_of_port(std::uint16_t port) const {
  for (const auto& socket : sockets_)
    if (socket->local.port == port) return socket->kind;
  return SocketKind::kIke;
}

}  // namespace oakley::net
