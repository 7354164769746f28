#include "wire/ikev2/notify.hpp"

#include "wire/common_payloads.hpp"
#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

NotifyPayload NotifyPayload::child(NotifyType type, ProtocolId protocol, std::uint32_t spi,
                                   Bytes data) {
  NotifyPayload n{protocol, {}, type, std::move(data)};
  put_be32(n.spi, spi);
  return n;
}

NotifyPayload NotifyPayload::invalid_ke(DhId group) {
  NotifyPayload n = of(NotifyType::kInvalidKePayload);
  put_be16(n.data, static_cast<std::uint16_t>(group));
  return n;
}

NotifyPayload NotifyPayload::u16_list(NotifyType type, const std::vector<std::uint16_t>& values) {
  NotifyPayload n = of(type);
  for (std::uint16_t v : values)
    put_be16(n.data, v);
  return n;
}

std::optional<std::uint16_t> NotifyPayload::data_u16() const {
  if (data.size() != 2) return std::nullopt;
  return load_be16(data.data());
}

std::optional<std::uint32_t> NotifyPayload::data_u32() const {
  if (data.size() != 4) return std::nullopt;
  return load_be32(data.data());
}

std::vector<std::uint16_t> NotifyPayload::data_u16_list() const {
  std::vector<std::uint16_t> out;
  if (data.size() % 2 != 0) return out;
  for (std::size_t i = 0; i < data.size(); i += 2)
    out.push_back(load_be16(&data[i]));
  return out;
}

Result<NotifyPayload> parse_notify(ByteView body) {
  Reader r(body);
  auto f = read_notify_fields(r);
  if (!f) return f.take_error();
  return NotifyPayload{ProtocolId{f->protocol}, std::move(f->spi), NotifyType{f->type},
                       std::move(f->data)};
}

void encode_notify(Writer& w, const NotifyPayload& n) {
  write_notify_fields(w, static_cast<std::uint8_t>(n.protocol), static_cast<std::uint16_t>(n.type),
                      n.spi, n.data);
}

}  // namespace oakley::wire::ikev2
