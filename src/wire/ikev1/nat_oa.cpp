#include "wire/ikev1/nat_oa.hpp"

#include <fmt/format.h>

#include "wire/ikev1/constants.hpp"
#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

Result<NatOaPayload> parse_nat_oa(ByteView body, bool draft) {
  Reader r(body);
  if (auto s = r.need(4, "ID type and reserved field"); !s) return s.take_error();
  auto type = IdType{r.u8()};
  r.skip(3);
  std::size_t want = type == IdType::kIpv4Addr ? 4 : type == IdType::kIpv6Addr ? 16 : 0;
  if (want == 0 || r.remaining() != want) {
    return make_error(
        fmt::format("ID type {} with {} address bytes", static_cast<int>(type), r.remaining()));
  }
  return NatOaPayload{IpAddress::from_bytes(r.rest()).value_or(IpAddress{}), draft};
}

void encode_nat_oa(Writer& w, const NatOaPayload& oa) {
  w.u8(static_cast<std::uint8_t>(oa.address.is_v4() ? IdType::kIpv4Addr : IdType::kIpv6Addr));
  w.zeros(3);
  w.bytes(oa.address.bytes());
}

}  // namespace oakley::wire::ikev1
