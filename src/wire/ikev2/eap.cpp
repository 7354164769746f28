#include "wire/ikev2/eap.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

namespace {
constexpr std::size_t kEapHeader = 4;
}

std::optional<std::uint8_t> EapPayload::type() const {
  bool has_type = code() == EapCode::kRequest || code() == EapCode::kResponse;
  if (!has_type || message.size() <= kEapHeader) return std::nullopt;
  return message[kEapHeader];
}

Result<EapPayload> parse_eap(ByteView body) {
  Reader r(body);
  if (auto s = r.need(kEapHeader, "EAP header"); !s) return s.take_error();
  std::uint8_t code = r.u8();
  r.skip(1);
  std::uint16_t length = r.u16();
  if (length != body.size()) {
    return make_error(
        fmt::format("EAP length {} differs from the payload body size {}", length, body.size()));
  }
  bool has_type = code == 1 || code == 2;
  if (has_type && length <= kEapHeader) {
    return make_error(fmt::format("EAP code {} without a type", code));
  }
  return EapPayload{Bytes(body.begin(), body.end())};
}

void encode_eap(Writer& w, const EapPayload& eap) {
  w.bytes(eap.message);
}

}  // namespace oakley::wire::ikev2
