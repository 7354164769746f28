// The IKE-level part of `oakctl list-sas`, written once for both versions (child_report.hpp has
// the CHILD_SA part): the SA structs of ikev1 (IsakmpSa) and ikev2 (IkeSa) name these members
// alike, so each engine passes its own SA and adds only what differs (state, role,
// authentication, lifetimes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ike/identity.hpp"
#include "ike/proposal.hpp"
#include "ike/sa_info.hpp"

namespace oakley::ike {

// An IKE SA's algorithms: fill_algorithms (child_report.hpp) and the PRF.
void fill_ike_algorithms(const Proposal& p, IkeSaInfo& info);

// What list-sas shows of any IKE SA; `spi_i`/`spi_r` are the IKEv2 SPIs or the IKEv1 cookies.
template <class IkeSaT>
IkeSaInfo ike_sa_report(const IkeSaT& sa, int version, std::uint64_t spi_i, std::uint64_t spi_r) {
  IkeSaInfo i;
  i.id = sa.id;
  i.connection = sa.name();
  i.version = version;
  i.local = sa.local.to_string();
  i.remote = sa.remote.to_string();
  i.local_id = sa.local_id.data.empty() ? "" : from_wire(sa.local_id).to_string();
  i.remote_id = sa.remote_identity.text;
  for (const auto& v : sa.local_vips)
    i.local_vips.push_back(v.to_string());
  for (const auto& v : sa.peer_vips)
    i.remote_vips.push_back(v.address.to_string());
  i.spi_i = spi_i;
  i.spi_r = spi_r;
  fill_ike_algorithms(sa.proposal, i);
  i.nat_local = sa.nat_local;
  i.nat_remote = sa.nat_remote;
  return i;
}

}  // namespace oakley::ike
