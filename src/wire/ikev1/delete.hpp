// Delete payload (RFC 2408 3.15).
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct DeletePayload {
  std::uint32_t doi = kDoiIpsec;
  ProtocolId protocol = ProtocolId::kIsakmp;
  std::uint8_t spi_size = 16;  // 16 (both cookies) for ISAKMP, 4 for ESP/AH; all SPIs this size
  std::vector<Bytes> spis{};

  static DeletePayload isakmp(std::uint64_t icookie, std::uint64_t rcookie);
  static DeletePayload ipsec(ProtocolId protocol, const std::vector<std::uint32_t>& spis);
  bool operator==(const DeletePayload&) const = default;
};

// At least one SPI, of non-zero size; the count times the size must fill the body exactly.
Result<DeletePayload> parse_delete(ByteView body);
void encode_delete(Writer& w, const DeletePayload& d);

}  // namespace oakley::wire::ikev1
