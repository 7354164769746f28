#include "wire/ikev2/cp.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr std::uint16_t kTypeMask = 0x7fff;  // the top bit is reserved

bool is_ip6_attribute(CpAttributeType t) {
  switch (t) {
    case CpAttributeType::kInternalIp6Address:
    case CpAttributeType::kInternalIp6Dns:
    case CpAttributeType::kInternalIp6Dhcp:
    case CpAttributeType::kInternalIp6Subnet:
      return true;
    default:
      return false;
  }
}

bool is_ip4_attribute(CpAttributeType t) {
  switch (t) {
    case CpAttributeType::kInternalIp4Address:
    case CpAttributeType::kInternalIp4Netmask:
    case CpAttributeType::kInternalIp4Dns:
    case CpAttributeType::kInternalIp4Nbns:
    case CpAttributeType::kInternalIp4Dhcp:
    case CpAttributeType::kInternalIp4Subnet:
      return true;
    default:
      return false;
  }
}

}  // namespace

CpAttribute CpAttribute::ip6_prefix(CpAttributeType type, const IpAddress& a, std::uint8_t prefix) {
  CpAttribute attr = address(type, a);
  attr.value.push_back(prefix);
  return attr;
}

std::optional<IpAddress> CpAttribute::as_address() const {
  std::size_t size = is_ip4_attribute(type) ? 4 : is_ip6_attribute(type) ? 16 : 0;
  if (size == 0 || value.size() < size) return std::nullopt;
  return IpAddress::from_bytes(ByteView(value).first(size));
}

Result<CpPayload> parse_cp(ByteView body) {
  Reader r(body);
  if (auto s = r.need(4, "CFG type and reserved field"); !s) return s.take_error();
  CpPayload cp;
  cp.cfg_type = CfgType{r.u8()};
  r.skip(3);
  while (!r.empty()) {
    std::size_t index = cp.attributes.size() + 1;
    if (auto s = r.need(4, fmt::format("attribute #{}", index)); !s) return s.take_error();
    CpAttribute a;
    a.type = CpAttributeType{static_cast<std::uint16_t>(r.u16() & kTypeMask)};
    std::uint16_t length = r.u16();
    if (auto s = r.need(length, fmt::format("attribute #{} value", index)); !s) {
      return s.take_error();
    }
    a.value = r.copy(length);
    cp.attributes.push_back(std::move(a));
  }
  return cp;
}

void encode_cp(Writer& w, const CpPayload& cp) {
  w.u8(static_cast<std::uint8_t>(cp.cfg_type));
  w.zeros(3);
  for (const auto& a : cp.attributes) {
    auto type = static_cast<std::uint16_t>(a.type);
    if (type & ~kTypeMask) w.fail();
    w.u16(type);
    w.count16(a.value.size());
    w.bytes(a.value);
  }
}

}  // namespace oakley::wire::ikev2
