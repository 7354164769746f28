// Identification payloads IDi and IDr (RFC 7296 3.5).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

// Which party a payload describes: IDi/TSi (initiator) or IDr/TSr (responder).
enum class Side : std::uint8_t { kInitiator, kResponder };

struct IdPayload {
  Side side = Side::kInitiator;  // IDi or IDr
  IdType id_type = IdType::kFqdn;
  Bytes data{};  // address bytes, FQDN, RFC 822 address, DER DN, key id ...
  bool operator==(const IdPayload&) const = default;
};

// ID_IPV4_ADDR must carry 4 bytes and ID_IPV6_ADDR 16.
Result<IdPayload> parse_id(Side side, ByteView body);
void encode_id(Writer& w, const IdPayload& id);
// "RestOfIDPayload" of RFC 7296 2.15 (ID type, three reserved bytes, data): what the AUTH
// payload signs or MACs.
Bytes encode_id_body(const IdPayload& id);

}  // namespace oakley::wire::ikev2
