#include "config/identity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "common/ip_address.hpp"
#include "config/address.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

struct Prefix {
  std::string_view name;
  IdType type;
};

// strongSwan's identity type prefixes (identification.c); "xmppaddr:" is not supported.
constexpr std::array<Prefix, 14> kPrefixes = {{
    {"ipv4:", IdType::kIpv4Addr},
    {"ipv6:", IdType::kIpv6Addr},
    {"ipv4net:", IdType::kIpv4AddrSubnet},
    {"ipv6net:", IdType::kIpv6AddrSubnet},
    {"ipv4range:", IdType::kIpv4AddrRange},
    {"ipv6range:", IdType::kIpv6AddrRange},
    {"rfc822:", IdType::kRfc822Addr},
    {"email:", IdType::kRfc822Addr},
    {"userfqdn:", IdType::kRfc822Addr},
    {"fqdn:", IdType::kFqdn},
    {"dns:", IdType::kFqdn},
    {"asn1dn:", IdType::kDerAsn1Dn},
    {"asn1gn:", IdType::kDerAsn1Gn},
    {"keyid:", IdType::kKeyId},
}};

// Attribute names strongSwan's DN parser knows (plus dotted OIDs).
constexpr std::array<std::string_view, 33> kDnAttributes = {
    "C",
    "CN",
    "O",
    "OU",
    "L",
    "ST",
    "S",
    "DC",
    "UID",
    "E",
    "Email",
    "emailAddress",
    "SN",
    "serialNumber",
    "G",
    "GN",
    "I",
    "T",
    "D",
    "N",
    "ID",
    "EN",
    "employeeNumber",
    "UN",
    "unstructuredName",
    "unstructuredAddress",
    "TCGID",
    "dnQualifier",
    "DNQ",
    "pseudonym",
    "title",
    "postalCode",
    "street",
};

Identity make(IdType type, ByteView data, std::string_view text) {
  Identity id;
  id.type = type;
  id.data.assign(data.begin(), data.end());
  id.text = std::string(text);
  return id;
}

