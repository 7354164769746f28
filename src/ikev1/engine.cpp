// The engine's ISAKMP SAs (kept in an ike::SaRegistry): create, find and remove them; what
// happens when Phase 1 completes, is superseded or the peer restarted.
#include "ikev1/engine.hpp"

#include <fmt/format.h>

#include "common/log.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ikev1/exchanges/aggressive_mode.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/main_mode.hpp"
#include "ikev1/exchanges/mode_config.hpp"
#include "ikev1/exchanges/proxy_ids.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace {

constexpr auto kQuickModeAfterAggressive = std::chrono::milliseconds(200);

}  // namespace

Engine::Engine(EngineDeps deps, std::shared_ptr<const credentials::LoadedConfig> config,
               EngineOptions options)
    : deps_(deps),
      config_(std::move(config)),
      child_manager_(config::IkeVersion::kIkev1, deps.dataplane, deps.reqids,
                     config_->daemon.replay_window, deps.key_log, options.install_children),
      options_(options),
      sas_(deps.ids) {
  retransmit_ = ike::retransmit_from(config_->daemon);
  keep_diagnosis_of(*config_);
  if (options_.run_start_actions) run_start_actions();
}

Engine::~Engine() {
  for (auto t : detached_timers_)
    deps_.timers.cancel(t);
  for (IsakmpSa* sa : sas_) {
    cancel_timers(*sa);
    for (auto& c : sa->children) {
      for (auto t : {c->rekey_timer, c->expire_timer}) {
        if (t) deps_.timers.cancel(t);
      }
    }
    for (auto& [mid, rec] : sa->exchanges) {
      if (rec->linger_timer) deps_.timers.cancel(rec->linger_timer);
    }
  }
}

void Engine::schedule_detached(Duration after, std::function<void()> fn) {
  // The id is known only after scheduling; the callback finds it through the shared slot.
  auto slot = std::make_shared<TimerId>(0);
  *slot = deps_.timers.schedule(after, [this, slot, fn = std::move(fn)] {
    detached_timers_.erase(*slot);
    fn();
  });
  detached_timers_.insert(*slot);
}

void Engine::remember_mid(IsakmpSa& sa, std::uint32_t mid) {
  bool was_full = sa.mids_exhausted();
  sa.remember_mid(mid);
  if (was_full || !sa.mids_exhausted()) return;
  // Not from here: we may be in the middle of sending or receiving on the SA.
  schedule_detached(Duration::zero(), [this, id = sa.id] { retire_exhausted_sa(id); });
}

void Engine::retire_exhausted_sa(std::uint32_t sa_id) {
  IsakmpSa* sa = find_sa(sa_id);
  if (!sa || sa->state == IsakmpState::kDeleted) return;
  ++stats_.message_id_limit_reached;
  bool can_rekey =
      sa->state == IsakmpState::kEstablished && sa->connection && sa->connection->can_initiate();
  // No peer of ours uses that many exchanges on one SA; replay protection needs every ID kept.
  sa_log(*sa, log::Level::kWarn,
         "{} message IDs used on ISAKMP SA {}[{}] (limit {}): {} it, new exchanges are refused",
         sa->used_mids.size(), sa->name(), sa->id, IsakmpSa::kMaxMessageIds,
         can_rekey ? "replacing" : "deleting");
  if (can_rekey && rekey_ike(sa_id, nullptr)) return;
  sa = find_sa(sa_id);
  if (!sa) return;
  if (sa->state == IsakmpState::kEstablished || sa->state == IsakmpState::kRekeyed) {
    send_informational(*sa, {delete_isakmp_payload(*sa)});
  }
  retire_sa(*sa, "it reached the message ID limit");
}

void Engine::apply_config(std::shared_ptr<const credentials::LoadedConfig> config) {
  auto old = std::move(config_);
  config_ = std::move(config);
  retransmit_ = ike::retransmit_from(config_->daemon);
  keep_diagnosis_of(*config_);  // a removed connection's evidence goes with it
  for (const auto& conn : old->connections) {
    if (conn.version != config::IkeVersion::kIkev1) continue;
    for (const auto& child : conn.children) {
      if (!child.start_action.trap) continue;
      const auto* now = config_->find_connection(conn.name);
      const auto* c = now ? now->find_child(child.name) : nullptr;
      if (c && c->start_action.trap && now->version == config::IkeVersion::kIkev1) continue;
      if (options_.install_children) child_manager_.installer().remove_traps(child);
    }
  }
  if (options_.run_start_actions) run_start_actions();
}

