// What `oakctl list-sas` shows of a CHILD_SA, written once for both versions. The engines add the
// times (installed, rekey, expiry): IKEv1 keeps negotiated lifetimes per pair, IKEv2 takes them
// from the configuration.
#pragma once

#include <optional>
#include <string>

#include "common/ip_address.hpp"
#include "dataplane/backend.hpp"
#include "ike/child_sa.hpp"
#include "ike/proposal.hpp"
#include "ike/sa_info.hpp"

namespace oakley::ike {

// The names of a proposal's encryption (with its key size), integrity and DH transforms, as
// list-sas shows them for IKE SAs and CHILD_SAs alike; a transform of id 0 (none) stays unset.
void fill_algorithms(const Proposal& p, std::string& encr, unsigned& bits,
                     std::optional<std::string>& integ, std::optional<std::string>& dh);
// The additional key exchanges (RFC 9370) of a proposal, "KE1_ECP_384" ..., NONE left out.
std::vector<std::string> additional_ke_names(const Proposal& p);

// Everything but the counters and the times.
ChildSaInfo child_sa_info(const ChildSa& child);

// Bytes and packets the data plane counted on the child's inbound / outbound SA (whichever is
// asked for); an SA the data plane does not know leaves its counters at 0.
void add_counters(ChildSaInfo& info, const dataplane::Backend& backend, const ChildSa& child,
                  const IpAddress& remote, bool inbound, bool outbound);

}  // namespace oakley::ike
