// IKEv1 payloads whose body is one opaque value: KE (RFC 2408 3.7), HASH (3.11), SIG (3.12),
// Nonce (3.13), Vendor ID (3.16) and NAT-D (RFC 3947 3.2, and its draft number 130).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct KePayload {
  Bytes data{};  // g^x
  bool operator==(const KePayload&) const = default;
};
struct HashPayload {
  Bytes data{};
  bool operator==(const HashPayload&) const = default;
};
struct SigPayload {
  Bytes data{};
  bool operator==(const SigPayload&) const = default;
};
struct NoncePayload {
  Bytes data{};
  bool operator==(const NoncePayload&) const = default;
};
struct VendorIdPayload {
  Bytes data{};
  bool operator==(const VendorIdPayload&) const = default;
};
struct NatDPayload {
  Bytes hash{};
  bool draft = false;  // sent as payload type 130 (pre-RFC drafts) instead of 20
  bool operator==(const NatDPayload&) const = default;
};

inline constexpr std::size_t kMinNonceSize = 8;  // RFC 2409 5
inline constexpr std::size_t kMaxNonceSize = 256;

// KE, HASH, SIG and NAT-D need at least one byte; Nonce 8..256 bytes; Vendor ID anything.
Result<KePayload> parse_ke(ByteView body);
Result<HashPayload> parse_hash(ByteView body);
Result<SigPayload> parse_sig(ByteView body);
Result<NoncePayload> parse_nonce(ByteView body);
Result<VendorIdPayload> parse_vendor_id(ByteView body);
Result<NatDPayload> parse_nat_d(ByteView body, bool draft);

}  // namespace oakley::wire::ikev1
