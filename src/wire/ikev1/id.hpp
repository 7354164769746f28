// Identification payload (RFC 2408 3.8, IPsec DOI form RFC 2407 4.6.2): Phase 1 identities and
// Quick Mode proxy identities (address, subnet or range, with protocol and port).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct IdPayload {
  IdType id_type = IdType::kIpv4Addr;
  std::uint8_t protocol = 0;  // IP protocol, 0 = any (Phase 1: 0 or UDP)
  std::uint16_t port = 0;     // 0 = any (Phase 1: 0 or 500)
  Bytes data{};               // address(es), FQDN, user@FQDN, DER DN, key id ...

  static IdPayload address(const IpAddress& a);
  static IdPayload fqdn(std::string_view name);
  static IdPayload user_fqdn(std::string_view name);
  static IdPayload key_id(ByteView id);
  // A Quick Mode proxy identity: an address for a host, a subnet for a prefix, a range otherwise.
  // IKEv1 carries one port or all: a port range other than a single port becomes "any" (0).
  static IdPayload from_traffic_selector(const TrafficSelector& ts);
  // The selector of an address/subnet/range identity; nullopt for names and non-contiguous masks.
  std::optional<TrafficSelector> to_traffic_selector() const;
  bool operator==(const IdPayload&) const = default;
};

// Address types must carry their exact size (4/16, subnets and ranges twice that); a wrong size
// is INVALID-ID-INFORMATION (18).
Result<IdPayload> parse_id(ByteView body);
void encode_id(Writer& w, const IdPayload& id);

}  // namespace oakley::wire::ikev1
