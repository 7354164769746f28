#include "config/traffic_selector.hpp"

#include <fmt/format.h>

#include "config/address.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

constexpr std::uint8_t kIcmp = 1;
constexpr std::uint8_t kIcmpV6 = 58;

bool is_icmp(std::uint8_t proto) {
  return proto == kIcmp || proto == kIcmpV6;
}

struct ProtoPort {
  std::uint8_t proto = 0;
  std::uint16_t from = 0;
  std::uint16_t to = 0xffff;
};

Result<std::uint8_t> parse_protocol(std::string_view text) {
  if (text.empty() || text == "%any") return std::uint8_t{0};
  if (all_digits(text)) {
    auto n = parse_uint(text, 255);
    if (!n) return make_error(fmt::format("protocol number '{}' must be 0 to 255", text));
    return static_cast<std::uint8_t>(*n);
  }
  if (auto n = ip_protocol_number(text)) return *n;
  return make_error(fmt::format(
      "unknown protocol '{}' (use a name such as tcp, udp, icmp, ipv6-icmp, gre or a number)",
      text));
}

Result<std::uint16_t> parse_port(std::string_view text, std::uint8_t proto) {
  std::uint64_t max = is_icmp(proto) ? 255 : 65535;
  if (all_digits(text)) {
    auto n = parse_uint(text, max);
    if (!n) {
      return make_error(is_icmp(proto) ? fmt::format("ICMP type '{}' must be 0 to 255", text)
                                       : fmt::format("port '{}' must be 0 to 65535", text));
    }
    return static_cast<std::uint16_t>(*n);
  }
  if (auto p = service_port(text); p && !is_icmp(proto)) return *p;
  return make_error(fmt::format("unknown port or service '{}'", text));
}

// The port part of "[proto/port]": a port, a range, a service name, %any or opaque. For ICMP the
// "port" is the message type; like strongSwan we keep type << 8 | code in the port fields.
Status parse_ports(std::string_view text, ProtoPort& pp) {
  if (text.empty() || text == "%any") return {};
  if (text == "opaque") {  // RFC 4301 OPAQUE: start 0xffff, end 0
    pp.from = 0xffff;
    pp.to = 0;
    return {};
  }
  auto dash = text.find('-');
  auto lo = parse_port(text.substr(0, dash), pp.proto);
  if (!lo) return lo.take_error();
  auto hi = dash == std::string_view::npos ? lo : parse_port(text.substr(dash + 1), pp.proto);
  if (!hi) return hi.take_error();
  if (*hi < *lo) return make_error(fmt::format("port range '{}' ends before it starts", text));
  pp.from = *lo;
  pp.to = *hi;
  if (is_icmp(pp.proto)) {
    pp.from = static_cast<std::uint16_t>(*lo << 8);
    pp.to = static_cast<std::uint16_t>((*hi << 8) | 0xff);
  }
  return {};
}

Result<ProtoPort> parse_proto_port(std::string_view inside) {
  ProtoPort pp;
  auto slash = inside.find('/');
  auto proto = parse_protocol(trim(inside.substr(0, slash)));
  if (!proto) return proto.take_error();
  pp.proto = *proto;
  if (slash != std::string_view::npos) {
    auto st = parse_ports(trim(inside.substr(slash + 1)), pp);
    if (!st) return st.take_error();
  }
  return pp;
}

TrafficSelectorSpec make_spec(IpAddress start, IpAddress end, const ProtoPort& pp) {
  TrafficSelectorSpec spec;
  spec.selector = TrafficSelector{start, end, pp.proto, pp.from, pp.to};
  return spec;
}

Result<std::vector<TrafficSelectorSpec>> parse_address_part(std::string_view addr,
                                                            const ProtoPort& pp) {
  using Family = IpAddress::Family;
  std::vector<TrafficSelectorSpec> out;
  if (addr.empty() || addr == "dynamic") {
    out.push_back(make_spec({}, {}, pp));
    out.back().dynamic = true;
    return out;
  }
  for (auto family : {Family::kV4, Family::kV6}) {
    if (addr == "%any" || addr == (family == Family::kV4 ? "%any4" : "%any6")) {
      out.push_back(make_spec(IpAddress::any(family), IpAddress::all_ones(family), pp));
    }
  }
  if (!out.empty()) return out;
  auto spec = parse_address_spec(addr);
  if (!spec) return spec.take_error();
  out.push_back(make_spec(spec->start, spec->end, pp));
  return out;
}

std::string ports_text(const TrafficSelector& ts) {
  if (ts.start_port == 0xffff && ts.end_port == 0) return "OPAQUE";
  std::uint16_t lo = ts.start_port;
  std::uint16_t hi = ts.end_port;
  if (is_icmp(ts.ip_protocol) && (lo & 0xff) == 0 && (hi & 0xff) == 0xff) {
    lo = static_cast<std::uint16_t>(lo >> 8);
    hi = static_cast<std::uint16_t>(hi >> 8);
  }
  return lo == hi ? std::to_string(lo) : fmt::format("{}-{}", lo, hi);
}

std::string suffix(const TrafficSelector& ts) {
  bool any_port = ts.start_port == 0 && ts.end_port == 0xffff;
  if (ts.ip_protocol == 0 && any_port) return "";
  std::string proto = ip_protocol_name(ts.ip_protocol);
  if (any_port) return fmt::format("[{}]", proto);
  return fmt::format("[{}/{}]", proto, ports_text(ts));
}

}  // namespace

std::string TrafficSelectorSpec::to_string() const {
  if (dynamic) return "dynamic" + suffix(selector);
  std::string addr;
  if (auto len = selector.prefix_len()) {
    addr = fmt::format("{}/{}", selector.start.to_string(), *len);
  } else {
    addr = fmt::format("{}..{}", selector.start.to_string(), selector.end.to_string());
  }
  return addr + suffix(selector);
}

Result<std::vector<TrafficSelectorSpec>> parse_traffic_selector(std::string_view text) {
  text = trim(text);
  ProtoPort pp;
  auto open = text.find('[');
  if (open != std::string_view::npos) {
    if (text.back() != ']') return make_error("expected ']' at the end of the protocol/port part");
    auto parsed = parse_proto_port(text.substr(open + 1, text.size() - open - 2));
    if (!parsed) return parsed.take_error();
    pp = *parsed;
    text = trim(text.substr(0, open));
  } else if (text.find(']') != std::string_view::npos) {
    return make_error("']' without '['");
  }
  return parse_address_part(text, pp);
}

Result<std::vector<TrafficSelectorSpec>> parse_traffic_selectors(std::string_view list) {
  std::vector<TrafficSelectorSpec> out;
  for (const auto& item : split_list(list)) {
    auto specs = parse_traffic_selector(item);
    if (!specs) return make_error(fmt::format("'{}': {}", item, specs.error().message));
    out.insert(out.end(), specs->begin(), specs->end());
  }
  if (out.empty()) return parse_traffic_selector("dynamic");
  return out;
}

}  // namespace oakley::config