bool known_dn_attribute(std::string_view attr) {
  if (std::any_of(kDnAttributes.begin(), kDnAttributes.end(),
                  [&](std::string_view a) { return iequals(a, attr); })) {
    return true;
  }
  return !attr.empty() && std::all_of(attr.begin(), attr.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

// "C=CH, O=Org, CN=x" or OpenSSL's "/C=CH/O=Org/CN=x". Fills `wildcard` when a value is "*".
bool is_dn(std::string_view text, bool& wildcard) {
  char sep = ',';
  if (!text.empty() && text[0] == '/') {
    sep = '/';
    text.remove_prefix(1);
  }
  auto rdns = split_list(text, sep);
  if (rdns.empty()) return false;
  for (const auto& rdn : rdns) {
    auto eq = rdn.find('=');
    if (eq == std::string::npos) return false;
    if (!known_dn_attribute(trim(std::string_view(rdn).substr(0, eq)))) return false;
    if (trim(std::string_view(rdn).substr(eq + 1)) == "*") wildcard = true;
  }
  return true;
}

Identity dn_from_text(std::string_view dn, std::string_view text, bool wildcard) {
  Identity id = make(IdType::kDerAsn1Dn, {}, text);
  id.dn_needs_encoding = true;
  id.dn = std::string(trim(dn));
  id.has_wildcards = wildcard;
  return id;
}

Result<Identity> string_id(IdType type, std::string_view data, std::string_view text) {
  Identity id = make(type, as_bytes(data), text);
  id.has_wildcards = data.find('*') != std::string_view::npos;
  return id;
}

Result<Identity> hex_id(IdType type, std::string_view hex, std::string_view text) {
  auto raw = from_hex(hex);
  if (!raw || hex.empty()) return make_error(fmt::format("'{}' is not valid hex", hex));
  return make(type, *raw, text);
}

Bytes netmask(const IpAddress& network, unsigned prefix_len) {
  IpAddress mask = IpAddress::all_ones(network.family()).masked(prefix_len);
  return Bytes(mask.bytes().begin(), mask.bytes().end());
}

// An address, "net/len" or "a-b" of one family; nullopt when the text is not of that form.
std::optional<Identity> ip_id(std::string_view text, bool v4) {
  auto family = v4 ? IpAddress::Family::kV4 : IpAddress::Family::kV6;
  auto spec = parse_address_spec(text);
  if (!spec || spec->kind == AddressSpec::Kind::kAny || spec->start.family() != family) {
    return std::nullopt;
  }
  switch (spec->kind) {
    case AddressSpec::Kind::kHost:
      return make(v4 ? IdType::kIpv4Addr : IdType::kIpv6Addr, spec->start.bytes(), text);
    case AddressSpec::Kind::kSubnet:
      return make(v4 ? IdType::kIpv4AddrSubnet : IdType::kIpv6AddrSubnet,
                  concat({spec->start.bytes(), netmask(spec->start, spec->prefix_len)}), text);
    case AddressSpec::Kind::kRange:
      return make(v4 ? IdType::kIpv4AddrRange : IdType::kIpv6AddrRange,
                  concat({spec->start.bytes(), spec->end.bytes()}), text);
    case AddressSpec::Kind::kAny:
    case AddressSpec::Kind::kName:  // parse_address_spec refuses names
      break;
  }
  return std::nullopt;
}

bool is_ip_type(IdType t) {
  return t == IdType::kIpv4Addr || t == IdType::kIpv6Addr || t == IdType::kIpv4AddrSubnet ||
         t == IdType::kIpv6AddrSubnet || t == IdType::kIpv4AddrRange || t == IdType::kIpv6AddrRange;
}

bool is_v4_type(IdType t) {
  return t == IdType::kIpv4Addr || t == IdType::kIpv4AddrSubnet || t == IdType::kIpv4AddrRange;
}

// "type:value". strongSwan copies a non-hex value verbatim, so "ipv4:10.0.0.1" would become the
// ten ASCII bytes; we convert addresses to their binary form instead, and a DN in text form is
// marked for DER encoding, because that is what anyone writing these prefixes means.
Result<Identity> prefixed_id(IdType type, std::string_view value, std::string_view text) {
  if (!value.empty() && value[0] == '#') return hex_id(type, value.substr(1), text);
  if (is_ip_type(type)) {
    auto id = ip_id(value, is_v4_type(type));
    if (!id || id->type != type) {
      return make_error(fmt::format("'{}' is not a valid {} value", value, id_type_name(type)));
    }
    id->text = std::string(text);
    return *id;
  }
  if (type == IdType::kDerAsn1Dn) {
    bool wildcard = false;
    if (!is_dn(value, wildcard)) {
      return make_error(
          fmt::format("'{}' is not a distinguished name such as \"C=CH, O=Org, "
                      "CN=gw\"",
                      value));
    }
    return dn_from_text(value, text, wildcard);
  }
  if (type == IdType::kDerAsn1Gn) {
    return make_error("asn1gn: identities need DER data: write asn1gn:#<hex>");
  }
  return string_id(type, value, text);
}

// "{11}:value": a numeric type.
std::optional<Result<Identity>> numeric_prefixed(std::string_view text) {
  if (text.empty() || text[0] != '{') return std::nullopt;
  auto close = text.find("}:");
  if (close == std::string_view::npos) return std::nullopt;
  auto num = parse_uint(text.substr(1, close - 1), 255);
  if (!num) return Result<Identity>(make_error("identity type in {} must be 0 to 255"));
  auto value = text.substr(close + 2);
  auto type = static_cast<IdType>(*num);
  if (!value.empty() && value[0] == '#') return hex_id(type, value.substr(1), text);
  return string_id(type, value, text);
}

bool is_any_text(std::string_view t) {
  return t.empty() || t == "%any" || t == "%any6" || t == "0.0.0.0" || t == "*" || t == "::" ||
         t == "0::0";
}

Result<Identity> implicit_id(std::string_view text) {
  if (text.find('=') != std::string_view::npos) {
    bool wildcard = false;
    if (is_dn(text, wildcard)) return dn_from_text(text, text, wildcard);
    return make(IdType::kKeyId, as_bytes(text), text);  // strongSwan's fallback
  }
  if (text.find('@') == std::string_view::npos) {
    if (is_any_text(text)) return Identity::any();
    bool v4 = text.find(':') == std::string_view::npos;
    if (auto id = ip_id(text, v4)) return *id;
    return string_id(v4 ? IdType::kFqdn : IdType::kKeyId, text, text);
  }
  if (text[0] != '@') return string_id(IdType::kRfc822Addr, text, text);
  auto rest = text.substr(1);
  if (rest.empty() || rest == "@") {
    return make_error(
        "nothing after '@' (note that '#' starts a comment: write \"@#0a0b\" in "
        "quotes)");
  }
  if (!rest.empty() && rest[0] == '#') return hex_id(IdType::kKeyId, rest.substr(1), text);
  if (!rest.empty() && rest[0] == '@') return string_id(IdType::kRfc822Addr, rest.substr(1), text);
  return string_id(IdType::kFqdn, rest, text);
}

}  // namespace

std::string_view id_type_name(IdType type) {
  switch (type) {
    case IdType::kAny:
      return "ID_ANY";
    case IdType::kIpv4Addr:
      return "ID_IPV4_ADDR";
    case IdType::kFqdn:
      return "ID_FQDN";
    case IdType::kRfc822Addr:
      return "ID_RFC822_ADDR";
    case IdType::kIpv4AddrSubnet:
      return "ID_IPV4_ADDR_SUBNET";
    case IdType::kIpv6Addr:
      return "ID_IPV6_ADDR";
    case IdType::kIpv6AddrSubnet:
      return "ID_IPV6_ADDR_SUBNET";
    case IdType::kIpv4AddrRange:
      return "ID_IPV4_ADDR_RANGE";
    case IdType::kIpv6AddrRange:
      return "ID_IPV6_ADDR_RANGE";
    case IdType::kDerAsn1Dn:
      return "ID_DER_ASN1_DN";
    case IdType::kDerAsn1Gn:
      return "ID_DER_ASN1_GN";
    case IdType::kKeyId:
      return "ID_KEY_ID";
  }
  return "ID_UNKNOWN";
}

Identity Identity::any() {
  Identity id;
  id.text = "%any";
  id.has_wildcards = true;
  return id;
}

Result<Identity> parse_identity(std::string_view text) {
  text = trim(text);
  for (const auto& p : kPrefixes) {
    if (text.size() >= p.name.size() && iequals(text.substr(0, p.name.size()), p.name)) {
      return prefixed_id(p.type, text.substr(p.name.size()), text);
    }
  }
  if (auto numeric = numeric_prefixed(text)) return std::move(*numeric);
  return implicit_id(text);
}

namespace {

bool printable(ByteView data) {
  return std::all_of(data.begin(), data.end(),
                     [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
}

std::string address_text(ByteView data, std::size_t size, bool pair, char joiner) {
  auto first = IpAddress::from_bytes(data.subspan(0, size));
  if (!pair) return first->to_string();
  auto second = IpAddress::from_bytes(data.subspan(size, size));
  if (joiner == '-') return first->to_string() + "-" + second->to_string();
  unsigned len = 0;
  for (auto b : second->bytes())
    len += static_cast<unsigned>(__builtin_popcount(b));
  return fmt::format("{}/{}", first->to_string(), len);
}

}  // namespace

std::string Identity::to_string() const {
  std::size_t size = 0;
  bool pair = false;
  char joiner = '/';
  switch (type) {
    case IdType::kAny:
      return "%any";
    case IdType::kIpv4AddrRange:
    case IdType::kIpv6AddrRange:
      joiner = '-';
      [[fallthrough]];
    case IdType::kIpv4AddrSubnet:
    case IdType::kIpv6AddrSubnet:
      pair = true;
      [[fallthrough]];
    case IdType::kIpv4Addr:
    case IdType::kIpv6Addr:
      size = is_v4_type(type) ? 4 : 16;
      if (data.size() != (pair ? 2 : 1) * size) break;
      return address_text(data, size, pair, joiner);
    case IdType::kDerAsn1Dn:
      if (!dn.empty()) return dn;  // as configured, or as the X.509 layer printed the DER
      break;
    default:
      if (printable(data)) return std::string(data.begin(), data.end());
  }
  return "#" + to_hex(data);
}

}  // namespace oakley::config
