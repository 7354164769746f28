#include "ikev2/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "common/log.hpp"
#include "crypto/random.hpp"
#include "ike/completions.hpp"
#include "ikev2/exchanges/child_create.hpp"
#include "ikev2/exchanges/config_payload.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/exchanges/ike_auth.hpp"
#include "ikev2/exchanges/ike_rekey.hpp"
#include "ikev2/exchanges/ike_sa_init.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/exchanges/responders.hpp"
#include "ikev2/sa_log.hpp"

namespace oakley::ikev2 {

namespace {

// RFC 7296 2.6 asks for a periodic change of the cookie secret; a cookie stays valid for one
// to two periods.
constexpr auto kCookieRotation = std::chrono::minutes(10);

}  // namespace

std::string_view ike_state_name(IkeState s) {
  switch (s) {
    case IkeState::kCreated:
      return "CREATED";
    case IkeState::kConnecting:
      return "CONNECTING";
    case IkeState::kEstablished:
      return "ESTABLISHED";
    case IkeState::kRekeying:
      return "REKEYING";
    case IkeState::kRekeyed:
      return "REKEYED";
    case IkeState::kDeleting:
      return "DELETING";
  }
  return "?";
}

IkeSa::~IkeSa() = default;

void IkeSa::forget_init_material() {
  init_request.clear();
  init_request.shrink_to_fit();
  init_response.clear();
  init_response.shrink_to_fit();
  dh.reset();
  shared_secret.clear();
  cookie.clear();
  intermediate = IntermediateState{};
}

ChildSa* IkeSa::find_child_by_spi_in(std::uint32_t spi) {
  return ike::find_child(children, &ike::ChildSa::spi_in, spi);
}

ChildSa* IkeSa::find_child_by_spi_out(std::uint32_t spi) {
  return ike::find_child(children, &ike::ChildSa::spi_out, spi);
}

ChildSa* IkeSa::find_child(std::uint32_t child_id) {
  return ike::find_child(children, &ike::ChildSa::id, child_id);
}

Engine::Engine(EngineDeps deps, std::shared_ptr<const credentials::LoadedConfig> config,
               EngineOptions options)
    : deps_(deps),
      config_(std::move(config)),
      child_manager_(config::IkeVersion::kIkev2, deps.dataplane, deps.reqids,
                     config_->daemon.replay_window, deps.key_log, options.install_children),
      options_(options),
      sas_(deps.ids) {
  retransmit_ = ike::retransmit_from(config_->daemon);
  keep_diagnosis_of(*config_);
  schedule_cookie_rotation();
  responders_ = make_responders(*this);
  init_responder_ = std::make_unique<IkeSaInitResponder>(*this);
  if (options_.run_start_actions) run_start_actions();
}

Engine::~Engine() {
  if (cookie_timer_) deps_.timers.cancel(cookie_timer_);
  for (IkeSa* sa : sas_) {
    sa->retransmitter.stop();
    for (auto t : {sa->rekey_timer, sa->reauth_timer, sa->expire_timer, sa->dpd_timer,
                   sa->keepalive_timer}) {
      if (t) deps_.timers.cancel(t);
    }
    for (auto& c : sa->children) {
      for (auto t : {c->rekey_timer, c->expire_timer, c->delete_timer}) {
        if (t) deps_.timers.cancel(t);
      }
    }
    end_reassemblies(*sa);
  }
}

void Engine::apply_config(std::shared_ptr<const credentials::LoadedConfig> config) {
  auto old = std::move(config_);
  config_ = std::move(config);
  retransmit_ = ike::retransmit_from(config_->daemon);
  keep_diagnosis_of(*config_);  // a removed connection's evidence goes with it
  // Trap policies of connections that disappeared or changed are replaced by the new ones; SAs
  // keep the snapshot they were made with.
  for (const auto& conn : old->connections) {
    for (const auto& child : conn.children) {
      if (!child.start_action.trap) continue;
      const auto* now = config_->find_connection(conn.name);
      if (now && now->find_child(child.name) && now->find_child(child.name)->start_action.trap) {
        continue;
      }
      if (options_.install_children) child_manager_.installer().remove_traps(child);
    }
  }
  if (options_.run_start_actions) run_start_actions();
}

void Engine::run_start_actions() {
  child_manager_.run_start_actions(
      *config_, [this](const config::Connection& c) { return find_ike_id(c.name).has_value(); },
      [this](const config::Connection& c) { return initiate(c.name, "", nullptr); });
}

IkeSa& Engine::create_sa(bool initiator, const config::Connection* connection) {
  // Our SPI: random, non-zero and unique among our SAs.
  std::uint64_t spi = 0;
  do {
    spi = crypto::random_u64();
  } while (spi == 0 || sas_.spi_in_use(spi));
  return create_sa_with_spi(initiator, connection, spi);
}

IkeSa& Engine::create_sa_with_spi(bool initiator, const config::Connection* connection,
                                  std::uint64_t spi) {
  IkeSa& sa = sas_.emplace(spi, initiator, deps_.timers, retransmit_);
  sa.config_snapshot = config_;
  sa.connection = connection;
  sa.created_at = deps_.timers.now();
  (initiator ? sa.spi_i : sa.spi_r) = spi;
  return sa;
}

IkeSa* Engine::find_sa(std::uint32_t sa_id) {
  return sas_.find(sa_id);
}

void Engine::count_half_open(IkeSa& sa, bool add) {
  auto& n = half_open_by_peer_[sa.remote.address];
  if (add) {
    ++n;
    ++half_open_;
    init_index_[{sa.spi_i, sa.remote}] = sa.id;
    return;
  }
  if (n > 0) --n;
  if (n == 0) half_open_by_peer_.erase(sa.remote.address);
  if (half_open_ > 0) --half_open_;
  init_index_.erase({sa.spi_i, sa.remote});
}

std::size_t Engine::half_open_from(const IpAddress& peer) const {
  auto it = half_open_by_peer_.find(peer);
  return it == half_open_by_peer_.end() ? 0 : it->second;
}

bool Engine::cookies_required(const IpAddress& peer) const {
  const auto& d = config_->daemon;
  if (!d.dos_protection) return false;
  return (d.cookie_threshold && half_open_ >= d.cookie_threshold) ||
         (d.cookie_threshold_ip && half_open_from(peer) >= d.cookie_threshold_ip);
}

void Engine::schedule_cookie_rotation() {
  cookie_timer_ = deps_.timers.schedule(kCookieRotation, [this] {
    cookies_.rotate();
    schedule_cookie_rotation();
  });
}

void Engine::destroy_sa(IkeSa& sa, const std::string& reason, bool failed) {
  if (failed) {
    sa.failure = reason;
    ++stats_.ike_failed;
    note_failure(sa, reason);
    // "last attempt failed" follows the same rule as the findings: a forgeable failure does not
    // replace one that is not.
    if (sa.connection && !diagnosis_.outranked(sa.connection->name, sa.id))
      diagnostics_.note_failure(sa.connection->name, reason);
  }
  sa_log(sa, failed ? log::Level::kWarn : log::Level::kInfo, "IKE_SA {}[{}] {}: {}", sa.name(),
         sa.id, failed ? "failed" : "deleted", reason);
  sa.retransmitter.stop();
  if (sa.active) sa.active->abort(sa, reason);
  for (auto& t : sa.queue)
    t->abort(sa, reason);
  for (auto t :
       {sa.rekey_timer, sa.reauth_timer, sa.expire_timer, sa.dpd_timer, sa.keepalive_timer}) {
    if (t) deps_.timers.cancel(t);
  }
  end_reassemblies(sa);
  drop_followup(*this, sa, "the IKE SA is gone");  // gives back a reserved ESP SPI
  auto children = std::move(sa.children);
  for (auto& c : children) {
    if (c->state != ChildState::kCreating && c->state != ChildState::kRekeyed)
      emit_child_event(ike::SaEventKind::kChildDown, sa, *c, reason);
    uninstall_child(sa, *c);
    complete_child(c->id, failed ? Status(make_error(reason)) : Status{});
  }
  // A rekeyed SA was reported by its successor's ike_rekeyed; one never up only fails.
  if (sa.state != IkeState::kRekeyed && sa.established_at != TimePoint{}) {
    emit_ike_event(ike::SaEventKind::kIkeDown, sa, reason);
  } else if (sa.state != IkeState::kRekeyed && failed) {
    emit_ike_event(ike::SaEventKind::kIkeFailed, sa, reason);
  }
  for (auto& after : std::exchange(sa.children_after_auth, {})) {
    for (auto& done : after.waiting)
      done(make_error(fmt::format("CHILD_SA {} not established: IKE SA {}: {}", after.name,
                                  failed ? "failed" : "deleted", reason)));
  }
  release_vips(*this, sa);
  if (sa.state == IkeState::kCreated && !sa.original_initiator) count_half_open(sa, false);
  init_index_.erase({sa.spi_i, sa.remote});
  complete_ike(
      sa.id, failed ? Status(make_error(reason)) : Status(make_error("IKE SA deleted: " + reason)));
  if (deps_.key_log) deps_.key_log->remove_ike(2, sa.spi_i, sa.spi_r);
  sas_.erase(sa);  // destroys `sa`
}

void Engine::adopt_children(IkeSa& from, IkeSa& to) {
  for (auto& c : from.children)
    to.children.push_back(std::move(c));
  from.children.clear();
  // Exchanges queued for these children go with them. They start once this turn is over: a
  // responder's new SA exists for the peer only after our CREATE_CHILD_SA response is out.
  bool moved = false;
  for (auto it = from.queue.begin(); it != from.queue.end();) {
    if (!(*it)->follows_children()) {
      ++it;
      continue;
    }
    to.queue.push_back(std::move(*it));
    it = from.queue.erase(it);
    moved = true;
  }
  if (moved) {
    std::uint32_t to_id = to.id;
    deps_.timers.schedule(Duration::zero(), [this, to_id] {
      if (IkeSa* s = find_sa(to_id); s && !s->active && s->state == IkeState::kEstablished)
        start_next_task(*s);
    });
  }
  // The virtual IPs belong with the children they address.
  to.local_vips = std::move(from.local_vips);
  to.peer_vips = std::move(from.peer_vips);
  from.local_vips.clear();
  from.peer_vips.clear();
}

namespace {

std::string identity_key(const IkeSa& sa) {
  return ike::IdentityIndex::key(sa.connection->name, sa.local_id, sa.remote_id);
}

}  // namespace

void Engine::index_identities(const IkeSa& sa) {
  if (sa.connection) sas_.index_identity(sa, identity_key(sa));
}

std::vector<IkeSa*> Engine::duplicates_of(const IkeSa& sa) {
  std::vector<IkeSa*> out;
  if (!sa.connection) return out;
  for (IkeSa* other : sas_.with_identity(identity_key(sa))) {
    if (other != &sa && other->state == IkeState::kEstablished) out.push_back(other);
  }
  return out;
}

void Engine::complete_ike(std::uint32_t ike_id, const Status& status) {
  sas_.ike_completions().complete(ike_id, status);
}

void Engine::complete_child(std::uint32_t child_id, const Status& status) {
  sas_.child_completions().complete(child_id, status);
}

void Engine::on_established(IkeSa& sa) {
  sa.state = IkeState::kEstablished;
  sa.established_at = deps_.timers.now();
  index_identities(sa);
  sa.forget_init_material();
  if (!sa.original_initiator) count_half_open(sa, false);
  ++stats_.ike_established;
  if (sa.connection) diagnostics_.note_success(sa.connection->name);
  diagnosis_.established(sa.name());
  schedule_ike_timers(sa);
  sa_log(sa, log::Level::kInfo, "IKE_SA {}[{}] established between {}[{}]...{}[{}]", sa.name(),
         sa.id, sa.local.address.to_string(), ike::from_wire(sa.local_id).to_string(),
         sa.remote.address.to_string(), sa.remote_identity.to_string());
  emit_ike_event(ike::SaEventKind::kIkeUp, sa);
  create_children_after_auth(sa);
}

void Engine::on_rekeyed(IkeSa& old, IkeSa& successor) {
  successor.state = IkeState::kEstablished;
  successor.established_at = deps_.timers.now();
  successor.last_inbound = deps_.timers.now();
  index_identities(successor);
  schedule_ike_timers(successor);
  sa_log(old, log::Level::kInfo, "IKE_SA {}[{}] rekeyed to #{} ({:016x}_i {:016x}_r, {})",
         old.name(), old.id, successor.id, successor.spi_i, successor.spi_r,
         ike::describe(successor.proposal));
  if (successor.peer_dns.empty()) successor.peer_dns = old.peer_dns;
  emit_ike_event(ike::SaEventKind::kIkeRekeyed, successor, {}, old.id);
}

Status Engine::initiate(std::string_view connection, std::string_view child_name, Completion done) {
  const auto* conn = config_->find_connection(connection);
  if (!conn) return make_error(fmt::format("no connection named '{}'", connection));
  if (conn->version == config::IkeVersion::kIkev1) {
    return make_error(fmt::format("connection '{}' is IKEv1", connection));
  }
  if (!conn->can_initiate()) {
    return make_error(fmt::format(
        "connection '{}' cannot be initiated: remote_addrs names no single host", connection));
  }
  const config::Child* child = nullptr;
  if (!child_name.empty()) {
    child = conn->find_child(child_name);
    if (!child) {
      return make_error(
          fmt::format("connection '{}' has no child named '{}'", connection, child_name));
    }
  }
  // As charon does, an IKE SA of the connection that is up or coming up is reused instead of
  // negotiating a second one with the same peer.
  if (IkeSa* sa = reusable_sa(conn->name)) return initiate_on(*sa, child, std::move(done));
  return initiate_resolving(*conn, child, std::move(done));
}

Status Engine::initiate_on(IkeSa& sa, const config::Child* child, Completion done) {
  if (sa.state == IkeState::kConnecting) {
    sa_log(sa, log::Level::kInfo, "IKE_SA {}[{}] is already being established, waiting for it",
           sa.name(), sa.id);
    // A child other than the one IKE_AUTH carries follows it; `done` waits for that child.
    if (child && sa.original_initiator) {
      child_after_auth(sa, *child, std::nullopt, std::move(done));
    } else {
      sas_.ike_completions().add(sa.id, std::move(done));
    }
    return {};
  }
  std::vector<const config::Child*> wanted;
  if (child) {
    wanted.push_back(child);
  } else {
    for (const auto& c : sa.connection->children) {
      if (c.start_action.start || sa.connection->children.size() == 1) wanted.push_back(&c);
    }
  }
  if (std::all_of(wanted.begin(), wanted.end(),
                  [&](const config::Child* c) { return child_up(sa, c->name); })) {
    sa_log(sa, log::Level::kInfo, "IKE_SA {}[{}] and its CHILD_SAs are already up", sa.name(),
           sa.id);
  }
  // `done` runs when every wanted child is up, or at the first that fails.
  auto parts = ike::split(std::move(done), wanted.size());
  for (std::size_t i = 0; i < wanted.size(); ++i)
    bring_up_child(sa, *wanted[i], std::move(parts[i]));
  return {};
}

Result<std::uint32_t> Engine::initiate_to(const config::Connection& conn,
                                          const config::Child* child, const Endpoint& remote,
                                          std::optional<ike::WireId> local_id, Completion done,
                                          std::optional<IpAddress> local) {
  if (conn.proposals.empty()) return make_error("connection has no IKE proposals");
  IkeSa& sa = create_sa(true, &conn);
  sa.remote = remote;
  sa.local = Endpoint{IpAddress::any(remote.address.family()), config_->daemon.port};
  if (local) {
    sa.local.address = *local;
  } else if (!conn.local_addrs.empty() && conn.local_addrs.front().is_host()) {
    sa.local.address = conn.local_addrs.front().start;
  }
  sa.state = IkeState::kConnecting;
  sas_.ike_completions().add(sa.id, std::move(done));
  // Children to create: the named one in IKE_AUTH; without a name, every child that starts with
  // the connection (the first in IKE_AUTH, the others with CREATE_CHILD_SA).
  std::vector<const config::Child*> children;
  if (child) {
    children.push_back(child);
  } else {
    for (const auto& c : conn.children) {
      if (c.start_action.start || c.start_action.trap || conn.children.size() == 1) {
        children.push_back(&c);
      }
    }
    if (children.empty() && !conn.children.empty()) children.push_back(&conn.children.front());
  }
  sa_log(sa, log::Level::kInfo, "initiating IKE_SA {}[{}] to {}", conn.name, sa.id,
         remote.to_string());
  queue_task(sa, std::make_unique<IkeSaInitTask>(*this));
  queue_task(sa, std::make_unique<IkeAuthTask>(*this, children.empty() ? nullptr : children[0],
                                               std::move(local_id)));
  for (std::size_t i = 1; i < children.size(); ++i) {
    queue_task(sa, make_child_create_task(*this, *children[i], nullptr));
  }
  return sa.id;
}

Status Engine::terminate_ike(std::uint32_t ike_id, Completion done) {
  IkeSa* sa = find_sa(ike_id);
  if (!sa) return make_error(fmt::format("no IKE SA #{}", ike_id));
  if (done) {
    sas_.ike_completions().add(ike_id, [d = std::move(done)](const Status&) { d(Status{}); });
  }
  if (sa->state != IkeState::kEstablished && sa->state != IkeState::kRekeying) {
    destroy_sa(*sa, "terminated by the operator", false);
    return {};
  }
  queue_task(*sa, make_ike_delete_task(*this));
  return {};
}

Status Engine::terminate_connection(std::string_view connection, Completion done) {
  std::vector<std::uint32_t> ids;
  for (IkeSa* sa : sas_.of_connection(connection))
    ids.push_back(sa->id);
  if (ids.empty()) return make_error(fmt::format("no IKE SA of connection '{}'", connection));
  auto remaining = std::make_shared<std::size_t>(ids.size());
  for (auto id : ids) {
    auto st = terminate_ike(id, [remaining, done](const Status&) {
      if (--*remaining == 0 && done) done(Status{});
    });
    if (!st) return st;
  }
  return {};
}

Status Engine::terminate_child(std::uint32_t child_id, Completion done) {
  for (IkeSa* sa : sas_) {
    if (ChildSa* c = sa->find_child(child_id)) {
      if (done) {
        sas_.child_completions().add(child_id,
                                     [d = std::move(done)](const Status&) { d(Status{}); });
      }
      queue_task(*sa, make_child_delete_task(*this, c->id));
      return {};
    }
  }
  return make_error(fmt::format("no CHILD_SA #{}", child_id));
}

Status Engine::rekey_ike(std::uint32_t ike_id, Completion done) {
  IkeSa* sa = find_sa(ike_id);
  if (!sa) return make_error(fmt::format("no IKE SA #{}", ike_id));
  if (sa->state != IkeState::kEstablished) {
    return make_error(
        fmt::format("IKE SA #{} is {}, not ESTABLISHED", ike_id, ike_state_name(sa->state)));
  }
  sas_.ike_completions().add(ike_id, std::move(done));
  queue_task(*sa, make_ike_rekey_task(*this));
  return {};
}

Status Engine::rekey_child(std::uint32_t child_id, Completion done) {
  for (IkeSa* sa : sas_) {
    if (ChildSa* c = sa->find_child(child_id)) {
      if (c->state != ChildState::kInstalled) {
        return make_error(
            fmt::format("CHILD_SA #{} is {}, not INSTALLED", child_id, child_state_name(c->state)));
      }
      sas_.child_completions().add(child_id, std::move(done));
      queue_task(*sa, make_child_create_task(*this, *c->config, c));
      return {};
    }
  }
  return make_error(fmt::format("no CHILD_SA #{}", child_id));
}

std::optional<std::uint32_t> Engine::find_ike_id(std::string_view connection) const {
  std::optional<std::uint32_t> best;
  for (const IkeSa* sa : sas_.of_connection(connection)) {
    if (sa->state == IkeState::kRekeyed || sa->state == IkeState::kDeleting) continue;
    if (!best || sa->id > *best) best = sa->id;
  }
  return best;
}

std::optional<std::uint32_t> Engine::find_child_id(std::string_view connection,
                                                   std::string_view child) const {
  std::optional<std::uint32_t> best;
  for (const IkeSa* sa : sas_.of_connection(connection)) {
    for (const auto& c : sa->children) {
      if (c->name() == child && c->state == ChildState::kInstalled && (!best || c->id > *best)) {
        best = c->id;
      }
    }
  }
  return best;
}

std::optional<std::uint32_t> Engine::ike_id_of_child(std::uint32_t child_id) const {
  for (const IkeSa* sa : sas_) {
    if (sa->state == IkeState::kRekeyed || sa->state == IkeState::kDeleting) continue;
    for (const auto& c : sa->children) {
      if (c->id == child_id) return sa->id;
    }
  }
  return std::nullopt;
}

void Engine::shutdown() {
  for (auto id : sas_.ids()) {
    IkeSa* sa = find_sa(id);
    if (!sa) continue;
    if (sa->state == IkeState::kEstablished && sa->crypter) {
      tell_peer_now(*sa, Step::Notice::kDeleteIke);
    }
    destroy_sa(*sa, "daemon shutting down", false);
  }
}

}  // namespace oakley::ikev2
