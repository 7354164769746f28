#include "wire/ikev1/notify.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

NotifyPayload NotifyPayload::dpd(bool ack, std::uint64_t icookie, std::uint64_t rcookie,
                                 std::uint32_t sequence) {
  NotifyPayload n;
  n.protocol = ProtocolId::kIsakmp;
  n.type = ack ? NotifyType::kRUThereAck : NotifyType::kRUThere;
  put_be64(n.spi, icookie);
  put_be64(n.spi, rcookie);
  put_be32(n.data, sequence);
  return n;
}

std::optional<std::uint32_t> NotifyPayload::dpd_sequence() const {
  if (data.size() != 4) return std::nullopt;
  return load_be32(data.data());
}

Result<NotifyPayload> parse_notify(ByteView body) {
  Reader r(body);
  if (auto s = r.need(8, "DOI, protocol, SPI size and notify type"); !s) return s.take_error();
  NotifyPayload n;
  n.doi = r.u32();
  n.protocol = ProtocolId{r.u8()};
  std::uint8_t spi_size = r.u8();
  n.type = NotifyType{r.u16()};
  if (auto s = r.need(spi_size, fmt::format("SPI of size {}", spi_size)); !s) {
    return s.take_error();
  }
  n.spi = r.copy(spi_size);
  n.data = r.copy_rest();
  return n;
}

void encode_notify(Writer& w, const NotifyPayload& n) {
  w.u32(n.doi);
  w.u8(static_cast<std::uint8_t>(n.protocol));
  w.count8(n.spi.size());
  w.u16(static_cast<std::uint16_t>(n.type));
  w.bytes(n.spi);
  w.bytes(n.data);
}

}  // namespace oakley::wire::ikev1
