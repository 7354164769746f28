#include "wire/ikev1/mode_config.hpp"

#include "common/secret.hpp"
#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

Result<AttributePayload> parse_attribute_payload(ByteView body) {
  Reader r(body);
  if (auto s = r.need(4, "type, reserved field and identifier"); !s) return s.take_error();
  AttributePayload a;
  a.cfg_type = CfgType{r.u8()};
  r.skip(1);
  a.identifier = r.u16();
  auto attrs = parse_data_attributes(r.rest());
  if (!attrs) return attrs.take_error();
  a.attributes = std::move(*attrs);
  return a;
}

AttributePayload::~AttributePayload() {
  for (auto& a : attributes) {
    if (auto* v = std::get_if<Bytes>(&a.value)) secure_wipe(v->data(), v->size());
  }
}

void encode_attribute_payload(Writer& w, const AttributePayload& a) {
  w.u8(static_cast<std::uint8_t>(a.cfg_type));
  w.u8(0);
  w.u16(a.identifier);
  encode_data_attributes(w, a.attributes);
}

}  // namespace oakley::wire::ikev1
