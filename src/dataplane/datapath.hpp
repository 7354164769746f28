// Datapath: the userspace ESP engine without any I/O. The control side installs SAs and policies
// (the Backend operations); packet threads hand it inner packets to protect and ESP packets to
// open, and get back what to send or deliver. The TUN backend wraps it with a TUN device and
// sockets; tests and the fuzz harness drive it directly.
//
// Threads: control calls from one thread at a time (they serialise on a mutex and mark the tables
// changed); outbound()/inbound() from any number of workers, each with its own WorkerContext, whose
// refresh() rebuilds the read-only snapshot once after a change.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/esp/packet_buffer.hpp"
#include "dataplane/sa_table.hpp"
#include "dataplane/types.hpp"
#include "dataplane/worker_context.hpp"

namespace oakley::dataplane {

struct OutboundResult {
  enum class Action : std::uint8_t { kSend, kDrop, kQueued };
  Action action = Action::kDrop;
  DropReason reason = DropReason::kNone;
  // kSend: the SA, for its outer addresses and encapsulation. Valid until the worker's next
  // refresh().
  const SaEntry* sa = nullptr;
};

struct InboundResult {
  DropReason reason = DropReason::kNone;  // kNone: the packet now holds the inner IP packet
  const SaEntry* sa = nullptr;
  bool ok() const { return reason == DropReason::kNone; }
};

class Datapath {
 public:
  // `slots`: how many WorkerContexts (threads) will process packets.
  explicit Datapath(unsigned slots = 1);
  ~Datapath();
  Datapath(const Datapath&) = delete;
  Datapath& operator=(const Datapath&) = delete;

  // ---- control side (the Backend operations) ----
  Result<std::uint32_t> allocate_spi();
  Status install_sa(const SaConfig& sa);
  Status update_sa(const SaId& id, const SaConfig& sa);
  Status delete_sa(const SaId& id);
  Result<SaCounters> query_sa(const SaId& id) const;
  Status install_policy(const PolicyConfig& policy);
  Status delete_policy(const PolicyId& id);
  std::vector<PolicyConfig> policies() const;
  DataplaneStats stats() const;
  std::vector<DataplaneStats> thread_stats() const;  // per WorkerContext, in slot order
  void set_event_handler(EventHandler handler);
  // Called (on the control thread) when packets held for a trap policy can now go out; the
  // owner of the workers then has one of them call drain_trap_queues().
  void set_flush_notifier(std::function<void()> notify);

  // ---- packet side ----
  unsigned slots() const { return static_cast<unsigned>(workers_.size()); }
  WorkerContext& worker(unsigned slot) { return *workers_[slot]; }
  // Picks up the latest tables; call once per batch, not per packet.
  void refresh(WorkerContext& ctx) const;

  // An inner IP packet to protect. On kSend the buffer holds the ESP packet (SPI .. ICV) for
  // result.sa->remote; on kQueued a copy waits for the SA (and the buffer may be reused).
  OutboundResult outbound(WorkerContext& ctx, esp::PacketBuffer& packet);
  // An ESP packet (SPI .. ICV) that arrived from `outer_src` to `outer_dst`. On success the
  // buffer holds the inner IP packet (transport mode: a rebuilt IP header + payload), checked
  // against the SA's selectors. Needs 40 bytes of headroom in transport mode.
  InboundResult inbound(WorkerContext& ctx, esp::PacketBuffer& packet, const IpAddress& outer_src,
                        const IpAddress& outer_dst);

  // True when trap-queued packets wait for a flush (cheap; check after each wakeup).
  bool flush_pending() const { return flush_pending_.load(std::memory_order_acquire); }
  // Hands each held packet whose SA now exists to `send_again` (which runs it through outbound()).
  void drain_trap_queues(WorkerContext& ctx, const std::function<void(ByteView)>& send_again);

 private:
  // A control change: workers see it at their next refresh(), which rebuilds the snapshot.
  void changed_locked();
  void build_snapshot_locked() const;
  const SaId* inbound_spi_user_locked(std::uint32_t spi) const;
  void schedule_flush_locked(std::uint32_t reqid);
  void emit(const Event& e) const;
  OutboundResult hold_for_acquire(WorkerContext& ctx, const PolicyEntry& policy,
                                  const esp::FlowKey& flow, ByteView packet);
  bool within_hard_limit(const SaEntry& sa, std::size_t bytes);
  void account(const SaEntry& sa, std::size_t bytes);
  void after_send(const SaEntry& sa, std::uint64_t seq);
  DropReason finish_inbound(const SaEntry& sa, esp::PacketBuffer& packet,
                            const esp::InboundResult& r, const IpAddress& outer_src,
                            const IpAddress& outer_dst);

  std::vector<std::unique_ptr<WorkerContext>> workers_;

  // sas_, policies_, reserved_spis_, install_counter_, snapshot_, snapshot_generation_
  mutable std::mutex control_mutex_;
  std::map<SaId, std::shared_ptr<const SaEntry>> sas_;
  std::map<PolicyId, PolicyEntry> policies_;
  std::unordered_set<std::uint32_t> reserved_spis_;
  std::uint64_t install_counter_ = 0;

  // Built lazily by the first refresh() after a change (so mutable: refresh() is const).
  mutable std::shared_ptr<const Snapshot> snapshot_;
  mutable std::uint64_t snapshot_generation_ = 1;
  std::atomic<std::uint64_t> generation_{1};  // bumped by every change

  mutable std::mutex handler_mutex_;
  std::shared_ptr<const EventHandler> handler_;
  std::function<void()> flush_notifier_;
  std::atomic<bool> flush_pending_{false};
  std::atomic<bool> trap_held_{false};  // some trap queue may hold packets (never false wrongly)
};

}  // namespace oakley::dataplane
