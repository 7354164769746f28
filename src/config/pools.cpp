// pools.<name> sections.
#include "config/pools.hpp"

#include <fmt/format.h>

#include "config/address.hpp"
#include "config/loaders.hpp"
#include "config/traffic_selector.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kPoolKeys = {"addrs",  "dns",           "nbns",
                                            "dhcp",   "netmask",       "server",
                                            "subnet", "split_include", "split_exclude"};

IpAddress step(const IpAddress& a, int delta) {
  Bytes raw(a.bytes().begin(), a.bytes().end());
  for (std::size_t i = raw.size(); i-- > 0;) {
    int v = raw[i] + delta;
    raw[i] = static_cast<std::uint8_t>(v);
    if (v >= 0 && v <= 0xff) break;
  }
  return *IpAddress::from_bytes(raw);
}

Result<AddressSpec> parse_pool_addrs(std::string_view text) {
  auto spec = parse_address_spec(text);
  if (!spec) return spec.take_error();
  if (spec->kind == AddressSpec::Kind::kAny) {
    return make_error(
        "expected a subnet such as 10.3.0.0/24 or a range such as "
        "10.3.0.10-10.3.0.99");
  }
  return spec;
}

Result<std::vector<IpAddress>> parse_addresses(std::string_view text) {
  std::vector<IpAddress> out;
  for (const auto& item : split_list(text)) {
    auto a = parse_ip_address(item);
    if (!a) return make_error(fmt::format("'{}': {}", item, a.error().message));
    out.push_back(*a);
  }
  return out;
}

Result<std::vector<TrafficSelector>> parse_subnets(std::string_view text) {
  std::vector<TrafficSelector> out;
  for (const auto& item : split_list(text)) {
    auto s = parse_subnet(item);
    if (!s) return make_error(fmt::format("'{}': {}", item, s.error().message));
    out.push_back(TrafficSelector::from_prefix(s->start, s->prefix_len));
  }
  return out;
}

void set_range(Pool& p, const AddressSpec& spec) {
  p.first = spec.start;
  p.last = spec.end;
  // strongSwan hands out neither the network nor the broadcast address of a subnet pool.
  if (spec.kind == AddressSpec::Kind::kSubnet && spec.prefix_len + 1 < spec.start.max_prefix()) {
    p.first = step(spec.start, 1);
    p.last = step(spec.end, -1);
  }
}

void read_custom(SectionReader& r, Pool& p, std::vector<std::string>& keys) {
  for (const auto& v : r.section().values) {
    if (!all_digits(v.key)) continue;
    keys.push_back(v.key);
    auto type = parse_uint(v.key, 32767);
    if (!type) {
      r.error(v.location,
              fmt::format("attribute type {} in {} must be at most 32767", v.key, r.context()));
    } else if (!v.cleared) {
      p.custom.emplace_back(static_cast<std::uint16_t>(*type), v.value.str());
    }
  }
}

Pool load_pool(const SettingsSection& s, ErrorList& errors) {
  Pool p;
  p.name = s.name;
  p.location = s.location;
  std::vector<std::string> keys = kPoolKeys;
  SectionReader r(s, fmt::format("pool '{}'", s.name), errors, {});
  read_custom(r, p, keys);
  SectionReader reader(s, r.context(), errors, keys);
  AddressSpec spec;
  if (reader.read("addrs", spec, parse_pool_addrs)) {
    p.addrs = reader.get("addrs")->value.str();
    set_range(p, spec);
  } else if (!reader.get("addrs")) {
    reader.error(s.location, fmt::format("{} has no 'addrs'", reader.context()));
  }
  for (auto [key, field] : {std::pair{"dns", &p.dns},
                            {"nbns", &p.nbns},
                            {"dhcp", &p.dhcp},
                            {"netmask", &p.netmask},
                            {"server", &p.server}}) {
    reader.read(key, *field, parse_addresses);
  }
  for (auto [key, field] : {std::pair{"subnet", &p.subnet},
                            {"split_include", &p.split_include},
                            {"split_exclude", &p.split_exclude}}) {
    reader.read(key, *field, parse_subnets);
  }
  reader.check_keys();
  for (const auto& sub : s.sections)
    reader.unknown_section(sub, {});
  return p;
}

}  // namespace

std::uint64_t Pool::size() const {
  unsigned __int128 a = 0, b = 0;
  for (auto x : first.bytes())
    a = (a << 8) | x;
  for (auto x : last.bytes())
    b = (b << 8) | x;
  if (b < a) return 0;
  unsigned __int128 n = b - a;
  return n >= UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(n + 1);
}

std::vector<Pool> load_pools(const SettingsSection& section, ErrorList& errors) {
  SectionReader r(section, "the pools section", errors, {});
  r.check_keys();
  std::vector<Pool> pools;
  for (const auto& sub : section.sections)
    pools.push_back(load_pool(sub, errors));
  return pools;
}

}  // namespace oakley::config
