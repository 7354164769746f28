// The IKEv2 engine's SA events: snapshots of an IKE SA and a CHILD_SA for the daemon's listeners.
#include "ike/sa_events.hpp"

#include "ike/identity.hpp"
#include "ikev2/engine.hpp"

namespace oakley::ikev2 {
namespace {

ike::SaEvent ike_part(ike::SaEventKind kind, const IkeSa& sa, std::string reason) {
  ike::SaEvent e;
  e.kind = kind;
  e.version = 2;
  e.connection = sa.name();
  e.ike_id = sa.id;
  e.ike_spi_i = sa.spi_i;
  e.ike_spi_r = sa.spi_r;
  e.local = sa.local;
  e.remote = sa.remote;
  if (!sa.local_id.data.empty()) e.local_id = ike::from_wire(sa.local_id).to_string();
  if (!sa.remote_id.data.empty()) e.remote_id = sa.remote_identity.to_string();
  e.local_vips = sa.local_vips;
  for (const auto& v : sa.peer_vips)
    e.remote_vips.push_back(v.address);
  e.dns = sa.peer_dns;
  e.udp_encap = sa.nat_any();
  e.reason = std::move(reason);
  return e;
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
  e.child = child.name();
  e.child_id = child.id;
  e.reqid = child.reqid;
  e.spi_in = child.spi_in;
  e.spi_out = child.spi_out;
  e.transport = child.transport;
  e.udp_encap = child.udp_encap;
  e.local_ts = child.local_ts;
  e.remote_ts = child.remote_ts;
  if (child.config) {
    e.if_id_in = child.config->if_id_in.value;
    e.if_id_out = child.config->if_id_out.value;
    e.updown = child.config->updown;
    e.hostaccess = child.config->hostaccess;
  }
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
