// What an SA event says about an IKE SA and a CHILD_SA, written once for both versions: the IKE
// SA structs of ikev1 (IsakmpSa) and ikev2 (IkeSa) name these members alike, and both CHILD_SA
// structs are an ike::ChildSa, so each engine passes its own SA and only adds what differs (SPIs,
// XAuth user, rekey links).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "ike/child_sa.hpp"
#include "ike/identity.hpp"
#include "ike/sa_events.hpp"

namespace oakley::ike {

template <class IkeSaT>
SaEvent ike_sa_snapshot(SaEventKind kind, int version, const IkeSaT& sa, std::uint64_t spi_i,
                        std::uint64_t spi_r, std::string reason) {
  SaEvent e;
  e.kind = kind;
  e.version = version;
  e.connection = sa.name();
  e.ike_id = sa.id;
  e.ike_spi_i = spi_i;
  e.ike_spi_r = spi_r;
  e.local = sa.local;
  e.remote = sa.remote;
  if (!sa.local_id.data.empty()) e.local_id = from_wire(sa.local_id).to_string();
  if (!sa.remote_id.data.empty()) e.remote_id = sa.remote_identity.to_string();
  e.local_vips = sa.local_vips;
  for (const auto& v : sa.peer_vips)
    e.remote_vips.push_back(v.address);
  e.dns = sa.peer_dns;
  e.udp_encap = sa.nat_any();
  e.reason = std::move(reason);
  return e;
}

// The CHILD_SA's part of a child_* event (the IKE SA's comes from ike_sa_snapshot).
void add_child_snapshot(SaEvent& e, const ChildSa& child);

}  // namespace oakley::ike
