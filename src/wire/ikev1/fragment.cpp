#include "wire/ikev1/fragment.hpp"

#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

Result<FragmentPayload> parse_fragment(ByteView body) {
  Reader r(body);
  if (auto s = r.need(5, "fragment ID, number, flags and data"); !s) return s.take_error();
  FragmentPayload f;
  f.id = r.u16();
  f.number = r.u8();
  f.flags = r.u8();
  f.data = r.copy_rest();
  if (f.number == 0) return make_error("fragment number 0");
  return f;
}

void encode_fragment(Writer& w, const FragmentPayload& f) {
  w.u16(f.id);
  w.u8(f.number);
  w.u8(f.flags);
  w.bytes(f.data);
}

}  // namespace oakley::wire::ikev1
