#include "wire/ikev2/delete.hpp"

#include "wire/common_payloads.hpp"
#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

DeletePayload DeletePayload::child(ProtocolId protocol, const std::vector<std::uint32_t>& spis) {
  DeletePayload d{protocol, 4, {}};
  for (std::uint32_t spi : spis) {
    Bytes b;
    put_be32(b, spi);
    d.spis.push_back(std::move(b));
  }
  return d;
}

Result<DeletePayload> parse_delete(ByteView body) {
  Reader r(body);
  auto l = read_spi_list(r, EmptySpiList::kAllowed);
  if (!l) return l.take_error();
  return DeletePayload{ProtocolId{l->protocol}, l->spi_size, std::move(l->spis)};
}

void encode_delete(Writer& w, const DeletePayload& d) {
  write_spi_list(w, static_cast<std::uint8_t>(d.protocol), d.spi_size, d.spis);
}

}  // namespace oakley::wire::ikev2
