#include "wire/ikev1/notify.hpp"

#include "wire/common_payloads.hpp"
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

// RFC 2408 3.14: the DOI, then the layout IKEv2 kept (common_payloads.hpp).
Result<NotifyPayload> parse_notify(ByteView body) {
  Reader r(body);
  if (auto s = r.need(8, "DOI, protocol, SPI size and notify type"); !s) return s.take_error();
  NotifyPayload n;
  n.doi = r.u32();
  auto f = read_notify_fields(r);
  if (!f) return f.take_error();
  n.protocol = ProtocolId{f->protocol};
  n.type = NotifyType{f->type};
  n.spi = std::move(f->spi);
  n.data = std::move(f->data);
  return n;
}

void encode_notify(Writer& w, const NotifyPayload& n) {
  w.u32(n.doi);
  write_notify_fields(w, static_cast<std::uint8_t>(n.protocol), static_cast<std::uint16_t>(n.type),
                      n.spi, n.data);
}

}  // namespace oakley::wire::ikev1
