#include "ike/identity.hpp"

#include <fmt/format.h>

#include <string_view>

#include "crypto/pki.hpp"

namespace oakley::ike {
namespace {

using config::IdType;

bool is_text_type(IdType t) {
  return t == IdType::kFqdn || t == IdType::kRfc822Addr;
}

// '*' matches any run of characters, case-insensitively as DNS names compare.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    return lower(a) == lower(b);
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && eq(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

std::string_view as_text(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Result<WireId> local_wire_id(const config::Identity& configured, const IpAddress& ike_local) {
  if (configured.is_any()) {
    auto type = ike_local.is_v4() ? IdType::kIpv4Addr : IdType::kIpv6Addr;
    auto b = ike_local.bytes();
    return WireId{static_cast<std::uint8_t>(type), Bytes(b.begin(), b.end())};
  }
  if (configured.dn_needs_encoding) {
    return make_error(
        fmt::format("identity '{}' is a distinguished name; oakley cannot encode DNs "
                    "given as text yet (write it as asn1dn:#<DER hex>)",
                    configured.text));
  }
  if (configured.has_wildcards) {
    return make_error(
        fmt::format("identity '{}' has wildcards and cannot be sent", configured.text));
  }
  return WireId{static_cast<std::uint8_t>(configured.type), configured.data};
}

config::Identity from_wire(const WireId& id) {
  config::Identity out;
  out.type = static_cast<IdType>(id.type);
  out.data = id.data;
  switch (out.type) {
    case IdType::kIpv4Addr:
    case IdType::kIpv6Addr:
      if (auto a = IpAddress::from_bytes(id.data)) {
        out.text = a->to_string();
        break;
      }
      out.text = to_hex(id.data);
      break;
    case IdType::kFqdn:
    case IdType::kRfc822Addr:
      out.text = std::string(as_text(id.data));
      break;
    case IdType::kKeyId:
      out.text = "@#" + to_hex(id.data);
      break;
    case IdType::kDerAsn1Dn:
      out.dn = crypto::dn_text(id.data);
      out.text = out.dn.empty() ? "asn1dn:#" + to_hex(id.data) : out.dn;
      break;
    default:
      out.text = fmt::format("{}:#{}", config::id_type_name(out.type), to_hex(id.data));
  }
  return out;
}

bool id_matches(const config::Identity& configured, const WireId& received) {
  if (configured.is_any()) return true;
  if (static_cast<std::uint8_t>(configured.type) != received.type) return false;
  if (configured.type == IdType::kDerAsn1Dn) {
    // DNs compare by content: peers encode the same name with different string types. A pattern
    // matches RDN by RDN ("*" stands for one value), never across RDNs.
    if (configured.dn_needs_encoding) return false;
    if (configured.has_wildcards) return crypto::dn_match(configured.data, received.data);
    return crypto::dn_equal(configured.data, received.data);
  }
  if (configured.has_wildcards && is_text_type(configured.type)) {
    return glob_match(configured.text, as_text(received.data));
  }
  if (is_text_type(configured.type)) {
    return glob_match(as_text(configured.data), as_text(received.data)) &&
           configured.data.size() == received.data.size();
  }
  return configured.data == received.data;
}

int id_specificity(const config::Identity& configured) {
  if (configured.is_any()) return 0;
  if (configured.has_wildcards) return 1;
  return 2;
}

}  // namespace oakley::ike
