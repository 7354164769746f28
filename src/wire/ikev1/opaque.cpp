#include "wire/ikev1/opaque.hpp"

#include <fmt/format.h>

namespace oakley::wire::ikev1 {

namespace {

Result<Bytes> non_empty(ByteView body, const char* what) {
  if (body.empty()) return make_error(fmt::format("empty {}", what));
  return Bytes(body.begin(), body.end());
}

}  // namespace

Result<KePayload> parse_ke(ByteView body) {
  auto b = non_empty(body, "key exchange data");
  if (!b) return b.take_error();
  return KePayload{std::move(*b)};
}

Result<HashPayload> parse_hash(ByteView body) {
  auto b = non_empty(body, "hash");
  if (!b) return b.take_error();
  return HashPayload{std::move(*b)};
}

Result<SigPayload> parse_sig(ByteView body) {
  auto b = non_empty(body, "signature");
  if (!b) return b.take_error();
  return SigPayload{std::move(*b)};
}

Result<NoncePayload> parse_nonce(ByteView body) {
  if (body.size() < kMinNonceSize || body.size() > kMaxNonceSize) {
    return make_error(fmt::format("nonce of {} bytes (must be {}..{})", body.size(), kMinNonceSize,
                                  kMaxNonceSize));
  }
  return NoncePayload{Bytes(body.begin(), body.end())};
}

Result<VendorIdPayload> parse_vendor_id(ByteView body) {
  return VendorIdPayload{Bytes(body.begin(), body.end())};
}

Result<NatDPayload> parse_nat_d(ByteView body, bool draft) {
  auto b = non_empty(body, "NAT-D hash");
  if (!b) return b.take_error();
  return NatDPayload{std::move(*b), draft};
}

}  // namespace oakley::wire::ikev1
