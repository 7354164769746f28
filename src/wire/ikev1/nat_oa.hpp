// NAT-OA, the original address (RFC 3947 5.2; payload type 21, or 131 in the drafts).
#pragma once

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct NatOaPayload {
  IpAddress address{};
  bool draft = false;  // sent as payload type 131 instead of 21
  bool operator==(const NatOaPayload&) const = default;
};

// ID type IPV4_ADDR with 4 bytes or IPV6_ADDR with 16.
Result<NatOaPayload> parse_nat_oa(ByteView body, bool draft);
void encode_nat_oa(Writer& w, const NatOaPayload& oa);

}  // namespace oakley::wire::ikev1
