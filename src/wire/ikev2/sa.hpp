// SA payload: proposals of transforms with attributes (RFC 7296 3.3).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/data_attribute.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct Transform {
  TransformType type = TransformType::kEncr;
  std::uint16_t id = 0;                       // an EncrId/PrfId/IntegId/DhId/EsnId value
  std::optional<std::uint16_t> key_length{};  // bits: the Key Length attribute (14), when present
  std::vector<DataAttribute> other_attributes{};  // anything else, in received order

  static Transform encr(EncrId id, std::optional<std::uint16_t> key_bits = std::nullopt) {
    return {TransformType::kEncr, static_cast<std::uint16_t>(id), key_bits, {}};
  }
  static Transform prf(PrfId id) { return {TransformType::kPrf, static_cast<std::uint16_t>(id)}; }
  static Transform integ(IntegId id) {
    return {TransformType::kInteg, static_cast<std::uint16_t>(id)};
  }
  static Transform dh(DhId id) { return {TransformType::kDh, static_cast<std::uint16_t>(id)}; }
  static Transform esn(EsnId id) { return {TransformType::kEsn, static_cast<std::uint16_t>(id)}; }
  bool operator==(const Transform&) const = default;
};

struct Proposal {
  std::uint8_t number = 1;
  ProtocolId protocol = ProtocolId::kIke;
  Bytes spi{};  // empty in IKE_SA_INIT, 8 bytes for IKE rekeying, 4 for ESP/AH
  std::vector<Transform> transforms{};
  bool operator==(const Proposal&) const = default;
};

struct SaPayload {
  std::vector<Proposal> proposals{};
  bool operator==(const SaPayload&) const = default;
};

// The body of an SA payload (after the generic header). At least one proposal; proposal and
// transform lengths, 'last' markers, the transform count and the SPI size must all agree.
Result<SaPayload> parse_sa(ByteView body);
void encode_sa(Writer& w, const SaPayload& sa);

}  // namespace oakley::wire::ikev2
