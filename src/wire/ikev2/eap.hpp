// EAP payload (RFC 7296 3.16): one EAP message (RFC 3748 4), kept whole so it can be relayed to
// an EAP method or a RADIUS server unchanged.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

enum class EapCode : std::uint8_t { kRequest = 1, kResponse = 2, kSuccess = 3, kFailure = 4 };

struct EapPayload {
  Bytes message{};  // code, identifier, length, [type, type data]

  EapCode code() const { return EapCode{message.empty() ? std::uint8_t{0} : message[0]}; }
  std::uint8_t identifier() const { return message.size() > 1 ? message[1] : 0; }
  // The method type of a Request/Response.
  std::optional<std::uint8_t> type() const;
  bool operator==(const EapPayload&) const = default;
};

// The EAP length field must equal the payload body size; Request/Response carry a type byte.
Result<EapPayload> parse_eap(ByteView body);
void encode_eap(Writer& w, const EapPayload& eap);

}  // namespace oakley::wire::ikev2
