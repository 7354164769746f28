// initiate() in two steps: first where to (the connection's addresses, its DNS names resolved
// afresh off the loop thread: ike/initiation_addresses.hpp), then Phase 1 and Quick Mode.
// Connections with literal addresses go through both at once, as before names existed.
#include <memory>

#include "ikev1/engine.hpp"

namespace oakley::ikev1 {

Status Engine::initiate_resolving(const config::Connection& conn, std::string_view child_name,
                                  std::vector<const config::Child*> children, Completion done) {
  if (conn.has_dns_names()) {
    // A Phase 1 with the peer is up or under way: its Quick Modes need no lookup.
    IsakmpSa* sa = established_sa_for(conn);
    for (auto* s : sas_of(conn)) {
      if (!sa && ((s->initiator && s->state == IsakmpState::kNegotiating) || s->xauth_pending())) {
        sa = s;
      }
    }
    if (sa) return initiate_children(conn, children, rekey_addresses(*sa), std::move(done));
  }
  return ike::initiate_when_resolved(
      deps_.host_names, deps_.sender, conn, std::move(done),
      [this, config = config_, name = conn.name, child_name = std::string(child_name), &conn,
       children = std::move(children)](Result<ike::InitiationAddresses> addresses,
                                       Completion& completion) -> Status {
        if (config != config_) {
          // Reloaded while the names resolved: `conn` belongs to the old configuration, whose
          // SAs must not be created any more. Start over with the connection as it is now.
          return initiate(name, child_name, completion);  // a copy: it reports the refusal
        }
        if (!addresses) {
          diagnostics_.note_failure(name, addresses.error().message);  // for oakctl diagnose
          return addresses.take_error();
        }
        return initiate_children(conn, children, *addresses, std::move(completion));
      });
}

ike::InitiationAddresses Engine::rekey_addresses(const IsakmpSa& sa) const {
  const auto& conn = *sa.connection;
  if (!conn.has_dns_names()) {
    // Literal addresses: the configured ones, as every Phase 1 of the connection uses.
    ike::InitiationAddresses a{*conn.remote_host(), std::nullopt};
    if (!conn.local_addrs.empty() && conn.local_addrs.front().is_host()) {
      a.local = conn.local_addrs.front().start;
    }
    return a;
  }
  // The names were resolved when this peer was reached; a replacement keeps talking to it.
  ike::InitiationAddresses a{sa.remote.address, std::nullopt};
  if (!sa.local.address.is_unspecified()) a.local = sa.local.address;
  return a;
}

}  // namespace oakley::ikev1
