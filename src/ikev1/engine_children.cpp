// The engine's side of IPsec SAs and lifetimes: installing and removing SA pairs in the data
// plane, Phase 1 / Phase 2 rekey and expiry timers (make-before-break), NAT keepalives, and what
// a data-plane event means for a pair. SPIs, reqids, trap policies, start actions and the
// routing of data-plane events are ike::ChildManager's, shared with the IKEv2 engine.
#include <algorithm>

#include "common/log.hpp"
#include "crypto/random.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/dpd.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/proxy_ids.hpp"
#include "ikev1/exchanges/quick_mode.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace dp = dataplane;

namespace {

Duration seconds(std::int64_t s) {
  return std::chrono::duration_cast<Duration>(std::chrono::seconds(std::max<std::int64_t>(s, 0)));
}

// `base` minus a random part of `rand`, so both peers do not rekey at the same moment.
std::int64_t jittered(std::int64_t base, std::int64_t rand) {
  if (rand <= 0 || base <= 0) return base;
  auto r = static_cast<std::int64_t>(crypto::random_u64() % static_cast<std::uint64_t>(rand));
  return base > r ? base - r : base;
}

// When to rekey something that lives `life` seconds (0: forever), given the configured rekey
// time and the margin the configuration keeps between rekey and expiry.
std::int64_t rekey_after(std::int64_t configured, std::int64_t rand, std::int64_t life,
                         std::int64_t margin) {
  std::int64_t at = jittered(configured, rand);
  if (life <= 0) return at;
  std::int64_t latest = margin > 0 && margin < life ? life - margin : life * 9 / 10;
  return at > 0 ? std::min(at, latest) : latest;
}

}  // namespace

ChildSa& Engine::add_child(IsakmpSa& sa, const config::Child& child, std::size_t pair_index) {
  auto c = std::make_unique<ChildSa>();
  c->id = sas_.next_child_id();
  c->config = &child;
  c->pair_index = pair_index;
  c->reqid = child_manager_.reqid_for(*sa.connection, child, pair_index);
  ChildSa& ref = *c;
  sa.children.push_back(std::move(c));
  return ref;
}

namespace {

// RFC 2407 4.5: a lifetime in kilobytes ends the pair after that much traffic. The data plane
// rekeys at the soft limit: the configured rekey_bytes if lower, else 90% of the hard one (as
// rekey_time relates to life_time by default).
void apply_kilobytes(ike::ChildPlacement& p, const ChildSa& child) {
  if (child.life_kilobytes == 0) return;
  const auto& cfg = *child.config;
  std::uint64_t hard = child.life_kilobytes * 1024;
  if (cfg.life_bytes && cfg.life_bytes < hard) hard = cfg.life_bytes;
  std::uint64_t soft = hard - hard / 10;
  if (cfg.rekey_bytes && cfg.rekey_bytes < soft) soft = cfg.rekey_bytes;
  p.hard_bytes = hard;
  p.soft_bytes = soft;
}

}  // namespace

std::uint32_t Engine::reqid_for_child(const IsakmpSa& sa, const ChildSa& child) {
  return child_manager_.reqid_for_child(*sa.connection, *child.config, child.pair_index,
                                        child.local_ts, child.remote_ts);
}

ike::ChildPlacement Engine::placement(const IsakmpSa& sa, const ChildSa& child) const {
  auto p = ike::placement_of(child, sa.local, sa.remote);
  if (p.local.address.is_unspecified()) {
    if (auto a = deps_.sender.source_for(sa.remote.address)) p.local.address = *a;
  }
  apply_kilobytes(p, child);
  return p;
}

Status Engine::install_inbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) {
  if (options_.install_children) {
    auto st = child_manager_.installer().install_inbound(placement(sa, child), keys);
    if (!st) return st;
  }
  child.inbound_installed = true;
  return {};
}

Status Engine::install_outbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) {
  if (options_.install_children) {
    auto st = child_manager_.installer().install_outbound(placement(sa, child), keys);
    if (!st) return st;
  }
  child.outbound_installed = true;
  return {};
}

