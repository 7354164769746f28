#include "wire/ikev1/cert.hpp"

#include "wire/common_payloads.hpp"

namespace oakley::wire::ikev1 {

Result<CertPayload> parse_cert(ByteView body) {
  auto d = read_encoded_data(body, "certificate encoding");
  if (!d) return d.take_error();
  return CertPayload{CertEncoding{d->encoding}, std::move(d->data)};
}

void encode_cert(Writer& w, const CertPayload& c) {
  write_encoded_data(w, static_cast<std::uint8_t>(c.encoding), c.data);
}

Result<CertreqPayload> parse_certreq(ByteView body) {
  auto d = read_encoded_data(body, "certificate type");
  if (!d) return d.take_error();
  return CertreqPayload{CertEncoding{d->encoding}, std::move(d->data)};
}

void encode_certreq(Writer& w, const CertreqPayload& c) {
  write_encoded_data(w, static_cast<std::uint8_t>(c.encoding), c.authority);
}

}  // namespace oakley::wire::ikev1
