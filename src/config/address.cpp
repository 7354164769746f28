#include "config/address.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "config/values.hpp"

namespace oakley::config {

namespace {

bool looks_like_dns_name(std::string_view text) {
  bool has_alpha = std::any_of(text.begin(), text.end(),
                               [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  bool only_name_chars = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
  return has_alpha && only_name_chars && text.find(':') == std::string_view::npos;
}

// RFC 1123 host names, plus '_' (found in hosts files and internal zones; getaddrinfo takes it).
Status check_dns_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);  // an absolute name
  if (name.size() > 253) return make_error("a DNS name has at most 253 characters");
  std::size_t start = 0;
  while (start <= name.size()) {
    auto dot = std::min(name.find('.', start), name.size());
    auto label = name.substr(start, dot - start);
    if (label.empty()) return make_error("a DNS name has no empty labels (\"..\")");
    if (label.size() > 63) return make_error("a label of a DNS name has at most 63 characters");
    if (label.front() == '-' || label.back() == '-') {
      return make_error("a label of a DNS name does not start or end with '-'");
    }
    start = dot + 1;
  }
  return {};
}

AddressSpec name_spec(std::string_view text) {
  AddressSpec spec;
  spec.kind = AddressSpec::Kind::kName;
  spec.name = std::string(text);
  return spec;
}

Result<AddressSpec> parse_range(std::string_view text, std::size_t dash) {
  auto lo = parse_ip_address(text.substr(0, dash));
  auto hi = parse_ip_address(text.substr(dash + 1));
  if (!lo || !hi) return make_error("expected an address range such as 10.0.0.1-10.0.0.9");
  if (lo->family() != hi->family()) return make_error("range mixes IPv4 and IPv6");
  if (*hi < *lo) return make_error("range ends before it starts");
  AddressSpec spec;
  spec.kind = AddressSpec::Kind::kRange;
  spec.start = *lo;
  spec.end = *hi;
  return spec;
}

}  // namespace

Result<IpAddress> parse_ip_address(std::string_view text) {
  text = trim(text);
  if (auto a = IpAddress::parse(text)) return *a;
  if (looks_like_dns_name(text)) {
    return make_error(
        "DNS names are not supported here (only local_addrs and remote_addrs take them); use an "
        "IP address");
  }
  return make_error("expected an IPv4 or IPv6 address");
}

Result<AddressSpec> parse_subnet(std::string_view text) {
  text = trim(text);
  auto slash = text.find('/');
  auto addr = parse_ip_address(text.substr(0, slash));
  if (!addr) return addr.take_error();
  unsigned len = addr->max_prefix();
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto n = parse_uint(digits, addr->max_prefix());
    if (!n || !all_digits(digits)) {
      return make_error(fmt::format("prefix length must be 0 to {}", addr->max_prefix()));
    }
    len = static_cast<unsigned>(*n);
  }
  AddressSpec spec;
  spec.kind = AddressSpec::Kind::kSubnet;
  spec.start = addr->masked(len);
  spec.end = addr->with_host_bits(len);
  spec.prefix_len = len;
  return spec;
}

Result<AddressSpec> parse_address_spec(std::string_view text) {
  text = trim(text);
  AddressSpec spec;
  if (text == "%any") return spec;
  if (text == "%any4" || text == "%any6") {
    spec.family = text == "%any4" ? IpAddress::Family::kV4 : IpAddress::Family::kV6;
    return spec;
  }
  if (text.find('/') != std::string_view::npos) return parse_subnet(text);
  if (auto dash = text.find('-'); dash != std::string_view::npos && !looks_like_dns_name(text)) {
    return parse_range(text, dash);
  }
  auto addr = parse_ip_address(text);
  if (!addr) return addr.take_error();
  spec.kind = AddressSpec::Kind::kHost;
  spec.start = spec.end = *addr;
  return spec;
}

Result<std::vector<AddressSpec>> parse_address_specs(std::string_view list) {
  std::vector<AddressSpec> out;
  for (const auto& item : split_list(list)) {
    auto spec = parse_address_spec(item);
    if (!spec && looks_like_dns_name(item)) {
      if (auto st = check_dns_name(item); !st) {
        return make_error(fmt::format("'{}': {}", item, st.error().message));
      }
      spec = name_spec(item);
    }
    if (!spec) return make_error(fmt::format("'{}': {}", item, spec.error().message));
    out.push_back(*spec);
  }
  if (out.empty()) return make_error("expected at least one address");
  return out;
}

bool AddressSpec::contains(const IpAddress& a) const {
  if (kind == Kind::kAny) return !family || a.family() == *family;
  if (kind == Kind::kName) return false;
  return a.family() == start.family() && start <= a && a <= end;
}

std::string AddressSpec::to_string() const {
  switch (kind) {
    case Kind::kAny:
      if (!family) return "%any";
      return *family == IpAddress::Family::kV4 ? "%any4" : "%any6";
    case Kind::kHost:
      return start.to_string();
    case Kind::kSubnet:
      return fmt::format("{}/{}", start.to_string(), prefix_len);
    case Kind::kRange:
      return fmt::format("{}-{}", start.to_string(), end.to_string());
    case Kind::kName:
      return name;
  }
  return "?";
}

}  // namespace oakley::config
