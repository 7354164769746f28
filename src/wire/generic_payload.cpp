#include "wire/generic_payload.hpp"

#include <fmt/format.h>

namespace oakley::wire {

Result<RawPayload> read_generic_payload(Reader& r) {
  if (auto s = r.need(kGenericHeaderSize, "generic payload header"); !s) return s.take_error();
  RawPayload p;
  p.next = r.u8();
  p.flags = r.u8();
  p.length = r.u16();
  if (p.length < kGenericHeaderSize) {
    return make_error(fmt::format("payload length {} is below the generic header size", p.length));
  }
  if (r.remaining() < p.length - kGenericHeaderSize) {
    return make_error(fmt::format("payload length {} exceeds the {} bytes left", p.length,
                                  r.remaining() + kGenericHeaderSize));
  }
  p.body = r.bytes(p.length - kGenericHeaderSize);
  return p;
}

}  // namespace oakley::wire
