#include "wire/ikev1/id.hpp"

#include <fmt/format.h>

#include <bit>

#include "wire/ikev1/errors.hpp"
#include "wire/reader.hpp"

namespace oakley::wire::ikev1 {

namespace {

// Data size of the address types, 0 for the others.
std::size_t address_data_size(IdType t) {
  switch (t) {
    case IdType::kIpv4Addr:
      return 4;
    case IdType::kIpv4AddrSubnet:
    case IdType::kIpv4AddrRange:
      return 8;
    case IdType::kIpv6Addr:
      return 16;
    case IdType::kIpv6AddrSubnet:
    case IdType::kIpv6AddrRange:
      return 32;
    default:
      return 0;
  }
}

std::optional<unsigned> mask_prefix(ByteView mask) {
  unsigned prefix = 0;
  bool host_part = false;
  for (std::uint8_t b : mask) {
    if (host_part && b != 0) return std::nullopt;
    int ones = std::countl_one(b);
    if (b != static_cast<std::uint8_t>(0xff00 >> ones)) return std::nullopt;
    prefix += static_cast<unsigned>(ones);
    host_part = ones < 8;
  }
  return prefix;
}

Bytes prefix_mask(IpAddress::Family f, unsigned prefix) {
  Bytes mask(f == IpAddress::Family::kV4 ? 4 : 16, 0);
  for (std::size_t i = 0; i < mask.size(); ++i) {
    unsigned bits = prefix > i * 8 ? std::min(8u, prefix - static_cast<unsigned>(i * 8)) : 0;
    mask[i] = static_cast<std::uint8_t>(0xff00 >> bits);
  }
  return mask;
}

IpAddress::Family family_of(IdType t) {
  bool v4 = t == IdType::kIpv4Addr || t == IdType::kIpv4AddrSubnet || t == IdType::kIpv4AddrRange;
  return v4 ? IpAddress::Family::kV4 : IpAddress::Family::kV6;
}

}  // namespace

IdPayload IdPayload::address(const IpAddress& a) {
  IdPayload id;
  id.id_type = a.is_v4() ? IdType::kIpv4Addr : IdType::kIpv6Addr;
  id.data.assign(a.bytes().begin(), a.bytes().end());
  return id;
}

IdPayload IdPayload::fqdn(std::string_view name) {
  IdPayload id;
  id.id_type = IdType::kFqdn;
  append(id.data, as_bytes(name));
  return id;
}

IdPayload IdPayload::user_fqdn(std::string_view name) {
  IdPayload id = fqdn(name);
  id.id_type = IdType::kUserFqdn;
  return id;
}

IdPayload IdPayload::key_id(ByteView key) {
  IdPayload id;
  id.id_type = IdType::kKeyId;
  id.data.assign(key.begin(), key.end());
  return id;
}

IdPayload IdPayload::from_traffic_selector(const TrafficSelector& ts) {
  bool v4 = ts.start.is_v4();
  IdPayload id;
  if (ts.is_host()) {
    id = address(ts.start);
  } else if (auto prefix = ts.prefix_len()) {
    id.id_type = v4 ? IdType::kIpv4AddrSubnet : IdType::kIpv6AddrSubnet;
    id.data = concat({ts.start.bytes(), prefix_mask(ts.start.family(), *prefix)});
  } else {
    id.id_type = v4 ? IdType::kIpv4AddrRange : IdType::kIpv6AddrRange;
    id.data = concat({ts.start.bytes(), ts.end.bytes()});
  }
  id.protocol = ts.ip_protocol;
  id.port = ts.start_port == ts.end_port ? ts.start_port : 0;
  return id;
}

std::optional<TrafficSelector> IdPayload::to_traffic_selector() const {
  std::size_t size = address_data_size(id_type);
  if (size == 0 || data.size() != size) return std::nullopt;
  ByteView d(data);
  std::size_t half = family_of(id_type) == IpAddress::Family::kV4 ? 4 : 16;
  auto first = IpAddress::from_bytes(d.first(half));
  if (!first) return std::nullopt;
  TrafficSelector ts;
  ts.start = ts.end = *first;
  if (id_type == IdType::kIpv4AddrSubnet || id_type == IdType::kIpv6AddrSubnet) {
    auto prefix = mask_prefix(d.subspan(half));
    if (!prefix) return std::nullopt;
    ts.start = first->masked(*prefix);
    ts.end = first->with_host_bits(*prefix);
  } else if (id_type == IdType::kIpv4AddrRange || id_type == IdType::kIpv6AddrRange) {
    ts.end = IpAddress::from_bytes(d.subspan(half)).value_or(*first);
  }
  ts.ip_protocol = protocol;
  ts.start_port = port;
  ts.end_port = port == 0 ? 0xffff : port;
  return ts;
}

Result<IdPayload> parse_id(ByteView body) {
  Reader r(body);
  if (auto s = r.need(4, "ID type, protocol and port"); !s) return s.take_error();
  IdPayload id;
  id.id_type = IdType{r.u8()};
  id.protocol = r.u8();
  id.port = r.u16();
  id.data = r.copy_rest();
  std::size_t want = address_data_size(id.id_type);
  if (want != 0 && id.data.size() != want) {
    return make_error(fmt::format("ID type {} carries {} bytes (expected {})",
                                  static_cast<int>(id.id_type), id.data.size(), want),
                      error_code(NotifyType::kInvalidIdInformation));
  }
  return id;
}

void encode_id(Writer& w, const IdPayload& id) {
  w.u8(static_cast<std::uint8_t>(id.id_type));
  w.u8(id.protocol);
  w.u16(id.port);
  w.bytes(id.data);
}

}  // namespace oakley::wire::ikev1
