// The IKEv1 engine's SA events: snapshots of an ISAKMP SA and an IPsec SA pair for the daemon's
// listeners.
#include "ike/sa_event_snapshot.hpp"
#include "ikev1/engine.hpp"

namespace oakley::ikev1 {
namespace {

ike::SaEvent ike_part(ike::SaEventKind kind, const IsakmpSa& sa, std::string reason) {
  auto e = ike::ike_sa_snapshot(kind, 1, sa, sa.icookie, sa.rcookie, std::move(reason));
  e.xauth_user = sa.xauth_user;
  return e;
}

}  // namespace

void Engine::emit_ike_event(ike::SaEventKind kind, const IsakmpSa& sa, std::string reason,
                            std::uint32_t replaces) {
  if (!deps_.events) return;
  auto e = ike_part(kind, sa, std::move(reason));
  e.replaces = replaces;
  deps_.events(e);
}

void Engine::emit_child_event(ike::SaEventKind kind, const IsakmpSa& sa, const ChildSa& child,
                              std::string reason) {
  if (!deps_.events) return;
  auto e = ike_part(kind, sa, std::move(reason));
  ike::add_child_snapshot(e, child);
  e.replaces = kind == ike::SaEventKind::kChildRekeyed ? child.replaces : 0;
  deps_.events(e);
}

void Engine::emit_child_failed(const IsakmpSa& sa, std::string_view child, std::string reason) {
  if (!deps_.events) return;
  auto e = ike_part(ike::SaEventKind::kChildFailed, sa, std::move(reason));
  e.child = std::string(child);
  deps_.events(e);
}

void Engine::report_child_established(const IsakmpSa& sa, const ChildSa& child) {
  // A pair that lost a simultaneous negotiation is already superseded: its twin was reported.
  if (child.state != ChildState::kInstalled) return;
  emit_child_event(child.replaces ? ike::SaEventKind::kChildRekeyed : ike::SaEventKind::kChildUp,
                   sa, child);
}

}  // namespace oakley::ikev1
