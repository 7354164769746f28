// The updown environment: the names and formats of strongSwan's charon (updown plugin), so a
// script written for charon reads the same variables from oakley.
#include "daemon/updown_env.hpp"

#include <gtest/gtest.h>

#include <map>

namespace oakley::daemon {
namespace {

std::map<std::string, std::string> as_map(const std::vector<std::string>& env) {
  std::map<std::string, std::string> m;
  for (const auto& e : env) {
    auto eq = e.find('=');
    m[e.substr(0, eq)] = e.substr(eq + 1);
  }
  return m;
}

ike::SaEvent child(ike::SaEventKind kind) {
  ike::SaEvent e;
  e.kind = kind;
  e.connection = "site";
  e.child = "net";
  e.ike_id = 4;
  e.reqid = 2;
  e.spi_in = 0xc0ffee;
  e.spi_out = 0x1234abcd;
  e.local = {*IpAddress::parse("192.0.2.1"), 4500};
  e.remote = {*IpAddress::parse("198.51.100.7"), 4501};
  e.local_id = "left@example.test";
  e.remote_id = "right@example.test";
  e.local_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.1.0.0"), 24)};
  e.remote_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.2.0.0"), 16, 6, 443, 443)};
  return e;
}

TEST(UpdownEnv, MatchesCharonsNamesAndFormats) {
  auto e = child(ike::SaEventKind::kChildUp);
  e.udp_encap = true;
  e.xauth_user = "alice";
  e.local_vips = {*IpAddress::parse("10.9.0.5"), *IpAddress::parse("fd00::5")};
  e.remote_vips = {*IpAddress::parse("10.8.0.2")};
  e.dns = {*IpAddress::parse("10.0.0.53"), *IpAddress::parse("fd00::53"),
           *IpAddress::parse("10.0.0.54")};
  e.hostaccess = true;
  auto calls = updown_calls(e, "eth0", "/usr/bin:/bin");
  ASSERT_EQ(calls.size(), 1u);
  auto env = as_map(calls[0].env);
  std::map<std::string, std::string> want = {
      {"PATH", "/usr/bin:/bin"},
      {"PLUTO_VERSION", "1.1"},
      {"PLUTO_VERB", "up-client"},
      {"PLUTO_CONNECTION", "net"},
      {"PLUTO_INTERFACE", "eth0"},
      {"PLUTO_REQID", "2"},
      {"PLUTO_PROTO", "esp"},
      {"PLUTO_UNIQUEID", "4"},
      {"PLUTO_SPI_IN", "00c0ffee"},
      {"PLUTO_SPI_OUT", "1234abcd"},
      {"PLUTO_ME", "192.0.2.1"},
      {"PLUTO_MY_ID", "left@example.test"},
      {"PLUTO_MY_CLIENT", "10.1.0.0/24"},
      {"PLUTO_MY_PORT", "0"},
      {"PLUTO_MY_PROTOCOL", "0"},
      {"PLUTO_PEER", "198.51.100.7"},
      {"PLUTO_PEER_ID", "right@example.test"},
      {"PLUTO_PEER_CLIENT", "10.2.0.0/16"},
      {"PLUTO_PEER_PORT", "443"},
      {"PLUTO_PEER_PROTOCOL", "6"},
      {"PLUTO_XAUTH_ID", "alice"},
      {"PLUTO_USERNAME", "alice"},
      {"PLUTO_MY_SOURCEIP", "10.9.0.5"},
      {"PLUTO_MY_SOURCEIP4_1", "10.9.0.5"},
      {"PLUTO_MY_SOURCEIP6_1", "fd00::5"},
      {"PLUTO_PEER_SOURCEIP", "10.8.0.2"},
      {"PLUTO_PEER_SOURCEIP4_1", "10.8.0.2"},
      {"PLUTO_UDP_ENC", "4501"},
      {"PLUTO_DNS4_1", "10.0.0.53"},
      {"PLUTO_DNS6_1", "fd00::53"},
      {"PLUTO_DNS4_2", "10.0.0.54"},
      {"PLUTO_HOST_ACCESS", "1"},
  };
  EXPECT_EQ(env, want);
}

TEST(UpdownEnv, HostVerbsV6AndOnePerSelectorPair) {
  auto e = child(ike::SaEventKind::kChildDown);
  e.local = {*IpAddress::parse("2001:db8::1"), 500};
  e.local_ts = {TrafficSelector::from_prefix(*IpAddress::parse("2001:db8::1"), 128),
                TrafficSelector::from_prefix(*IpAddress::parse("2001:db8:1::"), 48)};
  e.remote_ts = {TrafficSelector::from_prefix(*IpAddress::parse("2001:db8:2::"), 48),
                 TrafficSelector::from_prefix(*IpAddress::parse("10.2.0.0"), 16)};
  auto calls = updown_calls(e, "unknown", "");
  ASSERT_EQ(calls.size(), 2u);  // the IPv4 remote selector pairs with no local one
  EXPECT_EQ(calls[0].verb, "down-host-v6");
  EXPECT_EQ(calls[1].verb, "down-client-v6");
  EXPECT_EQ(as_map(calls[1].env)["PLUTO_MY_CLIENT"], "2001:db8:1::/48");
  EXPECT_FALSE(as_map(calls[0].env).contains("PATH"));
}

TEST(UpdownEnv, OnlyChildUpAndDownRunScripts) {
  for (auto k : {ike::SaEventKind::kIkeUp, ike::SaEventKind::kIkeDown,
                 ike::SaEventKind::kChildRekeyed, ike::SaEventKind::kChildFailed}) {
    EXPECT_TRUE(updown_calls(child(k), "eth0", "").empty());
  }
}

TEST(UpdownEnv, ClientIsTheSmallestSubnetHoldingTheRange) {
  TrafficSelector r{*IpAddress::parse("10.0.0.3"), *IpAddress::parse("10.0.0.9")};
  EXPECT_EQ(updown_subnet(r), "10.0.0.0/28");
  TrafficSelector icmp =
      TrafficSelector::from_prefix(*IpAddress::parse("10.0.0.1"), 32, 1, 0x0800, 0x0800);
  auto e = child(ike::SaEventKind::kChildUp);
  e.local_ts = {icmp};
  e.remote_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.0.0.2"), 32, 1)};
  auto env = as_map(updown_calls(e, "eth0", "")[0].env);
  EXPECT_EQ(env["PLUTO_MY_PORT"], "8");    // ICMP type
  EXPECT_EQ(env["PLUTO_PEER_PORT"], "0");  // ICMP code
}

}  // namespace
}  // namespace oakley::daemon
