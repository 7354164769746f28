// Configuration payload CP (RFC 7296 3.15).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct CpAttribute {
  CpAttributeType type = CpAttributeType::kInternalIp4Address;  // 15 bits
  Bytes value{};  // empty in a CFG_REQUEST that asks for any value

  static CpAttribute address(CpAttributeType type, const IpAddress& a) {
    return {type, Bytes(a.bytes().begin(), a.bytes().end())};
  }
  // INTERNAL_IP6_ADDRESS / INTERNAL_IP6_SUBNET: 16 address bytes and a prefix length.
  static CpAttribute ip6_prefix(CpAttributeType type, const IpAddress& a, std::uint8_t prefix);
  // The value as an address when it starts with one of the attribute's family (the IPv4
  // attributes 1-4, 6, 13 and the IPv6 attributes 8, 10, 12, 15); nullopt for an empty value.
  std::optional<IpAddress> as_address() const;
  bool operator==(const CpAttribute&) const = default;
};

struct CpPayload {
  CfgType cfg_type = CfgType::kRequest;
  std::vector<CpAttribute> attributes{};
  bool operator==(const CpPayload&) const = default;
};

Result<CpPayload> parse_cp(ByteView body);
void encode_cp(Writer& w, const CpPayload& cp);

}  // namespace oakley::wire::ikev2
