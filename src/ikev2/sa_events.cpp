// The IKEv2 engine's SA events: snapshots of an IKE SA and a CHILD_SA for the daemon's listeners.
#include "ike/sa_event_snapshot.hpp"
#include "ikev2/engine.hpp"

namespace oakley::ikev2 {
namespace {

ike::SaEvent ike_part(ike::SaEventKind kind, const IkeSa& sa, std::string reason) {
  return ike::ike_sa_snapshot(kind, 2, sa, sa.spi_i, sa.spi_r, std::move(reason));
}

}  // namespace

void Engine::emit_ike_event(ike::SaEventKind kind, const IkeSa& sa, std::string reason,
                            std::uint32_t replaces) {
  if (!deps_.events) return;
  auto e = ike_part(kind, sa, std::move(reason));
  e.replaces = replaces;
  deps_.events(e);
}

void Engine::emit_child_event(ike::SaEventKind kind, const IkeSa& sa, const ChildSa& child,
                              std::string reason) {
  if (!deps_.events) return;
  auto e = ike_part(kind, sa, std::move(reason));
  ike::add_child_snapshot(e, child);
  // A rekeyed CHILD_SA names the one it replaces (the old SA's replaced_by points here).
  if (kind == ike::SaEventKind::kChildRekeyed) {
    for (const auto& c : sa.children) {
      if (c->replaced_by == child.id || (c->collision && c->collision->peer_child_id == child.id))
        e.replaces = c->id;
    }
  }
  deps_.events(e);
}

void Engine::emit_child_failed(const IkeSa& sa, std::string_view child, std::string reason) {
  if (!deps_.events) return;
  auto e = ike_part(ike::SaEventKind::kChildFailed, sa, std::move(reason));
  e.child = std::string(child);
  deps_.events(e);
}

}  // namespace oakley::ikev2
