#include "wire/ikev2/id.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

namespace {

Status check_address_size(IdType type, std::size_t size) {
  std::size_t want = type == IdType::kIpv4Addr ? 4 : type == IdType::kIpv6Addr ? 16 : size;
  if (size == want) return {};
  return make_error(fmt::format("ID type {} carries {} bytes of address (expected {})",
                                static_cast<int>(type), size, want));
}

}  // namespace

Result<IdPayload> parse_id(Side side, ByteView body) {
  Reader r(body);
  if (auto s = r.need(4, "ID type and reserved field"); !s) return s.take_error();
  IdPayload id;
  id.side = side;
  id.id_type = IdType{r.u8()};
  r.skip(3);
  id.data = r.copy_rest();
  if (auto s = check_address_size(id.id_type, id.data.size()); !s) return s.take_error();
  return id;
}

void encode_id(Writer& w, const IdPayload& id) {
  w.u8(static_cast<std::uint8_t>(id.id_type));
  w.zeros(3);
  w.bytes(id.data);
}

Bytes encode_id_body(const IdPayload& id) {
  Writer w;
  encode_id(w, id);
  return w.take();
}

}  // namespace oakley::wire::ikev2
