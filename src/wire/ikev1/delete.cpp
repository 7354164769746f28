#include "wire/ikev1/delete.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

DeletePayload DeletePayload::isakmp(std::uint64_t icookie, std::uint64_t rcookie) {
  DeletePayload d{kDoiIpsec, ProtocolId::kIsakmp, 16, {Bytes{}}};
  put_be64(d.spis[0], icookie);
  put_be64(d.spis[0], rcookie);
  return d;
}

DeletePayload DeletePayload::ipsec(ProtocolId protocol, const std::vector<std::uint32_t>& spis) {
  DeletePayload d{kDoiIpsec, protocol, 4, {}};
  for (std::uint32_t spi : spis) {
    Bytes b;
    put_be32(b, spi);
    d.spis.push_back(std::move(b));
  }
  return d;
}

Result<DeletePayload> parse_delete(ByteView body) {
  Reader r(body);
  if (auto s = r.need(8, "DOI, protocol, SPI size and SPI count"); !s) return s.take_error();
  DeletePayload d;
  d.doi = r.u32();
  d.protocol = ProtocolId{r.u8()};
  d.spi_size = r.u8();
  std::uint16_t count = r.u16();
  if (count == 0 || d.spi_size == 0) {
    return make_error(fmt::format("{} SPIs of size {}", count, d.spi_size));
  }
  std::size_t want = std::size_t{count} * d.spi_size;
  if (r.remaining() != want) {
    return make_error(fmt::format("{} SPIs of {} bytes need {} bytes, the payload has {}", count,
                                  d.spi_size, want, r.remaining()));
  }
  for (std::uint16_t i = 0; i < count; ++i)
    d.spis.push_back(r.copy(d.spi_size));
  return d;
}

void encode_delete(Writer& w, const DeletePayload& d) {
  w.u32(d.doi);
  w.u8(static_cast<std::uint8_t>(d.protocol));
  w.u8(d.spi_size);
  w.count16(d.spis.size());
  for (const auto& spi : d.spis) {
    if (spi.size() != d.spi_size) w.fail();
    w.bytes(spi);
  }
}

}  // namespace oakley::wire::ikev1
