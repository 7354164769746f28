// Notify payload (RFC 7296 3.10). Names for logs are in names.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct NotifyPayload {
  ProtocolId protocol = ProtocolId::kNone;  // kNone with an empty SPI unless about a CHILD_SA
  Bytes spi{};
  NotifyType type = NotifyType::kInitialContact;
  Bytes data{};

  static NotifyPayload of(NotifyType type, Bytes data = {}) {
    return {ProtocolId::kNone, {}, type, std::move(data)};
  }
  // About a CHILD_SA (REKEY_SA, INVALID_SPI ...): protocol and 4-byte SPI.
  static NotifyPayload child(NotifyType type, ProtocolId protocol, std::uint32_t spi,
                             Bytes data = {});
  // INVALID_KE_PAYLOAD with the group the responder wants (RFC 7296 3.10.1).
  static NotifyPayload invalid_ke(DhId group);
  // SIGNATURE_HASH_ALGORITHMS and similar lists of 16-bit numbers.
  static NotifyPayload u16_list(NotifyType type, const std::vector<std::uint16_t>& values);

  // Notification data read as one 16-bit / 32-bit number (INVALID_KE_PAYLOAD's group,
  // SET_WINDOW_SIZE), or as a list of 16-bit numbers; nullopt/empty when the size is wrong.
  std::optional<std::uint16_t> data_u16() const;
  std::optional<std::uint32_t> data_u32() const;
  std::vector<std::uint16_t> data_u16_list() const;
  bool is_error() const { return ikev2::is_error(type); }
  bool operator==(const NotifyPayload&) const = default;
};

Result<NotifyPayload> parse_notify(ByteView body);
void encode_notify(Writer& w, const NotifyPayload& n);

}  // namespace oakley::wire::ikev2
