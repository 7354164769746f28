// KE (RFC 7296 3.4) and Nonce (3.9) payloads.
#pragma once

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct KePayload {
  DhId group = DhId::kNone;  // any number: the state machine answers INVALID_KE_PAYLOAD
  Bytes data{};
  bool operator==(const KePayload&) const = default;
};

struct NoncePayload {
  Bytes data{};
  bool operator==(const NoncePayload&) const = default;
};

inline constexpr std::size_t kMinNonceSize = 16;
inline constexpr std::size_t kMaxNonceSize = 256;

// KE: group and reserved field, then at least one byte of key exchange data.
Result<KePayload> parse_ke(ByteView body);
void encode_ke(Writer& w, const KePayload& ke);
// Nonce: 16..256 bytes (RFC 7296 3.9).
Result<NoncePayload> parse_nonce(ByteView body);
void encode_nonce(Writer& w, const NoncePayload& n);

}  // namespace oakley::wire::ikev2
