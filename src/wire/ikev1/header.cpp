#include "wire/ikev1/header.hpp"

#include "wire/fixed_header.hpp"
#include "wire/ikev1/errors.hpp"

namespace oakley::wire::ikev1 {

Result<Header> peek_header(ByteView datagram) {
  auto f = read_fixed_header(datagram, {"ISAKMP header", kMajorVersion, kPayloadMalformed,
                                        error_code(NotifyType::kInvalidMajorVersion)});
  if (!f) return f.take_error();
  Header h;
  h.initiator_cookie = f->spi_i;
  h.responder_cookie = f->spi_r;
  h.next_payload = PayloadType{f->next_payload};
  h.major_version = f->major_version;
  h.minor_version = f->minor_version;
  h.exchange_type = ExchangeType{f->exchange_type};
  h.flags = f->flags;
  h.message_id = f->message_id;
  h.length = f->length;
  return h;
}

void encode_header(Writer& w, const Header& h) {
  write_fixed_header(
      w, {h.initiator_cookie, h.responder_cookie, static_cast<std::uint8_t>(h.next_payload),
          h.major_version, h.minor_version, static_cast<std::uint8_t>(h.exchange_type), h.flags,
          h.message_id, h.length});
}

std::array<std::uint8_t, 8> cookie_bytes(std::uint64_t cookie) {
  std::array<std::uint8_t, 8> out{};
  store_be64(out.data(), cookie);
  return out;
}

}  // namespace oakley::wire::ikev1