void Engine::uninstall_child(IsakmpSa& sa, ChildSa& child) {
  for (TimerId* t : {&child.rekey_timer, &child.expire_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
  if (!options_.install_children || !child.inbound_installed) return;
  // Policies stay while another SA pair of the reqid (its rekeyed successor) carries them.
  bool shared = false;
  for (IsakmpSa* other : sas_) {
    for (auto& c : other->children) {
      if (c.get() != &child && c->reqid == child.reqid && c->outbound_installed) shared = true;
    }
  }
  child_manager_.uninstall(placement(sa, child), child.outbound_installed, shared, sa.connection);
}

void Engine::remove_child(IsakmpSa& sa, std::uint32_t child_id, ChildEnd why) {
  ChildSa* child = sa.find_child(child_id);
  if (!child) return;
  const config::Child* cfg = child->config;
  if (why != ChildEnd::kFailed && child->state != ChildState::kCreating &&
      child->state != ChildState::kRekeyed) {
    emit_child_event(ike::SaEventKind::kChildDown, sa, *child,
                     why == ChildEnd::kPeerDead       ? "peer dead"
                     : why == ChildEnd::kClosedByPeer ? "closed by peer"
                     : why == ChildEnd::kExpired      ? "expired"
                                                      : "deleted");
  }
  if (why != ChildEnd::kFailed) {
    ++stats_.child_deleted;
    sa_log(sa, *child, log::Level::kInfo, "CHILD_SA {}{{{}}} removed (SPIs {:08x}_i {:08x}_o)",
           child->name(), child->id, child->spi_in, child->spi_out);
  }
  uninstall_child(sa, *child);
  std::erase_if(sa.children, [&](const std::unique_ptr<ChildSa>& c) { return c->id == child_id; });
  if (cfg && (why == ChildEnd::kClosedByPeer || why == ChildEnd::kPeerDead)) {
    apply_child_action(sa, *cfg, why);
  }
  if (sa.state == IsakmpState::kDeleted && sa.children.empty()) {
    destroy_sa(sa, "its last IPsec SA is gone", false, false);
  }
}

void Engine::apply_child_action(IsakmpSa& sa, const config::Child& cfg, ChildEnd why) {
  if (!sa.connection) return;
  auto action = why == ChildEnd::kPeerDead ? cfg.dpd_action : cfg.close_action;
  std::string conn = sa.connection->name, name = cfg.name;
  switch (action) {
    case config::ChildAction::kClear:
      return;
    case config::ChildAction::kTrap:
      child_manager_.install_traps(*sa.connection, cfg);
      return;
    case config::ChildAction::kRestart:
      sa_log(sa, log::Level::kInfo, "restarting CHILD_SA {} ({})", name,
             why == ChildEnd::kPeerDead ? "peer dead" : "closed by peer");
      schedule_detached(Duration::zero(), [this, conn, name] {
        if (find_child_id(conn, name)) return;
        auto st = initiate(conn, name, nullptr);
        if (!st) log::warn("ike", "restart of {}/{} failed: {}", conn, name, st.error().message);
      });
      return;
  }
}

void Engine::start_quick_mode(IsakmpSa& sa, const config::Child& child, std::size_t pair_index,
                              std::uint32_t rekeying, Completion done) {
  std::optional<SelectorPair> selectors;
  if (rekeying) {
    for (auto* s : sas_of(*sa.connection)) {
      if (ChildSa* old = s->find_child(rekeying)) {
        old->state = ChildState::kRekeying;
        selectors = SelectorPair{old->local_ts.front(), old->remote_ts.front()};
      }
    }
  }
  std::uint32_t mid = new_message_id(sa);
  start_exchange(sa, mid,
                 std::make_unique<QuickModeInitiator>(exchange_context(), child, pair_index,
                                                      rekeying, selectors, std::move(done)));
}

void Engine::schedule_child_timers(IsakmpSa& sa, ChildSa& child) {
  const auto& cfg = *child.config;
  auto life = static_cast<std::int64_t>(child.life_seconds);
  auto margin = (cfg.life_time - cfg.rekey_time).count();
  std::int64_t rekey = rekey_after(cfg.rekey_time.count(), cfg.rand_time.count(), life, margin);
  std::uint32_t child_id = child.id;
  (void)sa;
  auto locate = [this](std::uint32_t id) -> std::pair<IsakmpSa*, ChildSa*> {
    for (IsakmpSa* s : sas_) {
      if (ChildSa* c = s->find_child(id)) return {s, c};
    }
    return {nullptr, nullptr};
  };
  // Relative to installation: a pair revived after a failed replacement keeps its deadlines.
  auto now = deps_.timers.now();
  auto from_install = [&](std::int64_t s) {
    auto at = child.installed_at + seconds(s);
    return at > now ? at - now : Duration::zero();
  };
  if (rekey > 0) {
    child.rekey_at = child.installed_at + seconds(rekey);
    child.rekey_timer = deps_.timers.schedule(from_install(rekey), [this, child_id, locate] {
      auto [s, c] = locate(child_id);
      if (!c) return;
      c->rekey_timer = 0;
      if (c->state != ChildState::kInstalled) return;
      sa_log(*s, *c, log::Level::kInfo, "CHILD_SA {}{{{}}}: rekey time reached", c->name(), c->id);
      rekey_child_now(*s, *c, nullptr);
    });
  }
  if (life > 0) {
    child.expire_timer = deps_.timers.schedule(from_install(life), [this, child_id, locate] {
      auto [s, c] = locate(child_id);
      if (!c) return;
      c->expire_timer = 0;
      sa_log(*s, *c, log::Level::kInfo, "CHILD_SA {}{{{}}} reached the end of its lifetime",
             c->name(), c->id);
      IsakmpSa* via =
          s->state == IsakmpState::kEstablished ? s : established_sa_for(*s->connection);
      if (via) send_informational(*via, {delete_esp_payload({c->spi_in})});
      remove_child(*s, child_id, ChildEnd::kExpired);
    });
  }
}

void Engine::schedule_lifetime_timers(IsakmpSa& sa) {
  for (TimerId* t : {&sa.rekey_timer, &sa.expire_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
  const auto& conn = *sa.connection;
  auto life = static_cast<std::int64_t>(sa.lifetime_seconds);
  std::uint32_t sa_id = sa.id;
  // Relative to establishment: a lifetime lowered later (RESPONDER-LIFETIME) keeps the start.
  auto now = deps_.timers.now();
  auto from_start = [&](std::int64_t s) {
    auto at = sa.established_at + seconds(s);
    return at > now ? at - now : Duration::zero();
  };
  if (life > 0) {
    sa.expire_at = sa.established_at + seconds(life);
    sa.expire_timer = deps_.timers.schedule(from_start(life), [this, sa_id] {
      IsakmpSa* s = find_sa(sa_id);
      if (!s) return;
      s->expire_timer = 0;
      if (s->state == IsakmpState::kEstablished || s->state == IsakmpState::kRekeyed) {
        send_informational(*s, {delete_isakmp_payload(*s)});
      }
      retire_sa(*s, "its lifetime expired");
    });
  }
  // IKEv1 has no rekey exchange: the original initiator makes a new Phase 1 before expiry.
  auto base = conn.reauth_time.count() > 0 ? conn.reauth_time : conn.rekey_time;
  std::int64_t rekey =
      rekey_after(base.count(), conn.rand_time.count(), life, conn.over_time.count());
  if (sa.initiator && conn.can_initiate() && rekey > 0) {
    sa.rekey_at = sa.established_at + seconds(rekey);
    sa.rekey_timer = deps_.timers.schedule(from_start(rekey), [this, sa_id] {
      IsakmpSa* s = find_sa(sa_id);
      if (!s || s->state != IsakmpState::kEstablished) return;
      s->rekey_timer = 0;
      sa_log(*s, log::Level::kInfo, "ISAKMP SA rekey time reached");
      (void)rekey_ike(sa_id, nullptr);
    });
  }
}

void Engine::schedule_sa_timers(IsakmpSa& sa) {
  for (TimerId* t : {&sa.dpd_timer, &sa.keepalive_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
  schedule_lifetime_timers(sa);
  std::uint32_t sa_id = sa.id;
  start_dpd(exchange_context(), sa);
  auto keep = config_->daemon.keep_alive.count();
  if (sa.nat_local && keep > 0) {
    sa.keepalive_timer =
        deps_.timers.schedule(seconds(keep), [this, sa_id] { keepalive_tick(sa_id); });
  }
}

void Engine::lower_lifetime(IsakmpSa& sa, std::uint64_t secs) {
  if (!secs || (sa.lifetime_seconds && secs >= sa.lifetime_seconds)) return;
  sa_log(sa, log::Level::kInfo, "peer lowered the ISAKMP SA lifetime from {}s to {}s",
         sa.lifetime_seconds, secs);
  sa.lifetime_seconds = secs;
  if (sa.state == IsakmpState::kEstablished) schedule_lifetime_timers(sa);
}

void Engine::lower_lifetime(IsakmpSa& sa, ChildSa& child, std::uint64_t secs,
                            std::uint64_t kilobytes) {
  bool lower_s = secs && (!child.life_seconds || secs < child.life_seconds);
  bool lower_kb = kilobytes && (!child.life_kilobytes || kilobytes < child.life_kilobytes);
  if (!lower_s && !lower_kb) return;
  if (!child.lowered_by_peer || !child.lifetime_lowered) {
    child.proposed_life_seconds = child.life_seconds;
    child.proposed_life_kilobytes = child.life_kilobytes;
  }
  if (lower_s) child.life_seconds = secs;
  if (lower_kb) child.life_kilobytes = kilobytes;
  child.lifetime_lowered = true;
  child.lowered_by_peer = true;
  child.lowered_at = deps_.timers.now();
  sa_log(sa, child, log::Level::kInfo,
         "peer lowered the lifetime of CHILD_SA {}{{{}}} to {}s, {}kB", child.name(), child.id,
         child.life_seconds, child.life_kilobytes);
  if (child.state != ChildState::kInstalled) return;
  for (TimerId* t : {&child.rekey_timer, &child.expire_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
  schedule_child_timers(sa, child);
}

// RFC 3948 keepalives keep the NAT mapping of the side behind it open while IKE is quiet.
void Engine::keepalive_tick(std::uint32_t sa_id) {
  IsakmpSa* s = find_sa(sa_id);
  if (!s || s->state != IsakmpState::kEstablished) return;
  auto interval = seconds(config_->daemon.keep_alive.count());
  if (interval <= Duration::zero()) return;
  if (deps_.timers.now() - s->last_outbound >= interval) {
    deps_.sender.send_keepalive(s->local, s->remote);
    ++stats_.keepalives_sent;
    s->last_outbound = deps_.timers.now();
  }
  s->keepalive_timer = deps_.timers.schedule(interval, [this, sa_id] { keepalive_tick(sa_id); });
}

std::uint64_t Engine::inbound_esp_packets(const IsakmpSa& sa) const {
  if (!options_.install_children) return 0;
  std::uint64_t n = 0;
  for (const auto& c : sa.children) {
    if (!c->inbound_installed) continue;
    auto counters =
        deps_.dataplane.query_sa({dp::Direction::kInbound, c->spi_in, sa.remote.address});
    if (counters) n += counters->packets;
  }
  return n;
}

void Engine::run_start_actions() {
  child_manager_.run_start_actions(
      *config_, [this](const config::Connection& c) { return find_ike_id(c.name).has_value(); },
      [this](const config::Connection& c) { return initiate(c.name, "", nullptr); });
}

void Engine::on_dataplane_event(const dp::Event& event) {
  ike::ChildEventHandlers handlers;
  handlers.acquire = [&](const config::Connection& conn, const std::string& reqid_child,
                         const dp::AcquireEvent& acq) { on_acquire(conn, reqid_child, acq); };
  handlers.rekey = [&](const dp::SaId& id, const char* why) {
    auto [sa, child] = sas_.holding(id);
    if (!child || child->state != ChildState::kInstalled) return;
    sa_log(*sa, *child, log::Level::kInfo, "CHILD_SA {}{{{}}}: {}, rekeying", child->name(),
           child->id, why);
    rekey_child_now(*sa, *child, nullptr);
  };
  handlers.hard_expire = [&](const dp::SaId& id) {
    auto [sa, child] = sas_.holding(id);
    if (!child) return;
    sa_log(*sa, *child, log::Level::kInfo, "CHILD_SA {}{{{}}} hit its hard limit, deleting",
           child->name(), child->id);
    IsakmpSa* via =
        sa->state == IsakmpState::kEstablished ? sa : established_sa_for(*sa->connection);
    if (via) send_informational(*via, {delete_esp_payload({child->spi_in})});
    remove_child(*sa, child->id, ChildEnd::kExpired);
  };
  child_manager_.route(*config_, event, handlers);
}

void Engine::on_acquire(const config::Connection& conn, const std::string& reqid_child,
                        const dp::AcquireEvent& acq) {
  // A reqid of a child's second selector pair is "net#2": the child is "net".
  auto hash = reqid_child.find('#');
  const auto* child = conn.find_child(reqid_child.substr(0, hash));
  if (!child) return;
  std::size_t pair = hash == std::string::npos ? 0 : std::stoul(reqid_child.substr(hash + 1)) - 1;
  if (!conn.can_initiate()) return acquire_to_destination(conn, *child, pair, acq);
  if (find_child_id(conn.name, child->name)) return;
  ++stats_.acquires;
  for (auto* sa : sas_of(conn)) {
    if (acquire_on(*sa, *child, pair)) return;
  }
  log::info("ike", "acquire for {}/{} ({} === {}): initiating", conn.name, child->name,
            acq.local_ts.to_string(), acq.remote_ts.to_string());
  (void)initiate(conn.name, child->name, nullptr);
}

bool Engine::acquire_on(IsakmpSa& sa, const config::Child& child, std::size_t pair) {
  for (auto& [mid, rec] : sa.exchanges) {
    auto qm = rec->handler ? rec->handler->child_in_flight() : std::nullopt;
    if (qm && qm->we_initiate && qm->child == &child && qm->pair == pair) return true;
  }
  auto same = [&](const auto& c) { return c->config == &child && c->pair_index == pair; };
  if (sa.ready()) {
    if (std::none_of(sa.children.begin(), sa.children.end(), same))
      start_quick_mode(sa, child, pair, 0, nullptr);
    return true;
  }
  if ((sa.initiator && sa.state == IsakmpState::kNegotiating) || sa.xauth_pending()) {
    auto queued = [&](const IsakmpSa::PendingChild& p) {
      return p.child == &child && p.pair_index == pair;
    };
    if (std::none_of(sa.pending_children.begin(), sa.pending_children.end(), queued))
      sa.pending_children.push_back({&child, pair, 0, nullptr});
    return true;
  }
  return false;
}

// remote_addrs %any, a subnet or a range: as charon, initiate to the destination of the packet
// that hit the trap, if remote_addrs holds it. One ISAKMP SA per peer: one with that peer that is
// up takes the Quick Mode, one under way brings it.
void Engine::acquire_to_destination(const config::Connection& conn, const config::Child& child,
                                    std::size_t pair, const dp::AcquireEvent& acq) {
  auto addresses = ike::trap_initiation_addresses(conn, child.name, acq.remote_ts.start);
  if (!addresses) return;
  const IpAddress& peer = addresses->remote;
  ++stats_.acquires;
  for (auto* sa : sas_of(conn)) {
    if (sa->remote.address == peer && acquire_on(*sa, child, pair)) return;
  }
  log::info("ike", "acquire for {}/{} ({} === {}): initiating to the destination {}", conn.name,
            child.name, acq.local_ts.to_string(), acq.remote_ts.to_string(), peer.to_string());
  std::vector<IsakmpSa::PendingChild> work;
  work.push_back({&child, pair, 0, nullptr});
  start_phase1(conn, 0, std::move(work), nullptr, *addresses);
}

}  // namespace oakley::ikev1
