// initiate() in two steps: first where to (the connection's addresses, its DNS names resolved
// afresh off the loop thread: ike/initiation_addresses.hpp), then the IKE SA. Connections with
// literal addresses go through both at once, as before names existed.
#include <fmt/format.h>

#include <memory>

#include "ikev2/engine.hpp"

namespace oakley::ikev2 {

IkeSa* Engine::reusable_sa(std::string_view connection) {
  for (IkeSa* sa : sas_.of_connection(connection)) {
    if (sa->state == IkeState::kConnecting || sa->state == IkeState::kEstablished) return sa;
  }
  return nullptr;
}

Status Engine::initiate_resolving(const config::Connection& conn, const config::Child* child,
                                  Completion done) {
  return ike::initiate_when_resolved(
      deps_.host_names, deps_.sender, conn, std::move(done),
      [this, config = config_, name = conn.name, child_name = child ? child->name : std::string(),
       &conn, child](Result<ike::InitiationAddresses> addresses, Completion& completion) -> Status {
        if (config != config_) {
          // Reloaded while the names resolved: `conn` belongs to the old configuration, whose
          // SAs must not be created any more. Start over with the connection as it is now.
          return initiate(name, child_name, completion);  // a copy: it reports the refusal
        }
        if (!addresses) {
          diagnostics_.note_failure(name, addresses.error().message);  // for oakctl diagnose
          return addresses.take_error();
        }
        return initiate_resolved(conn, child, *addresses, completion);
      });
}

Status Engine::initiate_resolved(const config::Connection& conn, const config::Child* child,
                                 const ike::InitiationAddresses& addresses, Completion& done) {
  // Another initiation may have started an IKE SA while the names resolved.
  if (IkeSa* sa = reusable_sa(conn.name)) return initiate_on(*sa, child, std::move(done));
  if (conn.proposals.empty()) return make_error("connection has no IKE proposals");
  auto r = initiate_to(conn, child, Endpoint{addresses.remote, conn.remote_port}, std::nullopt,
                       std::move(done), addresses.local);
  if (!r) return r.take_error();
  return {};
}

}  // namespace oakley::ikev2
