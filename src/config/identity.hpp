// IKE identities as swanctl.conf writes them (strongSwan's rules): an IP literal is ID_IPV4_ADDR /
// ID_IPV6_ADDR, "user@host" is ID_RFC822_ADDR, "@host" or plain text is ID_FQDN, "@#0a0b" is
// ID_KEY_ID, "C=CH, O=Org, CN=x" is ID_DER_ASN1_DN, "%any" matches anything; an explicit type
// prefix ("fqdn:", "email:", "keyid:", "ipv4:", "asn1dn:", "{11}:" ...) forces the type, with
// "#hex" after the colon giving the raw bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace oakley::config {

// Wire values of the ID payload's type field (RFC 7296 3.5; IKEv1 adds the subnet/range types).
// kAny is strongSwan's "match anything" and never goes on the wire.
enum class IdType : std::uint8_t {
  kAny = 0,
  kIpv4Addr = 1,
  kFqdn = 2,
  kRfc822Addr = 3,  // also "userfqdn"
  kIpv4AddrSubnet = 4,
  kIpv6Addr = 5,
  kIpv6AddrSubnet = 6,
  kIpv4AddrRange = 7,
  kIpv6AddrRange = 8,
  kDerAsn1Dn = 9,
  kDerAsn1Gn = 10,
  kKeyId = 11,
};

std::string_view id_type_name(IdType type);  // "ID_FQDN"

struct Identity {
  IdType type = IdType::kAny;
  Bytes data;        // the ID payload's identification data
  std::string text;  // as configured, for logs and error messages
  // A DN written as text ("C=CH, O=Org, CN=gw"): `data` stays empty until the X.509 layer
  // DER-encodes `dn` (the DN text without any "asn1dn:" prefix). A DN given as "asn1dn:#30..."
  // has its DER in `data` and this false.
  bool dn_needs_encoding = false;
  std::string dn;
  bool has_wildcards = false;  // "*@example.com", "*.example.com", "CN=*": a pattern for peers

  static Identity any();
  bool is_any() const { return type == IdType::kAny; }
  // As strongSwan prints identities: "%any", "192.0.2.1", "gw.example.com", "C=CH, CN=gw".
  std::string to_string() const;
  bool operator==(const Identity&) const = default;
};

Result<Identity> parse_identity(std::string_view text);

}  // namespace oakley::config
