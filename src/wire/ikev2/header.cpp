#include "wire/ikev2/header.hpp"

#include "wire/fixed_header.hpp"

namespace oakley::wire::ikev2 {

Result<Header> peek_header(ByteView datagram) {
  auto f = read_fixed_header(
      datagram, {"IKEv2 header", kMajorVersion, static_cast<int>(NotifyType::kInvalidSyntax),
                 static_cast<int>(NotifyType::kInvalidMajorVersion)});
  if (!f) return f.take_error();
  Header h;
  h.initiator_spi = f->spi_i;
  h.responder_spi = f->spi_r;
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
      w, {h.initiator_spi, h.responder_spi, static_cast<std::uint8_t>(h.next_payload),
          h.major_version, h.minor_version, static_cast<std::uint8_t>(h.exchange_type), h.flags,
          h.message_id, h.length});
}

std::array<std::uint8_t, 8> spi_bytes(std::uint64_t spi) {
  std::array<std::uint8_t, 8> out{};
  store_be64(out.data(), spi);
  return out;
}

}  // namespace oakley::wire::ikev2
