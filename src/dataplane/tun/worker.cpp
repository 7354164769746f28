#include "dataplane/tun/worker.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "dataplane/esp/packet.hpp"
#include "sockio/udp_encap.hpp"

namespace oakley::dataplane::tun {

namespace {

// epoll tags: the kind in the high half, an index in the low half.
enum Kind : std::uint64_t { kWake = 1, kTun = 2, kRaw4 = 3, kRaw6 = 4, kUdp = 5 };
std::uint64_t tag(Kind k, std::uint32_t index = 0) {
  return std::uint64_t{k} << 32 | index;
}

constexpr int kMaxEvents = 16;
constexpr int kIdleMs = 1000;  // idle workers still drop stale snapshots (and deleted SAs' keys)
constexpr int kBudget = 8;     // batches per readable source before looking at the others
constexpr std::size_t kMaxDatagram = 65535;
constexpr std::size_t kPoolSize = 128;  // segments protected and sent per round

}  // namespace

void WorkerShared::set_udp_sockets(std::vector<UdpEncapSocket> sockets) {
  auto s = std::make_shared<const std::vector<UdpEncapSocket>>(std::move(sockets));
  std::lock_guard lock(mutex_);
  udp_ = std::move(s);
  udp_generation_.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const std::vector<UdpEncapSocket>> WorkerShared::udp_sockets() const {
  std::lock_guard lock(mutex_);
  return udp_;
}

Worker::Worker(WorkerShared& shared, unsigned slot, int tun_fd)
    : shared_(shared),
      dp_(shared.datapath),
      ctx_(shared.datapath.worker(slot)),
      tun_fd_(tun_fd),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      tun_rx_(shared.offload ? 0 : shared.max_packet),
      net_rx_(kMaxDatagram),
      super_(shared.offload ? kVnetHeaderSize + kMaxDatagram : 0),
      pool_(shared.offload ? kPoolSize : 0, shared.max_packet),
      rx_pool_(kPoolSize, shared.max_packet + 256),
      gro_(tun_fd) {
  watch(wake_.get(), tag(kWake));
  watch(tun_fd_, tag(kTun));
  if (shared_.raw4 >= 0 && reads_shared(0)) watch(shared_.raw4, tag(kRaw4));
  if (shared_.raw6 >= 0 && reads_shared(1)) watch(shared_.raw6, tag(kRaw6));
}

// Each shared socket is read by exactly one worker: two workers draining one socket would
// decrypt a flow's packets concurrently and hand them to the TUN device out of order, which TCP
// takes for loss. Sockets are dealt out round-robin: raw IPv4, raw IPv6, then the NAT-T sockets.
bool Worker::reads_shared(std::size_t socket_index) const {
  return socket_index % shared_.workers == ctx_.slot();
}

Worker::~Worker() {
  join();
}

void Worker::start() {
  thread_ = std::thread([this] { run(); });
}

void Worker::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_.get(), &one, sizeof one);
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::watch(int fd, std::uint64_t t) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = t;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
    log::error("dataplane", "worker {}: epoll_ctl add fd {}: {}", ctx_.slot(), fd, errno);
}

// Follows the NAT-T sockets the daemon handed over.
void Worker::sync_udp_sockets() {
  const std::uint64_t gen = shared_.udp_generation();
  if (gen == udp_generation_) return;
  if (udp_ && shared_.receive_udp_encap)
    for (std::uint32_t i = 0; i < udp_->size(); ++i)
      if (reads_shared(2 + i)) ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, (*udp_)[i].fd, nullptr);
  udp_ = shared_.udp_sockets();
  udp_generation_ = gen;
  if (!shared_.receive_udp_encap) return;
  for (std::uint32_t i = 0; i < udp_->size(); ++i)
    if (reads_shared(2 + i)) watch((*udp_)[i].fd, tag(kUdp, i));
}

void Worker::run() {
  epoll_event events[kMaxEvents];
  while (!shared_.stop.load(std::memory_order_acquire)) {
    sync_udp_sockets();
    const int n = ::epoll_wait(epoll_.get(), events, kMaxEvents, kIdleMs);
    dp_.refresh(ctx_);
    for (int i = 0; i < n; ++i) {
      const std::uint64_t t = events[i].data.u64;
      const auto index = static_cast<std::uint32_t>(t);
      switch (static_cast<Kind>(t >> 32)) {
        case kWake: {
          std::uint64_t v;
          [[maybe_unused]] auto r = ::read(wake_.get(), &v, sizeof v);
          break;
        }
        case kTun:
          handle_tun();
          break;
        case kRaw4:
          handle_raw(shared_.raw4, false);
          break;
        case kRaw6:
          handle_raw(shared_.raw6, true);
          break;
        case kUdp:
          if (udp_ && index < udp_->size()) handle_udp((*udp_)[index]);
          break;
      }
    }
    if (dp_.flush_pending()) drain_trap_queues();
  }
}

