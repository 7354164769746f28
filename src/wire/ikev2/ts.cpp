#include "wire/ikev2/ts.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr std::size_t kSelectorHeader = 4;

std::size_t range_length(TsType type) {
  switch (type) {
    case TsType::kIpv4AddrRange:
      return 8 + 2 * 4;
    case TsType::kIpv6AddrRange:
      return 8 + 2 * 16;
    default:
      return 0;
  }
}

Result<TsSelector> parse_range(TsSelector s, ByteView rest) {
  Reader r(rest);
  std::size_t addr_size = s.ts_type == TsType::kIpv4AddrRange ? 4 : 16;
  s.start_port = r.u16();
  s.end_port = r.u16();
  s.start_addr = IpAddress::from_bytes(r.bytes(addr_size)).value_or(IpAddress{});
  s.end_addr = IpAddress::from_bytes(r.bytes(addr_size)).value_or(IpAddress{});
  if (r.failed()) return make_error("truncated address range");
  return s;
}

Result<TsSelector> parse_selector(Reader& r) {
  if (auto st = r.need(kSelectorHeader, "selector header"); !st) return st.take_error();
  TsSelector s;
  s.ts_type = TsType{r.u8()};
  s.ip_protocol = r.u8();
  std::uint16_t length = r.u16();
  if (length < kSelectorHeader) {
    return make_error(fmt::format("selector length {} is below the minimum 4", length));
  }
  if (auto st = r.need(length - kSelectorHeader, fmt::format("selector of length {}", length));
      !st) {
    return st.take_error();
  }
  ByteView rest = r.bytes(length - kSelectorHeader);
  if (!s.is_range()) {
    s.opaque = Bytes(rest.begin(), rest.end());
    return s;
  }
  if (length != range_length(s.ts_type)) {
    return make_error(fmt::format("TS type {} has length {} (expected {})",
                                  static_cast<int>(s.ts_type), length, range_length(s.ts_type)));
  }
  return parse_range(std::move(s), rest);
}

}  // namespace

TsSelector TsSelector::from_range(const TrafficSelector& ts) {
  TsSelector s;
  s.ts_type = ts.start.is_v4() ? TsType::kIpv4AddrRange : TsType::kIpv6AddrRange;
  s.ip_protocol = ts.ip_protocol;
  s.start_port = ts.start_port;
  s.end_port = ts.end_port;
  s.start_addr = ts.start;
  s.end_addr = ts.end;
  return s;
}

std::optional<TrafficSelector> TsSelector::to_range() const {
  if (!is_range()) return std::nullopt;
  TrafficSelector ts;
  ts.start = start_addr;
  ts.end = end_addr;
  ts.ip_protocol = ip_protocol;
  ts.start_port = start_port;
  ts.end_port = end_port;
  return ts;
}

Result<TsPayload> parse_ts(Side side, ByteView body) {
  Reader r(body);
  if (auto s = r.need(4, "selector count and reserved field"); !s) return s.take_error();
  TsPayload ts;
  ts.side = side;
  std::uint8_t count = r.u8();
  r.skip(3);
  for (std::size_t i = 0; i < count; ++i) {
    auto s = parse_selector(r);
    if (!s) return make_error(fmt::format("selector #{}: {}", i + 1, s.error().message));
    ts.selectors.push_back(std::move(*s));
  }
  if (!r.empty()) {
    return make_error(
        fmt::format("{} bytes after the {} announced selectors", r.remaining(), count));
  }
  return ts;
}

void encode_ts(Writer& w, const TsPayload& ts) {
  w.count8(ts.selectors.size());
  w.zeros(3);
  for (const auto& s : ts.selectors) {
    w.u8(static_cast<std::uint8_t>(s.ts_type));
    w.u8(s.ip_protocol);
    std::size_t len_at = w.reserve16();
    std::size_t start = w.size() - kSelectorHeader;
    if (s.is_range()) {
      std::size_t addr_size = s.ts_type == TsType::kIpv4AddrRange ? 4 : 16;
      if (s.start_addr.size() != addr_size || s.end_addr.size() != addr_size) w.fail();
      w.u16(s.start_port);
      w.u16(s.end_port);
      w.bytes(s.start_addr.bytes());
      w.bytes(s.end_addr.bytes());
    } else {
      w.bytes(s.opaque);
    }
    w.fill16(len_at, w.size() - start);
  }
}

}  // namespace oakley::wire::ikev2
