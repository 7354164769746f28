// IkeSockets: the UDP sockets IKE listens on — port 500 and the NAT-T port 4500 on each configured
// address (default the IPv4 and IPv6 wildcards) — and the one way IKE datagrams reach the engines.
// Datagrams are read in batches on the loop thread; on the NAT-T port the RFC 3948 non-ESP marker
// is stripped from IKE, keepalives are counted and ESP goes to the ESP handler. When the data plane
// reads the NAT-T sockets on its own threads (ESP stays there), it classifies each datagram once
// and offers the IKE ones to this object's bounded inbox, drained on the loop thread. Replies leave
// from the address the peer talked to.
#pragma once

#include <asio/ip/udp.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "net/datagram.hpp"
#include "net/event_loop.hpp"
#include "net/net_counters.hpp"
#include "net/udp_io.hpp"
#include "net/udp_socket.hpp"
#include "sockio/ike_inbox.hpp"

namespace oakley::net {

enum class SocketKind { kIke, kUdpEncap };  // port 500 style, NAT-T port 4500 style

struct IkeSocketsConfig {
  // Wildcards by default: one IPv4 and one IPv6 (IPV6_V6ONLY) socket per port. When IPv6 is not
  // available on the host, the default IPv6 wildcard is skipped with a warning.
  std::vector<IpAddress> addresses = {IpAddress::any(IpAddress::Family::kV4),
                                      IpAddress::any(IpAddress::Family::kV6)};
  std::uint16_t ike_port = 500;    // 0: any free port (tests, load tools)
  std::uint16_t natt_port = 4500;  // 0: any free port
  bool enable_udp_encap = true;    // false: no NAT-T sockets at all
  UdpSocketOptions socket_options;
  sockio::IkeInboxLimits inbox;  // IKE from NAT-T sockets read by the data plane
};

struct BoundSocket {
  SocketKind kind;
  Endpoint local;  // the port actually bound
  int fd;          // owned by IkeSockets
};

class IkeSockets {
 public:
  using Handler = std::function<void(Datagram)>;

  IkeSockets(EventLoop& loop, IkeSocketsConfig config = {});
  ~IkeSockets();
  IkeSockets(const IkeSockets&) = delete;
  IkeSockets& operator=(const IkeSockets&) = delete;

  // Opens and binds every socket and starts reading; on failure nothing stays open and the error
  // names the address, port and reason ("UDP socket 0.0.0.0[500]: bind failed: ...").
  Status open();
  void close();

  // Handlers run on the loop thread. The IKE handler gets messages without the non-ESP marker.
  // Without an ESP handler, ESP arriving on the NAT-T port is counted and dropped.
  void on_ike_datagram(Handler handler) { on_ike_ = std::move(handler); }
  // The SO_MARK of every socket (0: none), for lookups that must route as our packets do.
  std::uint32_t mark() const { return config_.socket_options.mark; }
  void on_esp_datagram(Handler handler) { on_esp_ = std::move(handler); }

  // Loop thread. Picks the socket by local port (the NAT-T port adds the marker; port 0 means
  // the IKE port) and family; an unspecified local address lets the kernel choose the source.
  Status send(const Endpoint& local, const Endpoint& remote, ByteView ike_message);
  Status send_keepalive(const Endpoint& local, const Endpoint& remote);

  // When the data plane reads the NAT-T sockets on its own threads: the loop stops reading them,
  // and the data plane offers the IKE datagrams it finds there to udp_encap_inbox().
  void set_udp_encap_receive_external(bool external);
  // Thread-safe to offer to; drained on the loop thread into the IKE handler. Bounded: when full,
  // datagrams are dropped and counted (counters().drop_ike_queue_full).
  sockio::IkeInbox& udp_encap_inbox() { return inbox_; }

  std::vector<BoundSocket> sockets() const;
  std::vector<BoundSocket> udp_encap_sockets() const;  // for ESP-in-UDP sends by the data plane
  std::optional<std::uint16_t> local_port(SocketKind kind, IpAddress::Family family) const;
  SocketKind kind_of_port(std::uint16_t port) const;
  const NetCounters& counters() const { return counters_; }
  // The counters above plus the inbox's (ike_inbox_accepted, drop_ike_queue_full), for stats.
  std::vector<std::pair<std::string_view, std::uint64_t>> counter_snapshot() const;

 private:
  struct Socket;
  using SocketPtr = std::shared_ptr<Socket>;

  Status open_one(const IpAddress& address, SocketKind kind, std::uint16_t port);
  bool reads_in_loop(const Socket& socket) const;
  void start_reading(const SocketPtr& socket);
  void wait_readable(const SocketPtr& socket);
  void drain(const SocketPtr& socket);
  void handle(const Socket& socket, const RecvBatch::Message& message);
  void demux_udp_encap(ByteView data, const Endpoint& local, const Endpoint& remote);
  void deliver_ike(Datagram datagram);
  void drain_inbox();
  const Socket* pick(const Endpoint& local, const Endpoint& remote) const;
  Status transmit(const Socket& socket, const Endpoint& local, const Endpoint& remote,
                  std::span<const ByteView> parts);
  Error no_socket(const Endpoint& local, const Endpoint& remote, std::string_view kind);

  EventLoop& loop_;
  IkeSocketsConfig config_;
  std::vector<SocketPtr> sockets_;
  RecvBatch batch_;  // shared by all sockets: they are all read on the loop thread
  Handler on_ike_;
  Handler on_esp_;
  bool udp_encap_external_ = false;
  NetCounters counters_;
  sockio::IkeInbox inbox_;
  std::shared_ptr<int> life_ = std::make_shared<int>(0);  // posted work checks we still exist
};

}  // namespace oakley::net