void Worker::handle_tun() {
  if (shared_.offload) return handle_tun_offload();
  for (int round = 0; round < kBudget; ++round) {
    const std::size_t n = tun_rx_.read_tun(tun_fd_);
    for (std::size_t i = 0; i < n; ++i) {
      esp::PacketBuffer& p = tun_rx_.packet(i);
      const OutboundResult r = dp_.outbound(ctx_, p);
      if (r.action == OutboundResult::Action::kSend) queue_send(*r.sa, p);
    }
    flush_sends();
    if (n < kBatchSize) break;
  }
}

// With offloads a read may be a 64 KiB TSO packet: it is cut into MTU-sized segments in the pool,
// and a full pool is protected and sent before splitting goes on.
void Worker::handle_tun_offload() {
  auto next_buffer = [this] {
    if (pool_.full()) protect_pool();
    return pool_.next();
  };
  for (int round = 0; round < kBudget; ++round) {
    const ssize_t r = ::read(tun_fd_, super_.data(), super_.size());
    if (r <= 0) break;
    if (static_cast<std::size_t>(r) <= kVnetHeaderSize) continue;
    VnetHeader h;
    std::memcpy(&h, super_.data(), sizeof h);
    MutableByteView packet(super_.data() + kVnetHeaderSize,
                           static_cast<std::size_t>(r) - kVnetHeaderSize);
    if (!split_tun_read(packet, h, next_buffer)) ctx_.stats().drop(DropReason::kMalformed);
  }
  protect_pool();
}

void Worker::protect_pool() {
  for (std::size_t i = 0; i < pool_.size(); ++i) {
    esp::PacketBuffer& p = pool_.at(i);
    const OutboundResult r = dp_.outbound(ctx_, p);
    if (r.action == OutboundResult::Action::kSend) queue_send(*r.sa, p);
  }
  flush_sends();  // the pool's buffers are free again once the kernel has the packets
  pool_.clear();
}

void Worker::queue_send(const SaEntry& sa, const esp::PacketBuffer& packet) {
  if (sa.udp_encap) {
    const int fd = udp_socket_for(sa);
    if (fd < 0) {
      ctx_.stats().drop(DropReason::kIoError);
      return;
    }
    tx_.add(fd, true, sa.local, sa.remote, sa.udp_encap->remote_port, packet.view());
    return;
  }
  const int fd = sa.remote.is_v4() ? shared_.raw4 : shared_.raw6;
  if (fd < 0) {
    ctx_.stats().drop(DropReason::kIoError);
    return;
  }
  tx_.add(fd, false, sa.local, sa.remote, 0, packet.view());
}

// The NAT-T socket of the SA's family and local port, bound to its address or the wildcard.
int Worker::udp_socket_for(const SaEntry& sa) const {
  if (!udp_) return -1;
  int wildcard = -1;
  for (const auto& s : *udp_) {
    if (s.local.port != sa.udp_encap->local_port || s.local.address.family() != sa.local.family())
      continue;
    if (s.local.address == sa.local) return s.fd;
    if (s.local.address.is_unspecified()) wildcard = s.fd;
  }
  return wildcard;
}

void Worker::flush_sends() {
  if (tx_.empty()) return;
  const std::size_t failed = tx_.flush();
  for (std::size_t i = 0; i < failed; ++i)
    ctx_.stats().drop(DropReason::kIoError);
}

void Worker::handle_raw(int fd, bool v6) {
  for (int round = 0; round < kBudget; ++round) {
    const std::size_t n = net_rx_.receive(fd);
    for (std::size_t i = 0; i < n; ++i) {
      esp::PacketBuffer& p = net_rx_.packet(i);
      auto src = net_rx_.source(i);
      std::optional<IpAddress> dst;
      if (!v6) {
        // IPv4 raw sockets hand over the IP header: take the addresses from it, then drop it.
        auto ip = esp::parse_ip_packet(p.view());
        if (ip && ip->header_length <= p.size()) {
          src = Endpoint{ip->flow.src, 0};
          dst = ip->flow.dst;
          p.pull_front(ip->header_length);
        }
      } else {
        dst = net_rx_.destination(i);
      }
      if (net_rx_.truncated(i) || !src || !dst) {
        ctx_.stats().drop(DropReason::kMalformed);
        continue;
      }
      open_esp(p, src->address, *dst);
    }
    flush_tun_writes();
    if (n < kBatchSize) break;
  }
}

