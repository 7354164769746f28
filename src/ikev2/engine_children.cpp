// The engine's side of CHILD_SAs and lifetimes: installing and removing SAs and policies in the
// data plane, selectors, rekey/expiry/liveness timers, and what a data-plane event means for a
// CHILD_SA. SPIs, reqids, trap policies, start actions and the routing of data-plane events are
// ike::ChildManager's, shared with the IKEv1 engine.
#include <algorithm>
#include <utility>

#include "common/log.hpp"
#include "crypto/random.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/exchanges/child_create.hpp"
#include "ikev2/exchanges/ike_rekey.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/sa_log.hpp"

namespace oakley::ikev2 {

namespace dp = dataplane;

namespace {

Duration seconds(std::chrono::seconds s) {
  return std::chrono::duration_cast<Duration>(s);
}

// rekey_time minus a random part of rand_time, so both peers do not rekey at the same moment.
Duration jittered(std::chrono::seconds base, std::chrono::seconds rand) {
  auto b = seconds(base);
  if (rand.count() <= 0) return b;
  auto r = std::chrono::milliseconds(crypto::random_u64() %
                                     static_cast<std::uint64_t>(rand.count() * 1000));
  return b > r ? b - r : b;
}

ike::Selectors resolve(const std::vector<config::TrafficSelectorSpec>& specs,
                       const IpAddress& self) {
  ike::Selectors out;
  for (const auto& s : specs) {
    if (!s.dynamic) {
      out.push_back(s.selector);
      continue;
    }
    TrafficSelector ts = s.selector;
    ts.start = ts.end = self;
    out.push_back(ts);
  }
  return out;
}

}  // namespace

void Engine::release_spi(std::uint32_t) {
  // The data plane frees an SPI when its SA is deleted; an allocated but never installed SPI
  // costs nothing there.
}

std::uint32_t Engine::reqid_for_child(const IkeSa& sa, const config::Child& child,
                                      const ike::Selectors& local_ts,
                                      const ike::Selectors& remote_ts) {
  return child_manager_.reqid_for_child(*sa.connection, child, 0, local_ts, remote_ts);
}

// "dynamic" with virtual IPs: one selector per address.
ike::Selectors resolve_each(const std::vector<config::TrafficSelectorSpec>& specs,
                            const std::vector<IpAddress>& addresses) {
  ike::Selectors out;
  for (const auto& a : addresses) {
    for (auto& ts : resolve(specs, a))
      if (std::find(out.begin(), out.end(), ts) == out.end()) out.push_back(ts);
  }
  return out;
}

ike::Selectors Engine::local_selectors(const IkeSa& sa, const config::Child& child) const {
  if (!sa.local_vips.empty()) return resolve_each(child.local_ts, sa.local_vips);
  if (sa.connection && !sa.connection->vips.empty()) {
    // Still asking for a virtual IP: offer the whole family, the gateway narrows it to ours.
    ike::Selectors out;
    for (const auto& spec : child.local_ts) {
      if (!spec.dynamic) {
        out.push_back(spec.selector);
        continue;
      }
      for (const auto& vip : sa.connection->vips) {
        auto any = TrafficSelector::any(vip.family());
        any.ip_protocol = spec.selector.ip_protocol;
        any.start_port = spec.selector.start_port;
        any.end_port = spec.selector.end_port;
        out.push_back(any);
      }
    }
    return out;
  }
  return resolve(child.local_ts, sa.local.address);
}

ike::Selectors Engine::remote_selectors(const IkeSa& sa, const config::Child& child) const {
  if (!sa.peer_vips.empty()) {
    std::vector<IpAddress> vips;
    for (const auto& v : sa.peer_vips)
      vips.push_back(v.address);
    return resolve_each(child.remote_ts, vips);
  }
  return resolve(child.remote_ts, sa.remote.address);
}

const config::SharedSecret* Engine::find_psk(const IkeSa& sa, const config::Identity& local,
                                             const config::Identity& remote) {
  const auto* s = sa.config_snapshot->ike_secret(local, remote);
  if (!s) {
    sa_log(sa, log::Level::kWarn,
           "no shared key found for '{}' - '{}' (add an ike secret with "
           "these ids to the secrets section)",
           local.to_string(), remote.to_string());
  }
  return s;
}

ike::ChildPlacement Engine::placement(const IkeSa& sa, const ChildSa& child) const {
  return ike::placement_of(child, sa.local, sa.remote);
}

Status Engine::install_outbound(IkeSa& sa, ChildSa& child, const ChildKeys& keys) {
  if (options_.install_children) {
    auto st = child_manager_.installer().install_outbound(placement(sa, child), keys);
    if (!st) return st;
  }
  child.outbound_installed = true;
  return {};
}

Status Engine::install_child(IkeSa& sa, ChildSa& child, const ChildKeys& keys,
                             bool install_outbound_now) {
  if (options_.install_children) {
    auto st = child_manager_.installer().install_inbound(placement(sa, child), keys);
    if (!st) return st;
  }
  if (!install_outbound_now) return {};
  auto st = install_outbound(sa, child, keys);
  if (!st && options_.install_children) {
    child_manager_.installer().remove(placement(sa, child), false, true);
  }
  return st;
}

void Engine::uninstall_child(IkeSa& sa, ChildSa& child) {
  for (auto t : {child.rekey_timer, child.expire_timer, child.delete_timer}) {
    if (t) deps_.timers.cancel(t);
  }
  child.rekey_timer = child.expire_timer = child.delete_timer = 0;
  pending_outbound_.erase(child.id);
  if (!options_.install_children) return;
  // Policies stay while another CHILD_SA of the same reqid (its rekeyed successor) carries them.
  bool shared = false;
  for (IkeSa* other : sas_) {
    for (auto& c : other->children) {
      if (c.get() != &child && c->reqid == child.reqid && c->outbound_installed) shared = true;
    }
  }
  child_manager_.uninstall(placement(sa, child), child.outbound_installed, shared, sa.connection);
}

void Engine::remove_child(IkeSa& sa, ChildSa& child, ChildEnd why) {
  std::uint32_t child_id = child.id;
  std::uint32_t successor = child.replaced_by;
  const config::Child* cfg = child.config;
  if (child.state != ChildState::kRekeyed && child.state != ChildState::kCreating) {
    emit_child_event(ike::SaEventKind::kChildDown, sa, child,
                     why == ChildEnd::kPeerDead       ? "peer dead"
                     : why == ChildEnd::kClosedByPeer ? "closed by peer"
                                                      : "deleted");
  }
  uninstall_child(sa, child);
  ++stats_.child_deleted;
  std::erase_if(sa.children, [&](const std::unique_ptr<ChildSa>& c) { return c->id == child_id; });
  // A rekey responder switches outbound traffic to the new SA once the old one is gone.
  if (successor) {
    auto it = pending_outbound_.find(successor);
    if (ChildSa* next = sa.find_child(successor); next && it != pending_outbound_.end()) {
      (void)install_outbound(sa, *next, it->second);
      pending_outbound_.erase(it);
    }
  }
  complete_child(child_id, Status{});
  if (!cfg || !sa.connection || why == ChildEnd::kDeleted) return;
  auto action = why == ChildEnd::kPeerDead ? cfg->dpd_action : cfg->close_action;
  std::string conn = sa.connection->name, name = cfg->name;
  switch (action) {
    case config::ChildAction::kClear:
      return;
    case config::ChildAction::kTrap:
      child_manager_.install_traps(*sa.connection, *cfg);
      return;
    case config::ChildAction::kRestart:
      sa_log(sa, log::Level::kInfo, "restarting CHILD_SA {} ({})", name,
             why == ChildEnd::kPeerDead ? "peer dead" : "closed by peer");
      deps_.timers.schedule(Duration::zero(), [this, conn, name] {
        auto st = initiate(conn, name, nullptr);
        if (!st) log::warn("ike", "restart of {}/{} failed: {}", conn, name, st.error().message);
      });
      return;
  }
}

void Engine::remove_all_children(IkeSa& sa, ChildEnd why) {
  std::vector<std::uint32_t> ids;
  for (auto& c : sa.children)
    ids.push_back(c->id);
  for (auto id : ids) {
    if (ChildSa* c = sa.find_child(id)) remove_child(sa, *c, why);
  }
}

void Engine::schedule_child_timers(IkeSa& sa, ChildSa& child) {
  const auto& cfg = *child.config;
  std::uint32_t sa_id = sa.id, child_id = child.id;
  if (cfg.rekey_time.count() > 0) {
    child.rekey_timer =
        deps_.timers.schedule(jittered(cfg.rekey_time, cfg.rand_time), [this, sa_id, child_id] {
          IkeSa* s = find_sa(sa_id);
          ChildSa* c = s ? s->find_child(child_id) : nullptr;
          if (!c) return;
          c->rekey_timer = 0;
          if (c->state == ChildState::kInstalled)
            queue_task(*s, make_child_create_task(*this, *c->config, c));
        });
  }
  if (cfg.life_time.count() > 0) {
    child.expire_timer = deps_.timers.schedule(seconds(cfg.life_time), [this, sa_id, child_id] {
      IkeSa* s = find_sa(sa_id);
      ChildSa* c = s ? s->find_child(child_id) : nullptr;
      if (!c) return;
      c->expire_timer = 0;
      sa_log(*s, *c, log::Level::kInfo, "CHILD_SA {}{{{}}} reached its life_time", c->name(),
             c->id);
      queue_task(*s, make_child_delete_task(*this, child_id));
    });
  }
}

void Engine::schedule_ike_timers(IkeSa& sa) {
  for (TimerId* t :
       {&sa.expire_timer, &sa.rekey_timer, &sa.reauth_timer, &sa.dpd_timer, &sa.keepalive_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
  const auto& conn = *sa.connection;
  std::uint32_t sa_id = sa.id;
  if (conn.rekey_time.count() > 0) {
    sa.rekey_timer =
        deps_.timers.schedule(jittered(conn.rekey_time, conn.rand_time), [this, sa_id] {
          IkeSa* s = find_sa(sa_id);
          if (!s) return;
          s->rekey_timer = 0;
          if (s->state == IkeState::kEstablished) queue_task(*s, make_ike_rekey_task(*this));
        });
  }
  if (conn.reauth_time.count() > 0 && sa.original_initiator) {
    sa.reauth_timer =
        deps_.timers.schedule(jittered(conn.reauth_time, conn.rand_time), [this, sa_id] {
          IkeSa* s = find_sa(sa_id);
          if (!s || s->state != IkeState::kEstablished) return;
          s->reauth_timer = 0;
          // Break-before-make reauthentication: a fresh IKE SA after the old one is deleted.
          std::string conn_name = s->name();
          sa_log(*s, log::Level::kInfo, "reauthenticating IKE_SA");
          sas_.ike_completions().add(
              sa_id, [this, conn_name](const Status&) { (void)initiate(conn_name, "", nullptr); });
          queue_task(*s, make_ike_delete_task(*this));
        });
  }
  auto longest = std::max(conn.rekey_time, conn.reauth_time);
  if (longest.count() > 0) {
    sa.expire_timer = deps_.timers.schedule(seconds(longest + conn.over_time), [this, sa_id] {
      if (IkeSa* s = find_sa(sa_id)) {
        s->expire_timer = 0;
        destroy_sa(*s, "IKE SA lifetime expired (rekey_time + over_time)", false);
      }
    });
  }
  if (conn.dpd_delay.count() > 0) schedule_dpd(sa, seconds(conn.dpd_delay));
  auto keep = config_->daemon.keep_alive;
  if (sa.nat_local && keep.count() > 0) schedule_keepalive(sa, seconds(keep));
}

// Each tick re-arms itself by SA id: the callbacks hold no reference to the SA or to themselves,
// so a deleted SA simply stops the chain.
void Engine::schedule_dpd(IkeSa& sa, Duration delay) {
  sa.dpd_timer = deps_.timers.schedule(delay, [this, sa_id = sa.id, delay] {
    IkeSa* s = find_sa(sa_id);
    if (!s) return;
    auto idle = deps_.timers.now() - s->last_inbound;
    if (idle >= delay && !s->active && s->queue.empty() && s->state == IkeState::kEstablished) {
      queue_task(*s, make_liveness_task(*this));
    }
    schedule_dpd(*s, delay);
  });
}

void Engine::schedule_keepalive(IkeSa& sa, Duration interval) {
  sa.keepalive_timer = deps_.timers.schedule(interval, [this, sa_id = sa.id, interval] {
    IkeSa* s = find_sa(sa_id);
    if (!s) return;
    if (deps_.timers.now() - s->last_outbound >= interval) {
      deps_.sender.send_keepalive(s->local, s->remote);
      s->last_outbound = deps_.timers.now();
    }
    schedule_keepalive(*s, interval);
  });
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
    queue_task(*sa, make_child_create_task(*this, *child->config, child));
  };
  handlers.hard_expire = [&](const dp::SaId& id) {
    auto [sa, child] = sas_.holding(id);
    if (!child) return;
    sa_log(*sa, *child, log::Level::kInfo, "CHILD_SA {}{{{}}} hit its hard limit, deleting",
           child->name(), child->id);
    queue_task(*sa, make_child_delete_task(*this, child->id));
  };
  child_manager_.route(*config_, event, handlers);
}

void Engine::on_acquire(const config::Connection& conn, const std::string& reqid_child,
                        const dp::AcquireEvent& acq) {
  ++stats_.acquires;
  const auto* child = conn.find_child(reqid_child);
  if (!child) return;
  if (!conn.can_initiate()) return acquire_to_destination(conn, *child, acq);
  if (find_child_id(conn.name, reqid_child)) return;  // already up (raced the acquire)
  if (auto ike = find_ike_id(conn.name); ike && acquire_on(*find_sa(*ike), *child, acq)) return;
  log::info("ike", "acquire for {}/{} ({} === {}): initiating", conn.name, reqid_child,
            acq.local_ts.to_string(), acq.remote_ts.to_string());
  (void)initiate(conn.name, reqid_child, nullptr);
}

// remote_addrs %any, a subnet or a range: as charon, initiate to the destination of the packet
// that hit the trap, if remote_addrs holds it. One IKE SA per peer: one with that peer that is up
// gets the CHILD_SA, one coming up brings it.
void Engine::acquire_to_destination(const config::Connection& conn, const config::Child& child,
                                    const dp::AcquireEvent& acq) {
  auto addresses = ike::trap_initiation_addresses(conn, child.name, acq.remote_ts.start);
  if (!addresses) return;
  const IpAddress& peer = addresses->remote;
  for (IkeSa* sa : sas_.of_connection(conn.name)) {
    if (sa->remote.address == peer && acquire_on(*sa, child, acq)) return;
  }
  log::info("ike", "acquire for {}/{} ({} === {}): initiating to the destination", conn.name,
            child.name, acq.local_ts.to_string(), acq.remote_ts.to_string());
  auto r = initiate_to(conn, &child, Endpoint{peer, conn.remote_port}, std::nullopt, nullptr,
                       addresses->local);
  if (!r) log::warn("ike", "acquire for {}/{}: {}", conn.name, child.name, r.error().message);
}

bool Engine::child_up_or_coming(const IkeSa& sa, std::string_view child) const {
  auto has = [&](const auto& c) { return c->name() == child; };
  return std::any_of(sa.children.begin(), sa.children.end(), has) || creating(sa, child);
}

bool Engine::child_up(const IkeSa& sa, std::string_view child) const {
  auto up = [&](const auto& c) {
    return c->name() == child &&
           (c->state == ChildState::kInstalled || c->state == ChildState::kRekeying);
  };
  return std::any_of(sa.children.begin(), sa.children.end(), up);
}

Task* Engine::creating(const IkeSa& sa, std::string_view child) const {
  if (sa.active && sa.active->creates_child(child)) return sa.active.get();
  for (const auto& t : sa.queue)
    if (t->creates_child(child)) return t.get();
  return nullptr;
}

bool Engine::acquire_on(IkeSa& sa, const config::Child& child, const dp::AcquireEvent& acq) {
  auto trigger = std::make_pair(acq.local_ts, acq.remote_ts);
  if (sa.state == IkeState::kEstablished) {
    if (!child_up_or_coming(sa, child.name)) bring_up_child(sa, child, nullptr, trigger);
    return true;
  }
  if (sa.state != IkeState::kConnecting) return false;
  // On an SA the peer is bringing up we may send nothing before it is up; the data plane
  // acquires again while packets keep coming (TrapQueue) and finds it established then.
  if (sa.original_initiator) child_after_auth(sa, child, trigger);
  return true;
}

void Engine::child_after_auth(IkeSa& sa, const config::Child& child,
                              std::optional<IkeSa::Trigger> trigger, Completion done) {
  if (wait_for_child(sa, child.name, done)) return;
  sa.children_after_auth.push_back({child.name, std::move(trigger), {}});
  if (done) sa.children_after_auth.back().waiting.push_back(std::move(done));
}

void Engine::create_children_after_auth(IkeSa& sa) {
  for (auto& after : std::exchange(sa.children_after_auth, {})) {
    const auto* child = sa.connection ? sa.connection->find_child(after.name) : nullptr;
    if (!child) {
      for (auto& done : after.waiting)
        done(make_error(
            fmt::format("connection '{}' has no child '{}' any more", sa.name(), after.name)));
      continue;
    }
    if (!child_up_or_coming(sa, after.name)) bring_up_child(sa, *child, nullptr, after.trigger);
    for (auto& done : after.waiting)
      bring_up_child(sa, *child, std::move(done));
  }
}

bool Engine::wait_for_child(IkeSa& sa, std::string_view child, Completion& done) {
  if (child_up(sa, child)) {
    if (done) std::exchange(done, nullptr)(Status{});
    return true;
  }
  if (Task* t = creating(sa, child)) {
    // IKE_AUTH reports the child it carries with the IKE SA.
    if (!t->also_report_to(done)) sas_.ike_completions().add(sa.id, std::move(done));
    return true;
  }
  for (auto& after : sa.children_after_auth) {
    if (after.name != child) continue;
    if (done) after.waiting.push_back(std::move(done));
    return true;
  }
  return false;
}

void Engine::bring_up_child(IkeSa& sa, const config::Child& child, Completion done,
                            std::optional<IkeSa::Trigger> trigger) {
  if (wait_for_child(sa, child.name, done)) return;
  auto task = std::make_unique<ChildCreateTask>(*this, child, 0, std::move(trigger));
  task->also_report_to(done);
  queue_task(sa, std::move(task));
}

}  // namespace oakley::ikev2
