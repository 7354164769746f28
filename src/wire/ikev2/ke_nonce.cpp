#include "wire/ikev2/ke_nonce.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

Result<KePayload> parse_ke(ByteView body) {
  Reader r(body);
  if (auto s = r.need(5, "group, reserved field and key exchange data"); !s) {
    return s.take_error();
  }
  KePayload ke;
  ke.group = DhId{r.u16()};
  r.skip(2);
  ke.data = r.copy_rest();
  return ke;
}

void encode_ke(Writer& w, const KePayload& ke) {
  w.u16(static_cast<std::uint16_t>(ke.group));
  w.u16(0);
  w.bytes(ke.data);
}

Result<NoncePayload> parse_nonce(ByteView body) {
  if (body.size() < kMinNonceSize || body.size() > kMaxNonceSize) {
    return make_error(fmt::format("nonce of {} bytes (must be {}..{})", body.size(), kMinNonceSize,
                                  kMaxNonceSize));
  }
  return NoncePayload{Bytes(body.begin(), body.end())};
}

void encode_nonce(Writer& w, const NoncePayload& n) {
  w.bytes(n.data);
}

}  // namespace oakley::wire::ikev2
