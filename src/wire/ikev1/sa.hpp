// SA payload with its Proposal and Transform substructures (RFC 2408 3.4-3.6) for the IPsec DOI
// (RFC 2407 4.6.1). Transform attributes are Phase1Attribute values in PROTO_ISAKMP proposals
// and IpsecAttribute values in PROTO_IPSEC_ESP/AH proposals.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/data_attribute.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct Transform {
  std::uint8_t number = 1;
  std::uint8_t id = kTransformKeyIke;  // KEY_IKE, or an ESP/AH/IPCOMP transform ID
  std::vector<DataAttribute> attributes{};

  // An attribute as a number whatever its encoding (TV or TLV), e.g.
  // t.attribute(Phase1Attribute::kLifeDuration) == 86400.
  template <typename E>
  std::optional<std::uint64_t> attribute(E type) const {
    return attribute_value(attributes, type);
  }
  bool operator==(const Transform&) const = default;
};

struct Proposal {
  std::uint8_t number = 1;  // proposals sharing a number form one AND-ed bundle (AH+ESP)
  ProtocolId protocol = ProtocolId::kIsakmp;
  Bytes spi{};  // empty (or the cookies) for ISAKMP, 4 bytes for ESP/AH, 2 (CPI) for IPCOMP
  std::vector<Transform> transforms{};
  bool operator==(const Proposal&) const = default;
};

struct SaPayload {
  std::uint32_t doi = kDoiIpsec;
  std::uint32_t situation = kSitIdentityOnly;
  std::vector<Proposal> proposals{};
  bool operator==(const SaPayload&) const = default;
};

// Errors: DOI other than IPsec → DOI-NOT-SUPPORTED (2); a secrecy/integrity situation (labeled
// domains) → SITUATION-NOT-SUPPORTED (3); structure faults in proposals/transforms (lengths,
// 'more' markers, transform count, SPI size) → BAD-PROPOSAL-SYNTAX (15).
Result<SaPayload> parse_sa(ByteView body);
void encode_sa(Writer& w, const SaPayload& sa);

}  // namespace oakley::wire::ikev1
