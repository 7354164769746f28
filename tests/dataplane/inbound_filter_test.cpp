// The nftables script of the inbound filter: what a kernel inbound policy would drop, nothing else.
#include "dataplane/tun/inbound_filter.hpp"

#include <gtest/gtest.h>

namespace oakley::dataplane::tun {
namespace {

TrafficSelector ts(const char* net, unsigned len, std::uint8_t proto = 0, std::uint16_t lo = 0,
                   std::uint16_t hi = 0xffff) {
  return TrafficSelector::from_prefix(*IpAddress::parse(net), len, proto, lo, hi);
}

PolicyConfig policy(TrafficSelector local, TrafficSelector remote,
                    PolicyAction action = PolicyAction::kProtect) {
  PolicyConfig p;
  p.local_ts = local;
  p.remote_ts = remote;
  p.action = action;
  return p;
}

TEST(InboundFilter, RuleMatchesFromRemoteToLocal) {
  EXPECT_EQ(inbound_filter_rule(policy(ts("10.1.0.0", 24), ts("10.2.0.0", 16))),
            "ip saddr 10.2.0.0/16 ip daddr 10.1.0.0/24 counter drop");
  EXPECT_EQ(inbound_filter_rule(policy(ts("fd01::", 64), ts("fd02::", 64))),
            "ip6 saddr fd02::/64 ip6 daddr fd01::/64 counter drop");
}

TEST(InboundFilter, RangesProtocolAndPortsNarrowTheRule) {
  TrafficSelector remote{*IpAddress::parse("10.2.0.5"), *IpAddress::parse("10.2.0.9"), 17, 53, 53};
  TrafficSelector local = ts("10.1.0.0", 24, 17, 1024, 65535);
  EXPECT_EQ(inbound_filter_rule(policy(local, remote)),
            "ip saddr 10.2.0.5-10.2.0.9 ip daddr 10.1.0.0/24 meta l4proto 17 th sport 53 th dport "
            "1024-65535 counter drop");
  // ICMP "ports" are type and code, not transport ports: the protocol alone narrows it.
  EXPECT_EQ(inbound_filter_rule(policy(ts("10.1.0.0", 24, 1), ts("10.2.0.0", 24, 1, 8, 8))),
            "ip saddr 10.2.0.0/24 ip daddr 10.1.0.0/24 meta l4proto 1 counter drop");
}

TEST(InboundFilter, ScriptReplacesTheTableAtomicallyAndLetsTunnelTrafficThrough) {
  InboundFilterSpec spec{"oak0", {500, 4500}};
  auto s = inbound_filter_script(spec, {policy(ts("10.1.0.0", 24), ts("10.2.0.0", 24))});
  EXPECT_EQ(s.rfind("table inet oakley_oak0\ndelete table inet oakley_oak0\n", 0), 0u) << s;
  EXPECT_NE(s.find("hook prerouting"), std::string::npos);
  EXPECT_NE(s.find("iifname \"oak0\" accept"), std::string::npos);
  EXPECT_NE(s.find("meta l4proto esp fib daddr type local accept"), std::string::npos);
  EXPECT_NE(s.find("udp dport { 500, 4500 } fib daddr type local accept"), std::string::npos);
  // The drop comes after every exemption.
  EXPECT_GT(s.find("ip saddr 10.2.0.0/24 ip daddr 10.1.0.0/24 counter drop"), s.find("udp dport"));
}

TEST(InboundFilter, PassPoliciesComeBeforeDrops) {
  InboundFilterSpec spec{"oak0", {500}};
  auto s = inbound_filter_script(
      spec, {policy(ts("10.1.0.0", 16), ts("10.2.0.0", 16)),
             policy(ts("10.1.0.0", 24), ts("10.2.0.0", 24), PolicyAction::kPass)});
  auto pass = s.find("ip saddr 10.2.0.0/24 ip daddr 10.1.0.0/24 accept");
  auto drop = s.find("ip saddr 10.2.0.0/16 ip daddr 10.1.0.0/16 counter drop");
  ASSERT_NE(pass, std::string::npos) << s;
  ASSERT_NE(drop, std::string::npos) << s;
  EXPECT_LT(pass, drop);
}

TEST(InboundFilter, TableNameIsSafeForNft) {
  EXPECT_EQ(inbound_filter_table("oak0"), "oakley_oak0");
  EXPECT_EQ(inbound_filter_table("my-tun.1"), "oakley_my_tun_1");
}

}  // namespace
}  // namespace oakley::dataplane::tun