IpAddress Engine::local_address(const IsakmpSa& sa) const {
  if (!sa.local.address.is_unspecified()) return sa.local.address;
  if (auto a = deps_.sender.source_for(sa.remote.address)) return *a;
  return sa.local.address;
}

IsakmpSa* Engine::find_sa(std::uint32_t id) {
  return sas_.find(id);
}

std::vector<IsakmpSa*> Engine::sas_of(const config::Connection& conn) {
  return sas_.of_connection(conn.name);
}

IsakmpSa* Engine::established_sa_for(const config::Connection& conn) {
  IsakmpSa* best = nullptr;
  for (auto* sa : sas_of(conn)) {
    if (sa->ready()) best = sa;  // the newest
  }
  return best;
}

IsakmpSa& Engine::create_sa(bool initiator, const config::Connection* connection,
                            const Endpoint& local, const Endpoint& remote, std::uint64_t icookie) {
  std::uint64_t cookie = 0;
  do {
    cookie = cookies_.make(remote);
  } while (sas_.spi_in_use(cookie));
  IsakmpSa& sa = sas_.emplace(cookie, initiator);
  sa.icookie = initiator ? cookie : icookie;
  sa.rcookie = initiator ? 0 : cookie;
  sa.config_snapshot = config_;
  sa.key_log = deps_.key_log;
  sa.connection = connection;
  sa.local = local;
  sa.remote = remote;
  sa.created_at = deps_.timers.now();
  sa.last_inbound = sa.created_at;
  if (!initiator) {
    half_open_.add(icookie, remote, sa.id);
    arm_half_open_timer(sa);
  }
  return sa;
}

void Engine::arm_half_open_timer(IsakmpSa& sa) {
  std::uint32_t id = sa.id;
  auto timeout = std::chrono::duration_cast<Duration>(config_->daemon.half_open_timeout);
  sa.half_open_timer = deps_.timers.schedule(timeout, [this, id] {
    IsakmpSa* s = find_sa(id);
    if (!s) return;
    s->half_open_timer = 0;
    if (s->state == IsakmpState::kNegotiating) {
      destroy_sa(*s, "Phase 1 did not complete within half_open_timeout", true);
    } else if (s->xauth_pending()) {
      on_xauth_done(*s, make_error("XAuth did not complete within half_open_timeout"));
    }
  });
}

void Engine::cancel_timers(IsakmpSa& sa) {
  for (TimerId* t : {&sa.rekey_timer, &sa.expire_timer, &sa.dpd_timer, &sa.keepalive_timer,
                     &sa.half_open_timer}) {
    if (*t) deps_.timers.cancel(*t);
    *t = 0;
  }
}

void Engine::erase_sa(IsakmpSa& sa) {
  release_vips(exchange_context(), sa);
  cancel_timers(sa);
  for (auto& [mid, rec] : sa.exchanges) {
    rec->retransmitter.stop();
    if (rec->linger_timer) deps_.timers.cancel(rec->linger_timer);
  }
  half_open_.remove(sa.id);
  fragments_.forget_sa(sa.id);
  if (deps_.key_log) deps_.key_log->remove_ike(1, sa.icookie, sa.rcookie);
  sas_.erase(sa);  // destroys `sa`
}

void Engine::note_failure(const IsakmpSa& sa, const std::string& why) {
  if (!sa.connection) return;
  auto phase = sa.state != IsakmpState::kNegotiating ? ike::diagnosis::Phase::kInformational
               : sa.aggressive                       ? ike::diagnosis::Phase::kAggressiveMode
                                                     : ike::diagnosis::Phase::kMainMode;
  // Phase 1 is run by the SA's initiator; afterwards either side may have started what failed.
  auto we_initiated =
      sa.state == IsakmpState::kNegotiating ? std::optional<bool>(sa.initiator) : std::nullopt;
  diagnosis_.failed_because(sa.connection->name, sa.id, phase, why, sa.remote, deps_.timers.now(),
                            we_initiated);
  // "last attempt failed" follows the findings' rule: a forgeable failure replaces no other.
  if (!diagnosis_.outranked(sa.connection->name, sa.id))
    diagnostics_.note_failure(sa.connection->name, why);
}

