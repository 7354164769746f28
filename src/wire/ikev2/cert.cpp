#include "wire/ikev2/cert.hpp"

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

Result<CertPayload> parse_cert(ByteView body) {
  Reader r(body);
  if (auto s = r.need(1, "certificate encoding"); !s) return s.take_error();
  CertPayload c;
  c.encoding = CertEncoding{r.u8()};
  c.data = r.copy_rest();
  return c;
}

void encode_cert(Writer& w, const CertPayload& c) {
  w.u8(static_cast<std::uint8_t>(c.encoding));
  w.bytes(c.data);
}

Result<CertreqPayload> parse_certreq(ByteView body) {
  Reader r(body);
  if (auto s = r.need(1, "certificate encoding"); !s) return s.take_error();
  CertreqPayload c;
  c.encoding = CertEncoding{r.u8()};
  c.authorities = r.copy_rest();
  return c;
}

void encode_certreq(Writer& w, const CertreqPayload& c) {
  w.u8(static_cast<std::uint8_t>(c.encoding));
  w.bytes(c.authorities);
}

}  // namespace oakley::wire::ikev2
