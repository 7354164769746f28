#include "wire/ikev2/encrypted.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

Result<SkPayload> parse_sk(PayloadType inner_next, ByteView body) {
  if (body.empty()) return make_error("empty encrypted body");
  return SkPayload{inner_next, Bytes(body.begin(), body.end())};
}

void encode_sk(Writer& w, const SkPayload& sk) {
  w.bytes(sk.body);
}

Result<SkfPayload> parse_skf(PayloadType inner_next, ByteView body) {
  Reader r(body);
  if (auto s = r.need(kSkfFieldsSize + 1, "fragment number, total and encrypted body"); !s) {
    return s.take_error();
  }
  SkfPayload f;
  f.inner_next_payload = inner_next;
  f.fragment_number = r.u16();
  f.total_fragments = r.u16();
  if (f.fragment_number == 0 || f.fragment_number > f.total_fragments) {
    return make_error(
        fmt::format("fragment number {} of {} total", f.fragment_number, f.total_fragments));
  }
  f.body = r.copy_rest();
  return f;
}

void encode_skf(Writer& w, const SkfPayload& skf) {
  w.u16(skf.fragment_number);
  w.u16(skf.total_fragments);
  w.bytes(skf.body);
}

}  // namespace oakley::wire::ikev2