void Engine::destroy_sa(IsakmpSa& sa, const std::string& reason, bool failed, bool with_children) {
  if (failed) {
    sa.failure = reason;
    note_failure(sa, reason);
    if (sa.state == IsakmpState::kNegotiating) ++stats_.phase1_failed;
  }
  sa_log(sa, failed ? log::Level::kWarn : log::Level::kInfo, "ISAKMP SA {}[{}] {}: {}", sa.name(),
         sa.id, failed ? "failed" : "deleted", reason);
  std::vector<std::unique_ptr<Exchange>> handlers;
  for (auto& [mid, rec] : sa.exchanges) {
    rec->retransmitter.stop();
    if (rec->handler) handlers.push_back(std::move(rec->handler));
  }
  Status outcome =
      failed ? Status(make_error(reason)) : Status(make_error("ISAKMP SA deleted: " + reason));
  for (auto& h : handlers)
    h->abort(sa, reason);
  auto pending = std::move(sa.pending_children);
  for (auto& p : pending) {
    if (p.done) p.done(outcome);
  }
  if (with_children) {
    std::vector<std::uint32_t> ids;
    for (auto& c : sa.children)
      ids.push_back(c->id);
    for (auto id : ids) {
      ChildSa* c = sa.find_child(id);
      if (!c) continue;
      if (c->state == ChildState::kInstalled || c->state == ChildState::kRekeying)
        emit_child_event(ike::SaEventKind::kChildDown, sa, *c, reason);
      uninstall_child(sa, *c);
    }
    sa.children.clear();
  }
  // A rekeyed or retired SA was reported when it was replaced or retired.
  if (sa.ready()) {
    emit_ike_event(ike::SaEventKind::kIkeDown, sa, reason);
  } else if (failed && sa.state != IsakmpState::kRekeyed && sa.state != IsakmpState::kDeleted) {
    emit_ike_event(ike::SaEventKind::kIkeFailed, sa, reason);
  }
  auto done = sas_.ike_completions().take(sa.id);
  erase_sa(sa);
  for (auto& d : done) {
    if (d) d(outcome);
  }
}

void Engine::retire_sa(IsakmpSa& sa, const std::string& reason) {
  IsakmpSa* successor = nullptr;
  if (sa.connection) {
    for (auto* other : sas_of(*sa.connection)) {
      if (other != &sa && other->state == IsakmpState::kEstablished &&
          other->remote.address == sa.remote.address && same_peer(sa, *other)) {
        successor = other;
      }
    }
  }
  if (successor) adopt_children(sa, *successor);
  if (sa.children.empty()) {
    destroy_sa(sa, reason, false, false);
    return;
  }
  // RFC 2409 does not tie IPsec SAs to the ISAKMP SA that made them: they live out their own
  // lifetimes; a later ISAKMP SA with the peer adopts them.
  sa_log(sa, log::Level::kInfo,
         "ISAKMP SA {}[{}] {}; its {} IPsec SA pair(s) stay until they expire", sa.name(), sa.id,
         reason, sa.children.size());
  if (sa.ready()) emit_ike_event(ike::SaEventKind::kIkeDown, sa, reason);
  sa.state = IsakmpState::kDeleted;
  cancel_timers(sa);
  std::vector<std::unique_ptr<Exchange>> handlers;
  for (auto& [mid, rec] : sa.exchanges) {
    rec->retransmitter.stop();
    if (rec->handler) handlers.push_back(std::move(rec->handler));
  }
  for (auto& h : handlers)
    h->abort(sa, reason);
}

void Engine::adopt_children(IsakmpSa& from, IsakmpSa& to) {
  if (from.children.empty()) return;
  sa_log(to, log::Level::kInfo, "adopting {} IPsec SA pair(s) of ISAKMP SA #{}",
         from.children.size(), from.id);
  for (auto& c : from.children)
    to.children.push_back(std::move(c));
  from.children.clear();
}

void Engine::supersede_older_sas(IsakmpSa& sa) {
  if (!sa.connection) return;
  // A new Phase 1 with the same peer (ours or its reauthentication, which is how IKEv1 rekeys)
  // becomes the home of the IPsec SAs; the older ISAKMP SA is only kept until it is deleted or
  // expires, since the peer may already refuse new exchanges on it.
  for (auto* other : sas_of(*sa.connection)) {
    if (other == &sa || other->id == sa.replaces || !same_peer(sa, *other)) continue;
    if (other->state != IsakmpState::kEstablished && other->state != IsakmpState::kRekeyed)
      continue;
    adopt_children(*other, sa);
    if (other->state == IsakmpState::kEstablished) {
      other->state = IsakmpState::kRekeyed;
      for (TimerId* t : {&other->rekey_timer, &other->dpd_timer, &other->keepalive_timer}) {
        if (*t) deps_.timers.cancel(*t);
        *t = 0;
      }
      sa_log(*other, log::Level::kInfo, "ISAKMP SA superseded by #{}", sa.id);
      emit_ike_event(ike::SaEventKind::kIkeDown, *other, fmt::format("superseded by #{}", sa.id));
    }
  }
}

