#include "wire/fixed_header.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"
#include "wire/version.hpp"

namespace oakley::wire {

Result<FixedHeader> read_fixed_header(ByteView datagram, const HeaderRules& rules) {
  Reader r(datagram);
  if (auto s = r.need(kIkeHeaderSize, rules.name); !s) {
    return make_error(s.error().message, rules.malformed_code);
  }
  FixedHeader h;
  h.spi_i = r.u64();
  h.spi_r = r.u64();
  h.next_payload = r.u8();
  std::uint8_t version = r.u8();
  h.major_version = version >> 4;
  h.minor_version = version & 0x0f;
  h.exchange_type = r.u8();
  h.flags = r.u8();
  h.message_id = r.u32();
  h.length = r.u32();
  if (h.major_version != rules.major) {
    return make_error(
        fmt::format("{}: major version {} (expected {})", rules.name, h.major_version, rules.major),
        rules.major_code);
  }
  if (h.length < kIkeHeaderSize) {
    return make_error(fmt::format("{}: length {} is shorter than the header", rules.name, h.length),
                      rules.malformed_code);
  }
  return h;
}

void write_fixed_header(Writer& w, const FixedHeader& h) {
  w.u64(h.spi_i);
  w.u64(h.spi_r);
  w.u8(h.next_payload);
  w.u8(static_cast<std::uint8_t>((h.major_version << 4) | (h.minor_version & 0x0f)));
  w.u8(h.exchange_type);
  w.u8(h.flags);
  w.u32(h.message_id);
  w.u32(h.length);
}

}  // namespace oakley::wire
