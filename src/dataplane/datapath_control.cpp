// The control side of the Datapath: SA and policy tables, snapshots, events.
#include <string>

#include "common/log.hpp"
#include "crypto/random.hpp"
#include "dataplane/datapath.hpp"

namespace oakley::dataplane {

namespace {
constexpr std::size_t kMaxReservedSpis = 65536;
}  // namespace

Datapath::Datapath(unsigned slots) : snapshot_(std::make_shared<Snapshot>()) {
  if (slots == 0) slots = 1;
  for (unsigned i = 0; i < slots; ++i)
    workers_.push_back(std::make_unique<WorkerContext>(i));
}

Datapath::~Datapath() = default;

Result<std::uint32_t> Datapath::allocate_spi() {
  std::lock_guard lock(control_mutex_);
  if (reserved_spis_.size() >= kMaxReservedSpis) reserved_spis_.clear();
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const std::uint32_t spi = crypto::random_u32();
    if (spi < 256 || reserved_spis_.count(spi)) continue;
    if (inbound_spi_user_locked(spi)) continue;
    reserved_spis_.insert(spi);
    return spi;
  }
  return make_error("no free SPI found");
}

Status Datapath::install_sa(const SaConfig& sa) {
  std::lock_guard lock(control_mutex_);
  if (sas_.count(sa.id())) return make_error("SA " + sa.id().to_string() + " exists already");
  if (sa.direction == Direction::kInbound) {
    if (const SaId* user = inbound_spi_user_locked(sa.spi))
      return make_error("inbound SPI " + sa.id().to_string() + " is in use by " +
                        user->to_string());
  }
  auto entry = make_sa_entry(sa, slots(), ++install_counter_);
  if (!entry) return entry.take_error();
  reserved_spis_.erase(sa.spi);
  sas_[sa.id()] = std::move(entry).value();
  changed_locked();
  if (sa.direction == Direction::kOutbound) schedule_flush_locked(sa.reqid);
  log::debug("dataplane", "installed SA {} reqid {} {} {}", sa.id().to_string(), sa.reqid,
             mode_name(sa.mode), encr_name(sa.algorithms.encr));
  return {};
}

Status Datapath::update_sa(const SaId& id, const SaConfig& sa) {
  std::lock_guard lock(control_mutex_);
  auto it = sas_.find(id);
  if (it == sas_.end()) return make_error("no SA " + id.to_string() + " to update");
  if (sa.id() != id && sas_.count(sa.id()))
    return make_error("SA " + sa.id().to_string() + " exists already");
  auto entry = updated_sa_entry(*it->second, sa);
  if (!entry) return entry.take_error();
  sas_.erase(it);
  sas_[sa.id()] = std::move(entry).value();
  changed_locked();
  return {};
}

Status Datapath::delete_sa(const SaId& id) {
  std::lock_guard lock(control_mutex_);
  if (sas_.erase(id) == 0) return make_error("no SA " + id.to_string() + " to delete");
  changed_locked();
  return {};
}

Result<SaCounters> Datapath::query_sa(const SaId& id) const {
  std::lock_guard lock(control_mutex_);
  auto it = sas_.find(id);
  if (it == sas_.end()) return make_error("no SA " + id.to_string());
  return it->second->state->counters();
}

Status Datapath::install_policy(const PolicyConfig& policy) {
  if (policy.local_ts.family() != policy.remote_ts.family())
    return make_error("policy " + policy.id().to_string() + " mixes address families");
  std::lock_guard lock(control_mutex_);
  PolicyEntry entry{policy, policy.priority ? policy.priority : automatic_priority(policy),
                    std::make_shared<TrapQueue>()};
  auto it = policies_.find(policy.id());
  if (it != policies_.end()) entry.queue = it->second.queue;  // held packets survive a replace
  policies_[policy.id()] = std::move(entry);
  changed_locked();
  schedule_flush_locked(policy.reqid);
  return {};
}

Status Datapath::delete_policy(const PolicyId& id) {
  std::lock_guard lock(control_mutex_);
  if (policies_.erase(id) == 0) return make_error("no policy " + id.to_string() + " to delete");
  changed_locked();
  return {};
}

