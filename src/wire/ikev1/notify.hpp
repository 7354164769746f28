// Notification payload (RFC 2408 3.14), including DPD R-U-THERE/-ACK (RFC 3706), whose SPI is the
// two cookies and whose data is a 4-byte sequence number.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct NotifyPayload {
  std::uint32_t doi = kDoiIpsec;
  ProtocolId protocol = ProtocolId::kIsakmp;
  Bytes spi{};
  NotifyType type = NotifyType::kInitialContact;
  Bytes data{};

  // R-U-THERE (ack = false) or R-U-THERE-ACK with the cookies as SPI.
  static NotifyPayload dpd(bool ack, std::uint64_t icookie, std::uint64_t rcookie,
                           std::uint32_t sequence);
  // The DPD sequence number, when the data is 4 bytes.
  std::optional<std::uint32_t> dpd_sequence() const;
  bool operator==(const NotifyPayload&) const = default;
};

Result<NotifyPayload> parse_notify(ByteView body);
void encode_notify(Writer& w, const NotifyPayload& n);

}  // namespace oakley::wire::ikev1
