// The operator's operations on the IKEv1 engine: initiate, terminate and rekey ISAKMP SAs and
// IPsec SA pairs, find them by name, and shut everything down.
#include <fmt/format.h>

#include "ike/completions.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/proxy_ids.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

Status Engine::initiate(std::string_view connection, std::string_view child_name, Completion done) {
  const auto* conn = config_->find_connection(connection);
  if (!conn) return make_error(fmt::format("no connection named '{}'", connection));
  if (conn->version != config::IkeVersion::kIkev1) {
    return make_error(fmt::format("connection '{}' has version = {}: the IKEv2 engine initiates it",
                                  connection, static_cast<int>(conn->version)));
  }
  if (!conn->can_initiate()) {
    return make_error(fmt::format(
        "connection '{}' cannot be initiated: remote_addrs names no single host", connection));
  }
  std::vector<const config::Child*> children;
  if (!child_name.empty()) {
    const auto* c = conn->find_child(child_name);
    if (!c) {
      return make_error(
          fmt::format("connection '{}' has no child named '{}'", connection, child_name));
    }
    children.push_back(c);
  } else {
    for (const auto& c : conn->children) {
      if (c.start_action.start || c.start_action.trap || conn->children.size() == 1) {
        children.push_back(&c);
      }
    }
  }
  return initiate_resolving(*conn, child_name, std::move(children), std::move(done));
}

Status Engine::initiate_children(const config::Connection& conn,
                                 const std::vector<const config::Child*>& children,
                                 const ike::InitiationAddresses& addresses, Completion done) {
  IpAddress remote = addresses.remote;
  IpAddress local = IpAddress::any(remote.family());
  if (addresses.local) {
    local = *addresses.local;
  } else if (auto a = deps_.sender.source_for(remote)) {
    local = *a;
  }
  std::vector<IsakmpSa::PendingChild> work;
  for (const auto* c : children) {
    auto pairs = selector_pairs(*c, local, remote);
    for (std::size_t i = 0; i < pairs.size(); ++i)
      work.push_back({c, i, 0, nullptr});
  }
  IsakmpSa* sa = established_sa_for(conn);
  if (!sa) {
    for (auto* s : sas_of(conn)) {
      if ((s->initiator && s->state == IsakmpState::kNegotiating) || s->xauth_pending()) sa = s;
    }
  }
  if (work.empty()) {
    if (!sa) {
      start_phase1(conn, 0, {}, std::move(done), addresses);
    } else if (sa->ready()) {
      if (done) done(Status{});
    } else {
      sas_.ike_completions().add(sa->id, std::move(done));
    }
    return {};
  }
  auto parts = ike::split(std::move(done), work.size());
  for (std::size_t i = 0; i < work.size(); ++i)
    work[i].done = std::move(parts[i]);
  if (!sa) {
    start_phase1(conn, 0, std::move(work), nullptr, addresses);
  } else if (sa->ready()) {
    for (auto& w : work)
      start_quick_mode(*sa, *w.child, w.pair_index, 0, std::move(w.done));
  } else {
    for (auto& w : work)
      sa->pending_children.push_back(std::move(w));
  }
  return {};
}

Status Engine::terminate_ike(std::uint32_t ike_id, Completion done) {
  IsakmpSa* sa = find_sa(ike_id);
  if (!sa) return make_error(fmt::format("no IKEv1 SA #{}", ike_id));
  if (sa->state == IsakmpState::kEstablished || sa->state == IsakmpState::kRekeyed) {
    std::vector<std::uint32_t> spis;
    for (auto& c : sa->children)
      spis.push_back(c->spi_in);
    if (!spis.empty()) send_informational(*sa, {delete_esp_payload(spis)});
    send_informational(*sa, {delete_isakmp_payload(*sa)});
  }
  destroy_sa(*sa, "terminated by the operator", false, true);
  if (done) done(Status{});
  return {};
}

Status Engine::terminate_connection(std::string_view connection, Completion done) {
  std::vector<std::uint32_t> ids;
  for (IsakmpSa* sa : sas_.of_connection(connection))
    ids.push_back(sa->id);
  if (ids.empty()) return make_error(fmt::format("no IKEv1 SA of connection '{}'", connection));
  for (auto id : ids)
    (void)terminate_ike(id, nullptr);
  if (done) done(Status{});
  return {};
}

