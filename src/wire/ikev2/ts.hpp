// Traffic selector payloads TSi and TSr (RFC 7296 3.13).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/ikev2/id.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct TsSelector {
  TsType ts_type = TsType::kIpv4AddrRange;
  std::uint8_t ip_protocol = 0;  // 0 = any
  std::uint16_t start_port = 0;
  std::uint16_t end_port = 0xffff;
  IpAddress start_addr{};  // IPv4 for kIpv4AddrRange, IPv6 for kIpv6AddrRange
  IpAddress end_addr{};
  Bytes opaque{};  // other TS types: the selector after its 4-byte header (e.g. a security label)

  // The range types; from_range picks IPv4/IPv6 from the selector's family.
  static TsSelector from_range(const TrafficSelector& ts);
  std::optional<TrafficSelector> to_range() const;  // nullopt for non-range types
  bool is_range() const {
    return ts_type == TsType::kIpv4AddrRange || ts_type == TsType::kIpv6AddrRange;
  }
  bool operator==(const TsSelector&) const = default;
};

struct TsPayload {
  Side side = Side::kInitiator;  // TSi or TSr
  std::vector<TsSelector> selectors{};
  bool operator==(const TsPayload&) const = default;
};

// The selector count must match the selectors present, each selector length must fit, and range
// selectors must be exactly 16 (IPv4) or 40 (IPv6) bytes.
Result<TsPayload> parse_ts(Side side, ByteView body);
void encode_ts(Writer& w, const TsPayload& ts);

}  // namespace oakley::wire::ikev2
