// One packet thread of the TUN backend. It owns one TUN queue (the kernel keeps each flow on one
// queue) and reads its share of the raw ESP and NAT-T sockets (each socket has one reader, so a
// flow's packets stay in order). Outbound: TUN reads in batches → Datapath::outbound → sendmmsg.
// Inbound: recvmmsg → (NAT-T: sockio::classify_udp_encap, IKE copied into the network layer's
// bounded inbox, keepalives counted) → Datapath::inbound → TUN write.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dataplane/datapath.hpp"
#include "dataplane/tun/batch.hpp"
#include "dataplane/tun/fd.hpp"
#include "dataplane/tun/offload.hpp"
#include "dataplane/types.hpp"
#include "sockio/ike_inbox.hpp"

namespace oakley::dataplane::tun {

// What the backend shares with its workers.
struct WorkerShared {
  explicit WorkerShared(Datapath& dp) : datapath(dp) {}

  Datapath& datapath;
  int raw4 = -1;  // -1: not open
  int raw6 = -1;
  bool receive_udp_encap = true;
  std::size_t max_packet = 0;
  unsigned workers = 1;
  bool offload = false;  // the TUN device speaks virtio_net_hdr (TSO in, GRO out)
  std::atomic<bool> stop{false};

  // Replaced by the control thread; workers pick up a new generation when woken.
  void set_udp_sockets(std::vector<UdpEncapSocket> sockets);
  std::shared_ptr<const std::vector<UdpEncapSocket>> udp_sockets() const;
  std::uint64_t udp_generation() const { return udp_generation_.load(std::memory_order_acquire); }
  // The network layer's queue to the IKE loop (null: IKE from NAT-T sockets is dropped).
  std::atomic<sockio::IkeInbox*> ike_inbox{nullptr};

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<UdpEncapSocket>> udp_ =
      std::make_shared<std::vector<UdpEncapSocket>>();
  std::atomic<std::uint64_t> udp_generation_{0};
};

class Worker {
 public:
  Worker(WorkerShared& shared, unsigned slot, int tun_fd);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  // Makes the worker look at its shared state again (stop, sockets, trap flush).
  void wake();
  void join();

 private:
  void run();
  void sync_udp_sockets();
  void watch(int fd, std::uint64_t tag);
  bool reads_shared(std::size_t socket_index) const;
  void handle_tun();
  void handle_tun_offload();
  void protect_pool();
  void handle_raw(int fd, bool v6);
  void handle_udp(const UdpEncapSocket& socket);
  void handle_datagram(esp::PacketBuffer& datagram, const Endpoint& src, const IpAddress& dst,
                       const UdpEncapSocket& socket);
  void split_coalesced(esp::PacketBuffer& datagrams, std::size_t segment, const Endpoint& src,
                       const IpAddress& dst, const UdpEncapSocket& socket);
  void open_esp(esp::PacketBuffer& packet, const IpAddress& src, const IpAddress& dst);
  void flush_tun_writes();
  void queue_send(const SaEntry& sa, const esp::PacketBuffer& packet);
  int udp_socket_for(const SaEntry& sa) const;
  void flush_sends();
  void drain_trap_queues();
  void deliver_ike(ByteView message, const Endpoint& src, const IpAddress& dst,
                   const UdpEncapSocket& socket);

  WorkerShared& shared_;
  Datapath& dp_;
  WorkerContext& ctx_;
  int tun_fd_;
  Fd epoll_;
  Fd wake_;
  std::thread thread_;
  RecvBatch tun_rx_;
  RecvBatch net_rx_;
  SendBatch tx_;
  std::vector<std::uint8_t> super_;  // one TUN read with offloads: header + up to 64 KiB
  PacketPool pool_;                  // its segments
  PacketPool rx_pool_;               // datagrams split out of a UDP GRO receive
  GroWriter gro_;
  std::shared_ptr<const std::vector<UdpEncapSocket>> udp_;
  std::uint64_t udp_generation_ = ~std::uint64_t{0};
};

}  // namespace oakley::dataplane::tun
