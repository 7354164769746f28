// Vendor IDs in Phase 1 (RFC 2408 3.16): what we announce (RFC 3947 NAT-T, RFC 3706 DPD,
// fragmentation, and XAuth / Cisco Unity when configured) and what the peer's tell us. Unknown
// ones are logged and otherwise ignored.
#pragma once

#include <vector>

#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

std::vector<wire::ikev1::Payload> our_vendor_ids(const ExchangeContext& ctx,
                                                 const config::Connection& conn);
// Reads the peer's vendor IDs into sa.peer and logs them.
void read_vendor_ids(IsakmpSa& sa, const std::vector<wire::ikev1::Payload>& payloads);

}  // namespace oakley::ikev1
