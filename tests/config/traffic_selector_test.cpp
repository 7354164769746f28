#include "config/traffic_selector.hpp"

#include <gtest/gtest.h>

namespace oakley::config {
namespace {

std::string printed(const std::string& text) {
  auto r = parse_traffic_selectors(text);
  if (!r) return "ERROR: " + r.error().message;
  std::string out;
  for (const auto& ts : *r)
    out += (out.empty() ? "" : " ") + ts.to_string();
  return out;
}

// Expected values as charon 5.9.8 logs them ("local_ts = ..."), except where noted: we print
// port numbers instead of service names.
TEST(TrafficSelector, FormsStrongSwanAccepts) {
  EXPECT_EQ(printed("10.1.0.0/24"), "10.1.0.0/24");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/80]"), "10.1.0.0/24[tcp/80]");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/http]"), "10.1.0.0/24[tcp/80]");
  EXPECT_EQ(printed("fec0::/64"), "fec0::/64");
  EXPECT_EQ(printed("10.0.0.1-10.0.0.9"), "10.0.0.1..10.0.0.9");
  EXPECT_EQ(printed("dynamic"), "dynamic");
  EXPECT_EQ(printed("dynamic[tcp/http]"), "dynamic[tcp/80]");
  EXPECT_EQ(printed("0.0.0.0/0"), "0.0.0.0/0");
  EXPECT_EQ(printed("::/0"), "::/0");
  EXPECT_EQ(printed("10.1.0.0/24[udp/1024-65535]"), "10.1.0.0/24[udp/1024-65535]");
  EXPECT_EQ(printed("10.1.0.0/24[6]"), "10.1.0.0/24[tcp]");
  EXPECT_EQ(printed("10.1.0.0/24[47]"), "10.1.0.0/24[gre]");
  EXPECT_EQ(printed("10.1.0.0/24[255]"), "10.1.0.0/24[255]");
  EXPECT_EQ(printed("10.1.0.5/24"), "10.1.0.0/24");  // host bits cleared
  EXPECT_EQ(printed("10.1.0.0/24[icmp/8]"), "10.1.0.0/24[icmp/8]");
  EXPECT_EQ(printed("10.1.0.0/24[icmp/3-4]"), "10.1.0.0/24[icmp/3-4]");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/opaque]"), "10.1.0.0/24[tcp/OPAQUE]");
  EXPECT_EQ(printed("10.1.0.0/24, 10.3.0.0/16"), "10.1.0.0/24 10.3.0.0/16");
  EXPECT_EQ(printed("10.1.0.1"), "10.1.0.1/32");
  EXPECT_EQ(printed("10.1.0.0/24[ipv6-icmp]"), "10.1.0.0/24[ipv6-icmp]");
  EXPECT_EQ(printed("10.1.0.0/24[/80]"), "10.1.0.0/24[0/80]");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/80-80]"), "10.1.0.0/24[tcp/80]");
  EXPECT_EQ(printed("10.1.0.0/24 [tcp/80]"), "10.1.0.0/24[tcp/80]");
  EXPECT_EQ(printed(""), "dynamic");
}

// Where we differ from charon 5.9.8 on purpose: %any is every address (charon makes 0.0.0.0/32 of
// it), "%any" is accepted as a port, an address may be left out (meaning dynamic), and nonsense
// that charon silently bends (reversed ranges, /33) is an error.
TEST(TrafficSelector, OakleyExtensions) {
  EXPECT_EQ(printed("%any"), "0.0.0.0/0 ::/0");
  EXPECT_EQ(printed("%any6[tcp]"), "::/0[tcp]");
  EXPECT_EQ(printed("[udp/%any]"), "dynamic[udp]");
  EXPECT_EQ(printed("10.1.0.0/24[udp/%any]"), "10.1.0.0/24[udp]");
  EXPECT_EQ(printed("10.1.0.0/24[%any/53]"), "10.1.0.0/24[0/53]");
}

TEST(TrafficSelector, Model) {
  auto ts = (*parse_traffic_selector("10.1.0.0/24[udp/500-501]"))[0];
  EXPECT_FALSE(ts.dynamic);
  EXPECT_EQ(ts.selector.start, *IpAddress::parse("10.1.0.0"));
  EXPECT_EQ(ts.selector.end, *IpAddress::parse("10.1.0.255"));
  EXPECT_EQ(ts.selector.ip_protocol, 17);
  EXPECT_EQ(ts.selector.start_port, 500);
  EXPECT_EQ(ts.selector.end_port, 501);
  auto icmp = (*parse_traffic_selector("0.0.0.0/0[icmp/8]"))[0];
  EXPECT_EQ(icmp.selector.start_port, 0x0800);  // type << 8 | code, as strongSwan
  EXPECT_EQ(icmp.selector.end_port, 0x08ff);
  auto opaque = (*parse_traffic_selector("0.0.0.0/0[tcp/opaque]"))[0];
  EXPECT_EQ(opaque.selector.start_port, 0xffff);
  EXPECT_EQ(opaque.selector.end_port, 0);
}

TEST(TrafficSelector, Errors) {
  EXPECT_EQ(printed("10.1.0.0/24[foo]"),
            "ERROR: '10.1.0.0/24[foo]': unknown protocol 'foo' (use a name such as tcp, udp, "
            "icmp, ipv6-icmp, gre or a number)");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/99999]"),
            "ERROR: '10.1.0.0/24[tcp/99999]': port '99999' must be 0 to 65535");
  EXPECT_EQ(printed("10.1.0.0/24[256]"),
            "ERROR: '10.1.0.0/24[256]': protocol number '256' must be 0 to 255");
  EXPECT_EQ(printed("vpn.example.com"),
            "ERROR: 'vpn.example.com': DNS names are not supported here (only local_addrs and "
            "remote_addrs take them); use an IP address");
  EXPECT_EQ(printed("10.0.0.9-10.0.0.1"),
            "ERROR: '10.0.0.9-10.0.0.1': range ends before it starts");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/8080-80]"),
            "ERROR: '10.1.0.0/24[tcp/8080-80]': port range '8080-80' ends before it starts");
  EXPECT_EQ(printed("10.1.0.0/33"), "ERROR: '10.1.0.0/33': prefix length must be 0 to 32");
  EXPECT_EQ(printed("10.1.0.0/24[tcp"),
            "ERROR: '10.1.0.0/24[tcp': expected ']' at the end of the protocol/port part");
  EXPECT_EQ(printed("10.1.0.0/24[icmp/300]"),
            "ERROR: '10.1.0.0/24[icmp/300]': ICMP type '300' must be 0 to 255");
  EXPECT_EQ(printed("10.1.0.0/24[tcp/nosuchservice]"),
            "ERROR: '10.1.0.0/24[tcp/nosuchservice]': unknown port or service 'nosuchservice'");
}

}  // namespace
}  // namespace oakley::config
