#include "wire/common_payloads.hpp"

#include <fmt/format.h>

namespace oakley::wire {

Result<NotifyFields> read_notify_fields(Reader& r) {
  if (auto s = r.need(4, "protocol, SPI size and notify type"); !s) return s.take_error();
  NotifyFields n;
  n.protocol = r.u8();
  std::uint8_t spi_size = r.u8();
  n.type = r.u16();
  if (auto s = r.need(spi_size, fmt::format("SPI of size {}", spi_size)); !s) {
    return s.take_error();
  }
  n.spi = r.copy(spi_size);
  n.data = r.copy_rest();
  return n;
}

void write_notify_fields(Writer& w, std::uint8_t protocol, std::uint16_t type, ByteView spi,
                         ByteView data) {
  w.u8(protocol);
  w.count8(spi.size());
  w.u16(type);
  w.bytes(spi);
  w.bytes(data);
}

Result<SpiList> read_spi_list(Reader& r, EmptySpiList empty) {
  if (auto s = r.need(4, "protocol, SPI size and SPI count"); !s) return s.take_error();
  SpiList l;
  l.protocol = r.u8();
  l.spi_size = r.u8();
  std::uint16_t count = r.u16();
  bool bad = empty == EmptySpiList::kRefused ? (count == 0 || l.spi_size == 0)
                                             : (l.spi_size == 0 && count != 0);
  if (bad) return make_error(fmt::format("{} SPIs of size {}", count, l.spi_size));
  std::size_t want = std::size_t{count} * l.spi_size;
  if (r.remaining() != want) {
    return make_error(fmt::format("{} SPIs of {} bytes need {} bytes, the payload has {}", count,
                                  l.spi_size, want, r.remaining()));
  }
  for (std::uint16_t i = 0; i < count; ++i)
    l.spis.push_back(r.copy(l.spi_size));
  return l;
}

void write_spi_list(Writer& w, std::uint8_t protocol, std::uint8_t spi_size,
                    const std::vector<Bytes>& spis) {
  w.u8(protocol);
  w.u8(spi_size);
  w.count16(spis.size());
  for (const auto& spi : spis) {
    if (spi.size() != spi_size) w.fail();
    w.bytes(spi);
  }
}

Result<EncodedData> read_encoded_data(ByteView body, std::string_view what) {
  Reader r(body);
  if (auto s = r.need(1, what); !s) return s.take_error();
  EncodedData d;
  d.encoding = r.u8();
  d.data = r.copy_rest();
  return d;
}

void write_encoded_data(Writer& w, std::uint8_t encoding, ByteView data) {
  w.u8(encoding);
  w.bytes(data);
}

}  // namespace oakley::wire
