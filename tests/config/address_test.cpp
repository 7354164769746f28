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
            "DNS names are not supported (oakley does not resolve names); use an IP address");
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
  EXPECT_EQ(parse_address_specs("192.0.2.1, gw.example").error().message,
            "'gw.example': DNS names are not supported (oakley does not resolve names); use an IP "
            "address");
}

}  // namespace
}  // namespace oakley::config
