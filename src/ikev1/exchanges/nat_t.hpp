// NAT traversal for IKEv1 (RFC 3947): NAT-D payloads in Phase 1 (MM3/MM4, AM2/AM3) carry
// HASH(CKY-I | CKY-R | IP | port) of the destination first and then of the source; a hash that
// does not match what the receiver sees means a NAT rewrote that address. Both sides then move to
// the NAT-T port (the initiator with MM5 / AM3) and ESP travels in UDP (RFC 3948).
#pragma once

#include <vector>

#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

// NAT-D payloads for a message of `sa` from `local` to `remote`; `fake` (swanctl.conf encap =
// yes) sends a source hash that cannot match, forcing UDP encapsulation.
std::vector<wire::ikev1::Payload> nat_d_payloads(const IsakmpSa& sa, const Endpoint& local,
                                                 const Endpoint& remote, bool fake);

// Checks the NAT-D payloads of a message that travelled from `remote` to `local` and records
// the result in sa.nat_local / sa.nat_remote. No-op when the peer did not announce RFC 3947.
void detect_nat(IsakmpSa& sa, const std::vector<wire::ikev1::Payload>& payloads,
                const Endpoint& local, const Endpoint& remote);

// Initiator: once a NAT is known, switch both ends to the NAT-T port before sending the
// message that carries the identities (RFC 3947 4).
void float_to_nat_t_port(ExchangeContext& ctx, IsakmpSa& sa);

}  // namespace oakley::ikev1
