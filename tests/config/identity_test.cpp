#include "config/identity.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace oakley::config {
namespace {

struct IdCase {
  const char* text;
  IdType type;
  const char* data_hex;  // nullptr: the data is the text's bytes given in `data_text`
  const char* data_text;
  const char* printed;
};

// Types and encodings as strongSwan's identification_create_from_string() produces them.
const IdCase kCases[] = {
    {"192.0.2.1", IdType::kIpv4Addr, "c0000201", nullptr, "192.0.2.1"},
    {"2001:db8::1", IdType::kIpv6Addr, "20010db8000000000000000000000001", nullptr, "2001:db8::1"},
    {"10.0.0.0/8", IdType::kIpv4AddrSubnet, "0a000000ff000000", nullptr, "10.0.0.0/8"},
    {"10.0.0.1-10.0.0.9", IdType::kIpv4AddrRange, "0a0000010a000009", nullptr, "10.0.0.1-10.0.0.9"},
    {"left@example.test", IdType::kRfc822Addr, nullptr, "left@example.test", "left@example.test"},
    {"@gw.example.test", IdType::kFqdn, nullptr, "gw.example.test", "gw.example.test"},
    {"gw.example.test", IdType::kFqdn, nullptr, "gw.example.test", "gw.example.test"},
    {"@@user.example", IdType::kRfc822Addr, nullptr, "user.example", "user.example"},
    {"@#0a0b0c", IdType::kKeyId, "0a0b0c", nullptr, "#0a0b0c"},
    {"fqdn:left@example.test", IdType::kFqdn, nullptr, "left@example.test", "left@example.test"},
    {"email:someone@example.test", IdType::kRfc822Addr, nullptr, "someone@example.test",
     "someone@example.test"},
    {"rfc822:a@b", IdType::kRfc822Addr, nullptr, "a@b", "a@b"},
    {"userfqdn:a@b", IdType::kRfc822Addr, nullptr, "a@b", "a@b"},
    {"dns:host", IdType::kFqdn, nullptr, "host", "host"},
    {"keyid:#deadbeef", IdType::kKeyId, "deadbeef", nullptr, "#deadbeef"},
    {"keyid:mykey", IdType::kKeyId, nullptr, "mykey", "mykey"},
    {"ipv4:10.0.0.1", IdType::kIpv4Addr, "0a000001", nullptr, "10.0.0.1"},
    {"ipv4:#0a000001", IdType::kIpv4Addr, "0a000001", nullptr, "10.0.0.1"},
    {"ipv6:::1", IdType::kIpv6Addr, "00000000000000000000000000000001", nullptr, "::1"},
    {"IPV4:10.0.0.2", IdType::kIpv4Addr, "0a000002", nullptr, "10.0.0.2"},
    {"{2}:custom", IdType::kFqdn, nullptr, "custom", "custom"},
    {"fe80::zz", IdType::kKeyId, nullptr, "fe80::zz", "fe80::zz"},  // ':' but not IPv6
};

TEST(Identity, StrongSwanRules) {
  for (const auto& c : kCases) {
    auto id = parse_identity(c.text);
    ASSERT_TRUE(id.ok()) << c.text << ": " << id.error().message;
    EXPECT_EQ(id->type, c.type) << c.text;
    Bytes expected = c.data_hex ? *from_hex(c.data_hex)
                                : Bytes(c.data_text, c.data_text + std::strlen(c.data_text));
    EXPECT_EQ(id->data, expected) << c.text;
    EXPECT_EQ(id->to_string(), c.printed) << c.text;
    EXPECT_FALSE(id->dn_needs_encoding) << c.text;
  }
}

TEST(Identity, AnyForms) {
  for (auto any : {"%any", "", "*", "0.0.0.0", "::", "%any6", "0::0"}) {
    auto id = parse_identity(any);
    ASSERT_TRUE(id.ok()) << any;
    EXPECT_TRUE(id->is_any()) << any;
    EXPECT_EQ(id->to_string(), "%any");
  }
}

TEST(Identity, DistinguishedNamesKeepTheTextForTheX509Layer) {
  auto id = *parse_identity("C=CH, O=strongSwan, CN=gw.example.test");
  EXPECT_EQ(id.type, IdType::kDerAsn1Dn);
  EXPECT_TRUE(id.dn_needs_encoding);
  EXPECT_TRUE(id.data.empty());
  EXPECT_EQ(id.dn, "C=CH, O=strongSwan, CN=gw.example.test");
  EXPECT_EQ(id.to_string(), "C=CH, O=strongSwan, CN=gw.example.test");

  auto slash = *parse_identity("/C=CH/O=Org/CN=x");
  EXPECT_EQ(slash.type, IdType::kDerAsn1Dn);
  auto prefixed = *parse_identity("asn1dn:CN=x");
  EXPECT_TRUE(prefixed.dn_needs_encoding);
  EXPECT_EQ(prefixed.dn, "CN=x");
  auto der = *parse_identity("asn1dn:#300b3109300706035504031300");
  EXPECT_FALSE(der.dn_needs_encoding);
  EXPECT_EQ(der.data.size(), 13u);
  // Not a DN strongSwan understands: it falls back to a KEY_ID of the text.
  auto odd = *parse_identity("foo=bar");
  EXPECT_EQ(odd.type, IdType::kKeyId);
  EXPECT_EQ(odd.to_string(), "foo=bar");
}

TEST(Identity, Wildcards) {
  EXPECT_TRUE(parse_identity("*@example.test")->has_wildcards);
  EXPECT_TRUE(parse_identity("*.example.test")->has_wildcards);
  EXPECT_TRUE(parse_identity("C=CH, O=Org, CN=*")->has_wildcards);
  EXPECT_FALSE(parse_identity("gw.example.test")->has_wildcards);
}

TEST(Identity, BadInputs) {
  EXPECT_EQ(parse_identity("@#xyz").error().message, "'xyz' is not valid hex");
  EXPECT_EQ(parse_identity("ipv4:host").error().message,
            "'host' is not a valid ID_IPV4_ADDR value");
  EXPECT_EQ(parse_identity("ipv6:10.0.0.1").error().message,
            "'10.0.0.1' is not a valid ID_IPV6_ADDR value");
  EXPECT_FALSE(parse_identity("@").ok());
  EXPECT_FALSE(parse_identity("@@").ok());
  EXPECT_FALSE(parse_identity("asn1dn:nonsense").ok());
  EXPECT_FALSE(parse_identity("asn1gn:text").ok());
  EXPECT_FALSE(parse_identity("{300}:x").ok());
  EXPECT_FALSE(parse_identity("keyid:#abc").ok());  // odd number of digits
}

}  // namespace
}  // namespace oakley::config
