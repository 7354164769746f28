// The IKEv1 engine's SA events: snapshots of an ISAKMP SA and an IPsec SA pair for the daemon's
// listeners.
#include "ike/identity.hpp"
#include "ikev1/engine.hpp"

namespace oakley::ikev1 {
namespace {

ike::SaEvent ike_part(ike::SaEventKind kind, const IsakmpSa& sa, std::string reason) {
  ike::SaEvent e;
  e.kind = kind;
  e.version = 1;
  e.connection = sa.name();
  e.ike_id = sa.id;
  e.ike_spi_i = sa.icookie;
  e.ike_spi_r = sa.rcookie;
  e.local = sa.local;
  e.remote = sa.remote;
  if (!sa.local_id.data.empty()) e.local_id = ike::from_wire(sa.local_id).to_string();
  if (!sa.remote_id.data.empty()) e.remote_id = sa.remote_identity.to_string();
  e.xauth_user = sa.xauth_user;
  e.local_vips = sa.local_vips;
  for (const auto& v : sa.peer_vips)
    e.remote_vips.push_back(v.address);
  e.dns = sa.peer_dns;
  e.udp_encap = sa.nat_any();
  e.reason = std::move(reason);
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
  e.child = child.name();
  e.child_id = child.id;
  e.reqid = child.reqid;
  e.spi_in = child.spi_in;
  e.spi_out = child.spi_out;
  e.transport = child.transport;
  e.udp_encap = child.udp_encap;
  e.local_ts = child.local_ts;
  e.remote_ts = child.remote_ts;
  e.replaces = kind == ike::SaEventKind::kChildRekeyed ? child.replaces : 0;
  if (child.config) {
    e.if_id_in = child.config->if_id_in.value;
    e.if_id_out = child.config->if_id_out.value;
    e.updown = child.config->updown;
    e.hostaccess = child.config->hostaccess;
  }
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
