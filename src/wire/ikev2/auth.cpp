#include "wire/ikev2/auth.hpp"

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

Result<AuthPayload> parse_auth(ByteView body) {
  Reader r(body);
  if (auto s = r.need(5, "auth method, reserved field and authentication data"); !s) {
    return s.take_error();
  }
  AuthPayload a;
  a.method = AuthMethod{r.u8()};
  r.skip(3);
  a.data = r.copy_rest();
  return a;
}

void encode_auth(Writer& w, const AuthPayload& a) {
  w.u8(static_cast<std::uint8_t>(a.method));
  w.zeros(3);
  w.bytes(a.data);
}

}  // namespace oakley::wire::ikev2