void Engine::drop_stale_sas(IsakmpSa& sa) {
  if (!sa.connection || sa.xauth == XauthState::kFailed) return;
  if (!sa.ready()) {
    // Until Phase 1 and XAuth are through, the sender is anyone with the (group) PSK: the
    // notify waits for complete_phase1, which knows the user whose SAs it replaces.
    if (sa.state != IsakmpState::kNegotiating && !sa.xauth_pending()) return;
    ++stats_.initial_contacts_deferred;
    sa.initial_contact = true;
    sa_log(sa, log::Level::kInfo, "INITIAL-CONTACT before {} completed: acted on only after it",
           sa.xauth_pending() ? "XAuth" : "Phase 1");
    return;
  }
  for (auto* other : sas_of(*sa.connection)) {
    if (other == &sa || !same_peer(sa, *other)) continue;
    sa_log(sa, log::Level::kInfo, "INITIAL-CONTACT: the peer restarted, dropping ISAKMP SA #{}",
           other->id);
    destroy_sa(*other, "the peer sent INITIAL-CONTACT", false, true);
  }
}

void Engine::peer_dead(IsakmpSa& sa, const std::string& why) {
  ++stats_.peers_dead;
  if (sa.connection) {
    auto f =
        ike::diagnosis::from_reason(ike::diagnosis::Phase::kInformational, "peer dead: " + why);
    f.cause = ike::diagnosis::Cause::kPeerDead;
    f.peer = sa.remote;
    f.last_heard = sa.last_inbound;
    diagnosis_.failed(sa.connection->name, sa.id, std::move(f), deps_.timers.now());
  }
  sa_log(sa, log::Level::kWarn, "peer {} is dead: {}", sa.remote.to_string(), why);
  std::vector<std::uint32_t> ids;
  for (auto& c : sa.children)
    ids.push_back(c->id);
  std::uint32_t sa_id = sa.id;
  for (auto id : ids) {
    IsakmpSa* s = find_sa(sa_id);
    if (!s) return;
    remove_child(*s, id, ChildEnd::kPeerDead);
  }
  if (IsakmpSa* s = find_sa(sa_id)) destroy_sa(*s, "peer dead: " + why, true);
}

void Engine::on_phase1_established(IsakmpSa& sa, bool initial_contact) {
  sa.state = IsakmpState::kEstablished;
  sa.established_at = deps_.timers.now();
  sa.last_inbound = sa.established_at;
  sa.initial_contact = sa.initial_contact || initial_contact;
  if (sa.half_open_timer) deps_.timers.cancel(sa.half_open_timer);
  sa.half_open_timer = 0;
  half_open_.remove(sa.id);
  ++stats_.phase1_established;
  if (sa.connection) diagnostics_.note_success(sa.connection->name);
  if (sa.connection) diagnosis_.established(sa.connection->name);
  sa_log(sa, log::Level::kInfo, "ISAKMP SA {}[{}] established between {}[{}]...{}[{}] ({}, {})",
         sa.name(), sa.id, sa.local.to_string(), ike::from_wire(sa.local_id).to_string(),
         sa.remote.to_string(), sa.remote_identity.to_string(), ike::describe(sa.proposal),
         sa.lifetime_seconds ? fmt::format("{}s", sa.lifetime_seconds) : "no lifetime");
  if (sa.xauth_pending()) {
    if (initial_contact) drop_stale_sas(sa);  // only remembered
    begin_xauth(sa);  // the SA is of use (takes over, carries Quick Modes) once the user is known
    return;
  }
  complete_phase1(sa);
}

