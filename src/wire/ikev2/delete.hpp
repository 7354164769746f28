// Delete payload (RFC 7296 3.11).
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct DeletePayload {
  ProtocolId protocol = ProtocolId::kIke;
  std::uint8_t spi_size = 0;  // 0 for the IKE SA, 4 for ESP/AH; every SPI must have this size
  std::vector<Bytes> spis{};

  static DeletePayload ike() { return {ProtocolId::kIke, 0, {}}; }
  static DeletePayload child(ProtocolId protocol, const std::vector<std::uint32_t>& spis);
  bool operator==(const DeletePayload&) const = default;
};

// The SPI count times the SPI size must fill the body exactly.
Result<DeletePayload> parse_delete(ByteView body);
void encode_delete(Writer& w, const DeletePayload& d);

}  // namespace oakley::wire::ikev2
