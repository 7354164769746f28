// IkeSockets' receive side: batched reads on the loop thread and the NAT-T port demultiplexing.
#include <asio/post.hpp>

#include "common/log.hpp"
#include "net/ike_sockets.hpp"
#include "net/ike_sockets_socket.hpp"
#include "sockio/udp_encap.hpp"

namespace oakley::net {
namespace {

// Batches per wakeup before yielding to timers and other sockets; the rest is read on a posted
// continuation (not a new wait: the reactor is edge-triggered and would not wake us again).
constexpr int kMaxBatchesPerWakeup = 8;

}  // namespace

bool IkeSockets::reads_in_loop(const Socket& socket) const {
  return socket.kind == SocketKind::kIke || !udp_encap_external_;
}

void IkeSockets::set_udp_encap_receive_external(bool external) {
  if (external == udp_encap_external_) return;
  udp_encap_external_ = external;
  for (auto& socket : sockets_) {
    if (socket->kind != SocketKind::kUdpEncap) continue;
    ++socket->generation;
    asio::error_code ignored;
    socket->io_socket.cancel(ignored);
    if (!external) start_reading(socket);
  }
}

void IkeSockets::start_reading(const SocketPtr& socket) {
  if (!reads_in_loop(*socket)) return;
  // Drain first: datagrams that arrived before the wait was set up raise no new edge.
  std::weak_ptr<Socket> weak = socket;
  std::uint64_t generation = socket->generation;
  asio::post(loop_.context(), [this, weak, generation] {
    auto s = weak.lock();
    if (s && s->generation == generation && s->io_socket.is_open()) drain(s);
  });
}

void IkeSockets::wait_readable(const SocketPtr& socket) {
  std::weak_ptr<Socket> weak = socket;
  std::uint64_t generation = socket->generation;
  socket->io_socket.async_wait(asio::socket_base::wait_read,
                               [this, weak, generation](const asio::error_code& ec) {
                                 auto s = weak.lock();
                                 if (ec || !s || s->generation != generation) return;
                                 drain(s);
                               });
}

void IkeSockets::drain(const SocketPtr& socket) {
  std::weak_ptr<int> alive = life_;
  for (int round = 0; round < kMaxBatchesPerWakeup; ++round) {
    auto received = batch_.receive(socket->fd);
    if (!received) {
      bump(counters_.rx_errors);
      log::debug("net", "{}: {}", socket->local.to_string(), received.error().message);
      break;
    }
    for (std::size_t i = 0; i < *received; ++i) {
      handle(*socket, batch_.message(i));
      // A handler may have closed the sockets (shutdown) or destroyed us.
      if (alive.expired() || !socket->io_socket.is_open()) return;
    }
    if (*received < RecvBatch::kMessages) break;  // drained
    if (round + 1 == kMaxBatchesPerWakeup) {
      start_reading(socket);
      return;
    }
  }
  if (reads_in_loop(*socket)) wait_readable(socket);
}

void IkeSockets::handle(const Socket& socket, const RecvBatch::Message& message) {
  bump(counters_.rx_datagrams);
  bump(counters_.rx_bytes, message.data.size());
  if (message.truncated) {
    bump(counters_.drop_truncated);
    return;
  }
  Endpoint local = socket.local;
  if (message.local) {
    local.address = *message.local;
  } else if (socket.local.address.is_unspecified()) {
    bump(counters_.drop_no_local_address);  // we could not answer from the right address
    return;
  }
  if (socket.kind == SocketKind::kUdpEncap) {
    demux_udp_encap(message.data, local, message.remote);
  } else {
    deliver_ike(Datagram{Bytes(message.data.begin(), message.data.end()), local, message.remote});
  }
}

// Only datagrams the loop read itself come here: the data plane classifies what it reads.
void IkeSockets::demux_udp_encap(ByteView data, const Endpoint& local, const Endpoint& remote) {
  auto classified = sockio::classify_udp_encap(data);
  switch (classified.kind) {
    case sockio::UdpEncapKind::kKeepalive:
      bump(counters_.rx_keepalives);
      return;
    case sockio::UdpEncapKind::kRunt:
      bump(counters_.drop_runt);
      return;
    case sockio::UdpEncapKind::kIke:
      deliver_ike(
          Datagram{Bytes(classified.payload.begin(), classified.payload.end()), local, remote});
      return;
    case sockio::UdpEncapKind::kEsp:
      if (!on_esp_) {
        bump(counters_.drop_esp_no_handler);
        return;
      }
      bump(counters_.rx_esp);
      on_esp_(Datagram{Bytes(data.begin(), data.end()), local, remote});
      return;
  }
}

void IkeSockets::deliver_ike(Datagram datagram) {
  bump(counters_.rx_ike);
  if (on_ike_) on_ike_(std::move(datagram));
}

// One wake-up per batch: the inbox calls the wake function (posting this) only when it goes from
// empty to non-empty, and everything that arrives until it runs is delivered here in one go.
void IkeSockets::drain_inbox() {
  std::weak_ptr<int> alive = life_;
  inbox_.drain([&](sockio::InboxDatagram& d) {
    // A handler may have shut the sockets down or destroyed us: the rest is dropped.
    if (alive.expired() || sockets_.empty()) return;
    deliver_ike(Datagram{std::move(d.message), d.local, d.remote});
  });
}

}  // namespace oakley::net
