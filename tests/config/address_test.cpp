#include "config/address.hpp"

#include <gtest/gtest.h>

namespace oakley::config {
namespace {

TEST(AddressSpec, Forms) {
  EXPECT_EQ(parse_address_spec("%any")->kind, AddressSpec::Kind::kAny);
  EXPECT_EQ(parse_address_spec("%any6")->family, IpAddress::Family::kV6);
  auto host = *parse_address_spec("192.0.2.1");
  EXPECT_TRUE(host.is_host());
  EXPECT_EQ(host.to_string(), "192.0.2.1");
  auto net = *parse_address_spec("10.1.2.3/16");
  EXPECT_EQ(net.to_string(), "10.1.0.0/16");
  EXPECT_TRUE(net.contains(*IpAddress::parse("10.1.255.1")));
  EXPECT_FALSE(net.contains(*IpAddress::parse("10.2.0.1")));
  auto range = *parse_address_spec("10.0.0.1-10.0.0.9");
  EXPECT_EQ(range.to_string(), "10.0.0.1-10.0.0.9");
  EXPECT_TRUE(range.contains(*IpAddress::parse("10.0.0.9")));
  EXPECT_EQ(parse_address_spec("2001:db8::/32")->to_string(), "2001:db8::/32");
}

TEST(AddressSpec, Rejections) {
  EXPECT_EQ(parse_address_spec("vpn.example.com").error().message,
            "DNS names are not supported here (only local_addrs and remote_addrs take them); use "
            "an IP address");
  EXPECT_EQ(parse_address_spec("10.0.0.9-10.0.0.1").error().message, "range ends before it starts");
  EXPECT_EQ(parse_address_spec("10.0.0.1-::1").error().message, "range mixes IPv4 and IPv6");
  EXPECT_EQ(parse_address_spec("10.0.0.0/33").error().message, "prefix length must be 0 to 32");
  EXPECT_FALSE(parse_address_spec("10.0.0.0/0x18").ok());
  EXPECT_FALSE(parse_address_spec("300.1.1.1").ok());
}

TEST(AddressSpec, Lists) {
  auto l = *parse_address_specs("192.0.2.1, 2001:db8::1 ,10.0.0.0/8");
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[1].to_string(), "2001:db8::1");
}

// local_addrs/remote_addrs take DNS names, kept as written for the engines to resolve.
TEST(AddressSpec, NamesInLists) {
  auto l = *parse_address_specs("192.0.2.1, gw.example, vpn-1.site_b.example.org., %any6");
  ASSERT_EQ(l.size(), 4u);
  EXPECT_TRUE(l[1].is_name());
  EXPECT_EQ(l[1].name, "gw.example");
  EXPECT_EQ(l[1].to_string(), "gw.example");
  EXPECT_FALSE(l[1].is_host());
  EXPECT_FALSE(l[1].contains(*IpAddress::parse("192.0.2.1")));  // unresolved: contains nothing
  EXPECT_EQ(l[2].name, "vpn-1.site_b.example.org.");
  EXPECT_EQ(l[3].kind, AddressSpec::Kind::kAny);
  // A hyphen in a name is no range.
  EXPECT_TRUE(parse_address_specs("gw-1.example")->front().is_name());
  EXPECT_EQ(parse_address_specs("10.0.0.1-10.0.0.9")->front().kind, AddressSpec::Kind::kRange);
}

TEST(AddressSpec, BadNamesInLists) {
  EXPECT_EQ(parse_address_specs("192.0.2.1, gw..example").error().message,
            "'gw..example': a DNS name has no empty labels (\"..\")");
  EXPECT_EQ(parse_address_specs(".example").error().message,
            "'.example': a DNS name has no empty labels (\"..\")");
  EXPECT_EQ(parse_address_specs("-gw.example").error().message,
            "'-gw.example': a label of a DNS name does not start or end with '-'");
  EXPECT_EQ(parse_address_specs("gw-.example").error().message,
            "'gw-.example': a label of a DNS name does not start or end with '-'");
  EXPECT_EQ(parse_address_specs(std::string(64, 'a') + ".example").error().message,
            "'" + std::string(64, 'a') +
                ".example': a label of a DNS name has at most 63 "
                "characters");
  std::string long_name;
  for (int i = 0; i < 64; ++i)
    long_name += "abc.";
  long_name += "example";
  EXPECT_EQ(parse_address_specs(long_name).error().message,
            "'" + long_name + "': a DNS name has at most 253 characters");
  // Not names at all: the address errors stay.
  EXPECT_EQ(parse_address_specs("gw!.example").error().message,
            "'gw!.example': expected an IPv4 or IPv6 address");
  EXPECT_EQ(parse_address_specs("300.1.1.1").error().message,
            "'300.1.1.1': expected an IPv4 or IPv6 address");
  EXPECT_EQ(parse_address_specs("%any5").error().message,
            "'%any5': expected an IPv4 or IPv6 address");
  EXPECT_EQ(parse_address_specs("gw.example/24").error().message,
            "'gw.example/24': DNS names are not supported here (only local_addrs and "
            "remote_addrs take them); use an IP address");
}

}  // namespace
}  // namespace oakley::config
