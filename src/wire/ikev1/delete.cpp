#include "wire/ikev1/delete.hpp"

#include "wire/common_payloads.hpp"
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

// RFC 2408 3.15: the DOI, then the SPI list IKEv2 kept (common_payloads.hpp).
Result<DeletePayload> parse_delete(ByteView body) {
  Reader r(body);
  if (auto s = r.need(8, "DOI, protocol, SPI size and SPI count"); !s) return s.take_error();
  DeletePayload d;
  d.doi = r.u32();
  auto l = read_spi_list(r, EmptySpiList::kRefused);
  if (!l) return l.take_error();
  d.protocol = ProtocolId{l->protocol};
  d.spi_size = l->spi_size;
  d.spis = std::move(l->spis);
  return d;
}

void encode_delete(Writer& w, const DeletePayload& d) {
  w.u32(d.doi);
  write_spi_list(w, static_cast<std::uint8_t>(d.protocol), d.spi_size, d.spis);
}

}  // namespace oakley::wire::ikev1
