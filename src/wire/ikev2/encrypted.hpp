// Encrypted (SK, RFC 7296 3.14) and Encrypted Fragment (SKF, RFC 7383 2.5) payloads. This layer
// does no crypto: the body is IV || ciphertext (with padding and pad length) || ICV as one block;
// the IKE layer decrypts it and parses the plaintext with parse_payload_chain(inner_next_payload,
// ...) from message.hpp.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct SkPayload {
  PayloadType inner_next_payload = PayloadType::kNone;  // type of the first inner payload
  Bytes body{};                                         // IV || ciphertext || ICV
  bool operator==(const SkPayload&) const = default;
};

struct SkfPayload {
  // Type of the first inner payload in fragment 1; kNone in the others (RFC 7383 2.5).
  PayloadType inner_next_payload = PayloadType::kNone;
  std::uint16_t fragment_number = 1;  // 1..total_fragments
  std::uint16_t total_fragments = 1;
  Bytes body{};  // IV || ciphertext || ICV
  bool operator==(const SkfPayload&) const = default;
};

// Bytes of the SKF body that precede the encrypted data (fragment number and total).
inline constexpr std::size_t kSkfFieldsSize = 4;

Result<SkPayload> parse_sk(PayloadType inner_next, ByteView body);
void encode_sk(Writer& w, const SkPayload& sk);
// Fragment number and total must satisfy 1 <= number <= total.
Result<SkfPayload> parse_skf(PayloadType inner_next, ByteView body);
void encode_skf(Writer& w, const SkfPayload& skf);

}  // namespace oakley::wire::ikev2