std::vector<PolicyConfig> Datapath::policies() const {
  std::lock_guard lock(control_mutex_);
  std::vector<PolicyConfig> out;
  for (const auto& [id, p] : policies_)
    out.push_back(p.config);
  return out;
}

DataplaneStats Datapath::stats() const {
  DataplaneStats s;
  for (const auto& w : workers_)
    w->stats().add_to(s);
  return s;
}

std::vector<DataplaneStats> Datapath::thread_stats() const {
  std::vector<DataplaneStats> out(workers_.size());
  for (std::size_t i = 0; i < workers_.size(); ++i)
    workers_[i]->stats().add_to(out[i]);
  return out;
}

void Datapath::set_event_handler(EventHandler handler) {
  auto h = std::make_shared<const EventHandler>(std::move(handler));
  std::lock_guard lock(handler_mutex_);
  handler_ = std::move(h);
}

void Datapath::set_flush_notifier(std::function<void()> notify) {
  std::lock_guard lock(control_mutex_);
  flush_notifier_ = std::move(notify);
}

void Datapath::emit(const Event& e) const {
  std::shared_ptr<const EventHandler> h;
  {
    std::lock_guard lock(handler_mutex_);
    h = handler_;
  }
  log::debug("dataplane", "event {}", event_to_string(e));
  if (h && *h) (*h)(e);
}

void Datapath::refresh(WorkerContext& ctx) const {
  const std::uint64_t gen = generation_.load(std::memory_order_acquire);
  if (gen == ctx.generation_) return;
  std::lock_guard lock(control_mutex_);
  if (snapshot_generation_ != generation_.load(std::memory_order_relaxed)) build_snapshot_locked();
  ctx.snapshot_ = snapshot_;
  ctx.generation_ = snapshot_generation_;
}

const SaId* Datapath::inbound_spi_user_locked(std::uint32_t spi) const {
  // SaIds order by direction, then SPI: the first inbound id with this SPI, if any, is here.
  auto it = sas_.lower_bound(SaId{Direction::kInbound, spi, IpAddress{}});
  if (it == sas_.end() || it->first.direction != Direction::kInbound || it->first.spi != spi)
    return nullptr;
  return &it->first;
}

void Datapath::changed_locked() {
  generation_.fetch_add(1, std::memory_order_release);
}

// Rebuilds the snapshot from the tables: O(SAs + policies), which keeps the packet path free of
// locks. It runs when a worker first looks after a change (once per batch at most), not per
// change: a CHILD_SA is several changes, and rebuilding for each made setting up N CHILD_SAs cost
// O(N^2) (bench/ike: oakleyd spent most of its time here at a few thousand SAs).
void Datapath::build_snapshot_locked() const {
  auto snap = std::make_shared<Snapshot>();
  snap->inbound.reserve(sas_.size());
  for (const auto& [id, e] : sas_) {
    if (id.direction == Direction::kInbound) {
      snap->inbound[id.spi] = e;
      continue;
    }
    auto& slot = snap->outbound[e->reqid];
    if (!slot || slot->install_order < e->install_order) slot = e;
  }
  std::vector<PolicyEntry> policies;
  policies.reserve(policies_.size());
  for (const auto& [id, p] : policies_)
    policies.push_back(p);
  snap->policies = PolicyTable(std::move(policies));
  snapshot_ = std::move(snap);
  snapshot_generation_ = generation_.load(std::memory_order_relaxed);
}

void Datapath::schedule_flush_locked(std::uint32_t reqid) {
  // Without held packets anywhere (the usual case) this is O(1), not a walk over every policy
  // for each SA and policy installed.
  if (!trap_held_.load(std::memory_order_acquire)) return;
  bool waiting = false;
  for (const auto& [id, p] : policies_)
    if (p.config.reqid == reqid && p.queue && !p.queue->empty()) waiting = true;
  if (!waiting) return;
  // Held packets can go once an outbound SA of their reqid exists (rare: only with a trap).
  bool outbound = false;
  for (const auto& [id, e] : sas_)
    if (id.direction == Direction::kOutbound && e->reqid == reqid) outbound = true;
  if (!outbound) return;
  flush_pending_.store(true, std::memory_order_release);
  if (flush_notifier_) flush_notifier_();
}

}  // namespace oakley::dataplane
