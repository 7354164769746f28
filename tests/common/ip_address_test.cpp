#include "common/ip_address.hpp"

#include <gtest/gtest.h>

namespace oakley {
namespace {

IpAddress ip(const char* s) {
  return *IpAddress::parse(s);
}

TEST(IpAddress, ParseAndPrint) {
  EXPECT_EQ(ip("192.0.2.1").to_string(), "192.0.2.1");
  EXPECT_EQ(ip("2001:db8::1").to_string(), "2001:db8::1");
  EXPECT_TRUE(ip("2001:db8::1").is_v6());
  EXPECT_FALSE(IpAddress::parse("192.0.2.256"));
  EXPECT_FALSE(IpAddress::parse("host.example"));
}

TEST(IpAddress, Masks) {
  EXPECT_EQ(ip("10.1.2.3").masked(16), ip("10.1.0.0"));
  EXPECT_EQ(ip("10.1.2.3").with_host_bits(16), ip("10.1.255.255"));
  EXPECT_EQ(ip("2001:db8::1").masked(64), ip("2001:db8::"));
}

TEST(TrafficSelector, PrefixAndPrint) {
  auto ts = TrafficSelector::from_prefix(ip("10.1.0.0"), 24);
  EXPECT_EQ(ts.prefix_len(), 24u);
  EXPECT_EQ(ts.to_string(), "10.1.0.0/24");
  ts.ip_protocol = 6;
  ts.start_port = ts.end_port = 80;
  EXPECT_EQ(ts.to_string(), "10.1.0.0/24[tcp/80]");
  TrafficSelector range{ip("10.0.0.1"), ip("10.0.0.9")};
  EXPECT_EQ(range.to_string(), "10.0.0.1..10.0.0.9");
}

TEST(TrafficSelector, IntersectNarrows) {
  auto wide = TrafficSelector::from_prefix(ip("10.0.0.0"), 8);
  auto narrow = TrafficSelector::from_prefix(ip("10.1.0.0"), 24, 17, 500, 500);
  auto r = wide.intersect(narrow);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, narrow);
  EXPECT_TRUE(wide.contains(narrow));
  EXPECT_FALSE(narrow.contains(wide));
  auto other = TrafficSelector::from_prefix(ip("192.168.0.0"), 16);
  EXPECT_FALSE(wide.intersect(other));
  auto v6 = TrafficSelector::any(IpAddress::Family::kV6);
  EXPECT_FALSE(wide.intersect(v6));
}

}  // namespace
}  // namespace oakley