void Engine::complete_phase1(IsakmpSa& sa) {
  std::uint32_t id = sa.id;
  if (sa.initial_contact) drop_stale_sas(sa);
  supersede_older_sas(sa);
  if (sa.replaces) {
    if (IsakmpSa* old = find_sa(sa.replaces); old && old != &sa) {
      adopt_children(*old, sa);
      if (old->state == IsakmpState::kEstablished) {
        send_informational(*old, {delete_isakmp_payload(*old)});
      }
      old->state = IsakmpState::kRekeyed;  // reported by the successor's ike_rekeyed
      ++stats_.phase1_rekeyed;
      destroy_sa(*old, fmt::format("replaced by ISAKMP SA #{}", id), false, false);
    }
  }
  IsakmpSa* s = find_sa(id);
  if (!s) return;
  emit_ike_event(s->replaces ? ike::SaEventKind::kIkeRekeyed : ike::SaEventKind::kIkeUp, *s, {},
                 s->replaces);
  schedule_sa_timers(*s);
  if (s->initiator && s->connection && !s->connection->vips.empty() && s->local_vips.empty()) {
    // Pull mode: ask for our virtual IP first; the Quick Modes follow (on_mode_config_done).
    start_exchange(*s, new_message_id(*s),
                   std::make_unique<ModeConfigInitiator>(exchange_context()));
  } else if (s->initiator && s->aggressive && !s->pending_children.empty()) {
    // AM3 and QM1 would leave back to back; a responder that handles datagrams on several
    // threads (charon) may see QM1 first, drop it as "phase 1 incomplete" and leave us waiting
    // a whole retransmission timeout. A moment's pause avoids that race.
    schedule_detached(kQuickModeAfterAggressive, [this, id] {
      if (IsakmpSa* up = find_sa(id); up && up->state == IsakmpState::kEstablished) {
        start_pending_children(*up);
      }
    });
  } else {
    start_pending_children(*s);
  }
  sas_.ike_completions().complete(id, Status{});
}

void Engine::on_mode_config_done(IsakmpSa& sa, const Status& status) {
  if (status) {
    start_pending_children(sa);
    return;
  }
  auto pending = std::move(sa.pending_children);
  for (auto& p : pending) {
    if (p.done) p.done(make_error("Mode Config failed: " + status.error().message));
  }
}

IpAddress Engine::local_ts_address(const IsakmpSa& sa) const {
  if (!sa.local_vips.empty()) return sa.local_vips.front();
  return local_address(sa);
}

std::optional<IpAddress> Engine::peer_lease(const IsakmpSa& sa) const {
  if (!sa.peer_vips.empty()) return sa.peer_vips.front().address;
  // Only the same peer's: behind a group PSK another user's SA has the same identity, and its
  // lease would hand that user's traffic to this one.
  for (const IsakmpSa* other : sas_) {
    if (other != &sa && other->connection == sa.connection && same_peer(sa, *other) &&
        !other->peer_vips.empty())
      return other->peer_vips.front().address;
  }
  return std::nullopt;
}

IpAddress Engine::remote_ts_address(const IsakmpSa& sa) const {
  return peer_lease(sa).value_or(sa.remote.address);
}

bool Engine::vip_held_elsewhere(const IsakmpSa& sa, const IpAddress& address) const {
  for (const IsakmpSa* other : sas_) {
    if (other == &sa) continue;
    for (const auto& a : other->local_vips)
      if (a == address) return true;
  }
  return false;
}

void Engine::start_pending_children(IsakmpSa& sa) {
  auto pending = std::move(sa.pending_children);
  for (auto& p : pending) {
    start_quick_mode(sa, *p.child, p.pair_index, p.rekeying, std::move(p.done));
  }
}

void Engine::start_phase1(const config::Connection& conn, std::uint32_t replaces,
                          std::vector<IsakmpSa::PendingChild> pending, Completion done,
                          const ike::InitiationAddresses& addresses) {
  Endpoint remote{addresses.remote, conn.remote_port};
  Endpoint local{addresses.local.value_or(IpAddress::any(remote.address.family())),
                 conn.local_port};
  // Without a configured address, the route's source (as the IKEv2 initiator takes it): a socket
  // bound to one address (oakley { listen }) cannot send from the wildcard address.
  if (local.address.is_unspecified()) {
    if (auto source = deps_.sender.source_for(remote.address)) local.address = *source;
  }
  IsakmpSa& sa = create_sa(true, &conn, local, remote, 0);
  sa.aggressive = conn.aggressive;
  sa.replaces = replaces;
  sa.pending_children = std::move(pending);
  sas_.ike_completions().add(sa.id, std::move(done));
  sa_log(sa, log::Level::kInfo, "initiating {} Mode ISAKMP SA {}[{}] to {}{}",
         conn.aggressive ? "Aggressive" : "Main", conn.name, sa.id, remote.to_string(),
         replaces ? fmt::format(", replacing #{}", replaces) : "");
  std::unique_ptr<Exchange> ex;
  if (conn.aggressive) {
    ex = std::make_unique<AggressiveModeInitiator>(exchange_context());
  } else {
    ex = std::make_unique<MainModeInitiator>(exchange_context());
  }
  start_exchange(sa, 0, std::move(ex));
}

}  // namespace oakley::ikev1