Status Engine::terminate_child(std::uint32_t child_id, Completion done) {
  for (IsakmpSa* sa : sas_) {
    ChildSa* c = sa->find_child(child_id);
    if (!c) continue;
    IsakmpSa* via = sa->connection ? established_sa_for(*sa->connection) : nullptr;
    if (!via && sa->state == IsakmpState::kRekeyed) via = sa;
    if (via) {
      send_informational(*via, {delete_esp_payload({c->spi_in})});
    } else {
      sa_log(*sa, log::Level::kInfo,
             "no ISAKMP SA to tell the peer about deleting CHILD_SA {{{}}}; removing it locally",
             child_id);
    }
    remove_child(*sa, child_id, ChildEnd::kDeleted);
    if (done) done(Status{});
    return {};
  }
  return make_error(fmt::format("no IKEv1 CHILD_SA #{}", child_id));
}

Status Engine::rekey_ike(std::uint32_t ike_id, Completion done) {
  IsakmpSa* sa = find_sa(ike_id);
  if (!sa) return make_error(fmt::format("no IKEv1 SA #{}", ike_id));
  if (sa->state != IsakmpState::kEstablished) {
    return make_error(
        fmt::format("IKEv1 SA #{} is {}, not ESTABLISHED", ike_id, isakmp_state_name(sa->state)));
  }
  if (!sa->connection->can_initiate()) {
    return make_error(
        fmt::format("IKEv1 SA #{}: remote_addrs names no single host to rekey with", ike_id));
  }
  // IKEv1 has no rekey exchange: a new Phase 1 replaces the SA, then the old one is deleted.
  start_phase1(*sa->connection, ike_id, {}, std::move(done), rekey_addresses(*sa));
  return {};
}

Status Engine::rekey_child(std::uint32_t child_id, Completion done) {
  for (IsakmpSa* sa : sas_) {
    ChildSa* c = sa->find_child(child_id);
    if (!c) continue;
    if (c->state != ChildState::kInstalled) {
      return make_error(fmt::format("IKEv1 CHILD_SA #{} is {}, not INSTALLED", child_id,
                                    child_state_name(c->state)));
    }
    rekey_child_now(*sa, *c, std::move(done));
    return {};
  }
  return make_error(fmt::format("no IKEv1 CHILD_SA #{}", child_id));
}

void Engine::rekey_child_now(IsakmpSa& sa, ChildSa& child, Completion done) {
  IsakmpSa* via = established_sa_for(*sa.connection);
  if (via) {
    start_quick_mode(*via, *child.config, child.pair_index, child.id, std::move(done));
    return;
  }
  if (!sa.connection->can_initiate()) {
    sa_log(sa, child, log::Level::kInfo,
           "CHILD_SA {}{{{}}} cannot be rekeyed: no ISAKMP SA with the peer", child.name(),
           child.id);
    if (done) done(make_error("no ISAKMP SA to rekey with"));
    return;
  }
  child.state = ChildState::kRekeying;
  IsakmpSa* pending = nullptr;
  for (auto* s : sas_of(*sa.connection)) {
    if (s->initiator && s->state == IsakmpState::kNegotiating) pending = s;
  }
  IsakmpSa::PendingChild p{child.config, child.pair_index, child.id, std::move(done)};
  if (pending) {
    pending->pending_children.push_back(std::move(p));
  } else {
    std::vector<IsakmpSa::PendingChild> list;
    list.push_back(std::move(p));
    start_phase1(*sa.connection, 0, std::move(list), nullptr, rekey_addresses(sa));
  }
}

std::optional<std::uint32_t> Engine::find_ike_id(std::string_view connection) const {
  std::optional<std::uint32_t> best;
  for (const IsakmpSa* sa : sas_.of_connection(connection)) {
    if (sa->state == IsakmpState::kRekeyed || sa->state == IsakmpState::kDeleted) continue;
    if (!best || sa->id > *best) best = sa->id;
  }
  return best;
}

std::optional<std::uint32_t> Engine::find_child_id(std::string_view connection,
                                                   std::string_view child) const {
  std::optional<std::uint32_t> best;
  for (const IsakmpSa* sa : sas_.of_connection(connection)) {
    for (const auto& c : sa->children) {
      if (c->name() == child && c->state == ChildState::kInstalled && (!best || c->id > *best)) {
        best = c->id;
      }
    }
  }
  return best;
}

void Engine::shutdown() {
  for (auto id : sas_.ids()) {
    if (find_sa(id)) (void)terminate_ike(id, nullptr);
  }
}

}  // namespace oakley::ikev1
