// initiate() in two steps: first where to (the connection's addresses, its DNS names resolved
// afresh off the loop thread: ike/initiation_addresses.hpp), then the IKE SA. Connections with
// literal addresses go through both at once, as before names existed.
#include <fmt/format.h>

#include <memory>

#include "ikev2/engine.hpp"

namespace oakley::ikev2 {

namespace {

// Whether the addresses arrived inside the call (their outcome is then returned to the caller)
// or later (it goes to the completion).
struct Pending {
  bool in_call = true;
  std::optional<Status> outcome;
};

}  // namespace

IkeSa* Engine::reusable_sa(std::string_view connection) {
  for (IkeSa* sa : sas_.of_connection(connection)) {
    if (sa->state == IkeState::kConnecting || sa->state == IkeState::kEstablished) return sa;
  }
  return nullptr;
}

Status Engine::initiate_resolving(const config::Connection& conn, const config::Child* child,
                                  Completion done) {
  auto pending = std::make_shared<Pending>();
  ike::resolve_initiation_addresses(
      deps_.host_names, deps_.sender, conn,
      [this, config = config_, name = conn.name, child_name = child ? child->name : std::string(),
       &conn, child, pending,
       done = std::move(done)](Result<ike::InitiationAddresses> addresses) mutable {
        Status st;
        if (config != config_) {
          // Reloaded while the names resolved: `conn` belongs to the old configuration, whose
          // SAs must not be created any more. Start over with the connection as it is now.
          st = initiate(name, child_name, done);  // a copy: `done` reports its refusal
        } else if (!addresses) {
          st = addresses.take_error();
          diagnostics_.note_failure(name, st.error().message);  // for oakctl diagnose
        } else {
          st = initiate_resolved(conn, child, *addresses, done);
        }
        if (pending->in_call) {
          pending->outcome = std::move(st);
        } else if (!st && done) {
          done(st);
        }
      });
  pending->in_call = false;
  return pending->outcome.value_or(Status{});
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