void Worker::handle_udp(const UdpEncapSocket& socket) {
  for (int round = 0; round < kBudget; ++round) {
    const std::size_t n = net_rx_.receive(socket.fd);
    for (std::size_t i = 0; i < n; ++i) {
      esp::PacketBuffer& p = net_rx_.packet(i);
      auto src = net_rx_.source(i);
      if (net_rx_.truncated(i) || !src) {
        ctx_.stats().drop(DropReason::kMalformed);
        continue;
      }
      const IpAddress dst = net_rx_.destination(i).value_or(socket.local.address);
      const std::size_t segment = net_rx_.segment_size(i);
      if (segment != 0 && segment < p.size())
        split_coalesced(p, segment, *src, dst, socket);
      else
        handle_datagram(p, *src, dst, socket);
    }
    flush_tun_writes();
    rx_pool_.clear();
    if (n < kBatchSize) break;
  }
}

// The one RFC 3948 classification of a datagram read here; ESP never leaves this thread.
void Worker::handle_datagram(esp::PacketBuffer& p, const Endpoint& src, const IpAddress& dst,
                             const UdpEncapSocket& socket) {
  const auto c = sockio::classify_udp_encap(p.view());
  switch (c.kind) {
    case sockio::UdpEncapKind::kEsp:
      open_esp(p, src.address, dst);
      return;
    case sockio::UdpEncapKind::kKeepalive:
      WorkerStats::add(ctx_.stats().keepalives, 1);
      return;
    case sockio::UdpEncapKind::kIke:
      deliver_ike(c.payload, src, dst, socket);
      return;
    case sockio::UdpEncapKind::kRunt:
      ctx_.stats().drop(DropReason::kMalformed);
      return;
  }
}

// UDP GRO handed over several datagrams in one buffer; each gets its own buffer (a copy) so the
// in-place decryption of one never touches the next.
void Worker::split_coalesced(esp::PacketBuffer& datagrams, std::size_t segment, const Endpoint& src,
                             const IpAddress& dst, const UdpEncapSocket& socket) {
  const ByteView all = datagrams.view();
  for (std::size_t off = 0; off < all.size(); off += segment) {
    const ByteView one = all.subspan(off, std::min(segment, all.size() - off));
    if (rx_pool_.full()) {
      flush_tun_writes();  // coalesced TUN writes still point into the pool
      rx_pool_.clear();
    }
    esp::PacketBuffer* b = rx_pool_.next();
    std::uint8_t* dstp = b ? b->push_back(one.size()) : nullptr;
    if (dstp == nullptr) {
      ctx_.stats().drop(DropReason::kMalformed);
      continue;
    }
    std::memcpy(dstp, one.data(), one.size());
    handle_datagram(*b, src, dst, socket);
  }
}

// A copy goes into the inbox, or nowhere when it is full (counted there): the IKE loop works
// through what it holds at its own pace, and a flood only costs this thread a copy.
void Worker::deliver_ike(ByteView message, const Endpoint& src, const IpAddress& dst,
                         const UdpEncapSocket& socket) {
  WorkerStats::add(ctx_.stats().ike_packets, 1);
  sockio::IkeInbox* inbox = shared_.ike_inbox.load(std::memory_order_acquire);
  if (inbox) inbox->offer(message, Endpoint{dst, socket.local.port}, src);
}

void Worker::open_esp(esp::PacketBuffer& packet, const IpAddress& src, const IpAddress& dst) {
  if (!dp_.inbound(ctx_, packet, src, dst).ok()) return;
  const bool written =
      shared_.offload ? gro_.add(packet) : ::write(tun_fd_, packet.data(), packet.size()) >= 0;
  if (!written) ctx_.stats().drop(DropReason::kIoError);
}

// Coalesced packets point into the receive batch: they go out before it is reused.
void Worker::flush_tun_writes() {
  if (shared_.offload && !gro_.flush()) ctx_.stats().drop(DropReason::kIoError);
}

// Packets held for a trap policy whose SA has arrived go out like fresh TUN reads.
void Worker::drain_trap_queues() {
  std::vector<std::uint8_t> scratch(kHeadroom + shared_.max_packet + kTailroom);
  dp_.drain_trap_queues(ctx_, [&](ByteView held) {
    if (held.size() > shared_.max_packet) return;
    std::copy(held.begin(), held.end(), scratch.begin() + kHeadroom);
    esp::PacketBuffer p(scratch.data(), scratch.size(), kHeadroom, held.size());
    const OutboundResult r = dp_.outbound(ctx_, p);
    if (r.action != OutboundResult::Action::kSend) return;
    queue_send(*r.sa, p);
    flush_sends();  // the scratch buffer is reused for the next packet
  });
}

}  // namespace oakley::dataplane::tun
