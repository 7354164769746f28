// Vendor ID payload (RFC 7296 3.12).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct VendorIdPayload {
  Bytes data{};
  bool operator==(const VendorIdPayload&) const = default;
};

inline Result<VendorIdPayload> parse_vendor_id(ByteView body) {
  return VendorIdPayload{Bytes(body.begin(), body.end())};
}
inline void encode_vendor_id(Writer& w, const VendorIdPayload& v) {
  w.bytes(v.data);
}

}  // namespace oakley::wire::ikev2
