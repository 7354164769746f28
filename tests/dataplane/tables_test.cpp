// Policy ordering and lookup, selector matching (ports, ICMP type/code, fragments), selector
// ranges as route prefixes, and the RecordingBackend the IKE tests use.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dataplane/esp/packet.hpp"
#include "dataplane/null_backend.hpp"
#include "dataplane/policy_table.hpp"
#include "dataplane/selector_match.hpp"
#include "dataplane/tun/routes.hpp"
#include "support/recording_backend.hpp"
#include "test_util.hpp"

namespace oakley::dataplane {
namespace {

using test::ip;

TrafficSelector net(const char* addr, unsigned len, std::uint8_t proto = 0, std::uint16_t lo = 0,
                    std::uint16_t hi = 0xffff) {
  return TrafficSelector::from_prefix(ip(addr), len, proto, lo, hi);
}

esp::FlowKey flow_of(const Bytes& packet) {
  return esp::parse_ip_packet(packet)->flow;
}

PolicyEntry entry(TrafficSelector l, TrafficSelector r, PolicyAction a, std::uint32_t reqid,
                  std::uint32_t priority = 0) {
  PolicyConfig pc;
  pc.local_ts = l;
  pc.remote_ts = r;
  pc.action = a;
  pc.reqid = reqid;
  pc.priority = priority;
  return {pc, priority ? priority : automatic_priority(pc), nullptr};
}

TEST(PolicyTable, MoreSpecificAndBypassPoliciesWin) {
  PolicyTable t({entry(net("0.0.0.0", 0), net("0.0.0.0", 0), PolicyAction::kTrap, 1),
                 entry(net("10.1.0.0", 16), net("10.2.0.0", 16), PolicyAction::kProtect, 2),
                 entry(net("10.1.0.0", 24), net("10.2.0.0", 24), PolicyAction::kProtect, 3),
                 entry(net("10.1.0.0", 16), net("10.2.9.0", 24), PolicyAction::kPass, 0),
                 entry(net("10.1.0.0", 24), net("10.2.0.0", 24, esp::kProtoUdp, 53, 53),
                       PolicyAction::kProtect, 4)});
  auto reqid_for = [&](const char* src, const char* dst, std::uint16_t dport = 80) {
    auto* p = t.lookup(flow_of(test::make_udp_packet(ip(src), ip(dst), 1000, dport, 8)));
    return p ? static_cast<int>(p->config.reqid) : -1;
  };
  EXPECT_EQ(reqid_for("10.1.0.5", "10.2.0.5"), 3);
  EXPECT_EQ(reqid_for("10.1.0.5", "10.2.0.5", 53), 4);  // same prefixes, a named protocol and port
  EXPECT_EQ(reqid_for("10.1.7.5", "10.2.0.5"), 2);
  EXPECT_EQ(reqid_for("10.1.7.5", "10.2.9.5"), 0);  // the pass policy
  EXPECT_EQ(reqid_for("192.168.1.1", "8.8.8.8"), 1);
  EXPECT_EQ(reqid_for("fd01::1", "fd02::1"), -1);  // no IPv6 policy
}

TEST(PolicyTable, ExplicitPriorityOverridesAutomatic) {
  PolicyTable t({entry(net("10.1.0.0", 24), net("10.2.0.0", 24), PolicyAction::kProtect, 1),
                 entry(net("0.0.0.0", 0), net("0.0.0.0", 0), PolicyAction::kProtect, 2, 100)});
  EXPECT_EQ(t.lookup(flow_of(test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, 0)))
                ->config.reqid,
            2u);
}

TEST(SelectorMatch, PortsProtocolsIcmpAndFragments) {
  auto udp = flow_of(test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 5000, 53, 4));
  EXPECT_TRUE(selector_matches(net("10.2.0.0", 24, esp::kProtoUdp, 53, 53), udp, false));
  EXPECT_FALSE(selector_matches(net("10.2.0.0", 24, esp::kProtoTcp), udp, false));
  EXPECT_FALSE(selector_matches(net("10.2.0.0", 24, 0, 54, 60), udp, false));
  EXPECT_TRUE(selector_matches(net("10.1.0.1", 32, 0, 5000, 5000), udp, true));
  // ICMP: type << 8 | code in the port fields (RFC 7296 3.13.1): echo request is 8/0 = 0x0800.
  auto ping = flow_of(test::make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 8));
  EXPECT_TRUE(selector_matches(net("10.2.0.0", 24, esp::kProtoIcmp, 0x0800, 0x0800), ping, false));
  EXPECT_FALSE(selector_matches(net("10.2.0.0", 24, esp::kProtoIcmp, 0x0000, 0x00ff), ping, false));
  // A later fragment has no ports: only "any port" selectors match it (RFC 4301 OPAQUE).
  Bytes frag = test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 5000, 53, 40);
  store_be16(&frag[6], 100);  // fragment offset 800
  auto f = flow_of(frag);
  EXPECT_FALSE(f.ports_known);
  EXPECT_TRUE(selector_matches(net("10.2.0.0", 24, esp::kProtoUdp), f, false));
  EXPECT_FALSE(selector_matches(net("10.2.0.0", 24, esp::kProtoUdp, 53, 53), f, false));
  EXPECT_TRUE(any_selector_matches({}, f, false));
}

TEST(Routes, SelectorRangesBecomeExactPrefixes) {
  auto str = [](const std::vector<tun::Prefix>& ps) {
    std::string s;
    for (const auto& p : ps)
      s += p.to_string() + " ";
    return s;
  };
  EXPECT_EQ(str(tun::range_to_prefixes(ip("10.2.0.0"), ip("10.2.0.255"))), "10.2.0.0/24 ");
  EXPECT_EQ(str(tun::range_to_prefixes(ip("10.0.0.1"), ip("10.0.0.6"))),
            "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32 ");
  EXPECT_EQ(str(tun::range_to_prefixes(ip("0.0.0.0"), ip("255.255.255.255"))), "0.0.0.0/0 ");
  EXPECT_EQ(str(tun::range_to_prefixes(ip("::"), ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))),
            "::/0 ");
  EXPECT_EQ(str(tun::range_to_prefixes(ip("fd00::"), ip("fd00::1:ffff"))), "fd00::/111 ");
  EXPECT_EQ(str(tun::range_to_prefixes(ip("255.255.255.254"), ip("255.255.255.255"))),
            "255.255.255.254/31 ");
  EXPECT_TRUE(tun::range_to_prefixes(ip("10.0.0.9"), ip("10.0.0.1")).empty());
}

// The kernel filters with the higher of conf/all/rp_filter and the interface's own value.
TEST(Routes, StrictReversePathFilteringIsFoundPerInterface) {
  auto dir = std::filesystem::temp_directory_path() / ("oakley-rp-" + std::to_string(::getpid()));
  auto set = [&](const std::string& name, int value) {
    std::filesystem::create_directories(dir / name);
    std::ofstream(dir / name / "rp_filter") << value << "\n";
  };
  set("all", 0);
  set("default", 1);
  set("lo", 1);
  set("eth0", 1);
  set("eth1", 2);
  set("eth2", 0);
  EXPECT_EQ(tun::strict_rp_filter_interfaces(dir), (std::vector<std::string>{"eth0"}));
  set("all", 1);  // strict wherever an interface does not ask for loose
  EXPECT_EQ(tun::strict_rp_filter_interfaces(dir), (std::vector<std::string>{"eth0", "eth2"}));
  set("all", 2);
  EXPECT_TRUE(tun::strict_rp_filter_interfaces(dir).empty());
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(tun::strict_rp_filter_interfaces(dir).empty());  // no such directory
}

TEST(RecordingBackend, RecordsOperationsInOrder) {
  RecordingBackend b;
  EXPECT_EQ(*b.allocate_spi(), 0xc0000001u);
  EXPECT_EQ(*b.allocate_spi(), 0xc0000002u);
  SaConfig in;
  in.spi = 0xc0000001;
  in.remote = ip("192.0.2.2");
  in.encr_key = SecretBytes(Bytes(20, 7));
  SaConfig out = in;
  out.direction = Direction::kOutbound;
  out.spi = 0x1234;
  ASSERT_TRUE(b.install_sa(in).ok());
  ASSERT_TRUE(b.install_sa(out).ok());
  EXPECT_FALSE(b.install_sa(out).ok());
  PolicyConfig pc;
  pc.local_ts = net("10.1.0.0", 24);
  pc.remote_ts = net("10.2.0.0", 24);
  ASSERT_TRUE(b.install_policy(pc).ok());
  ASSERT_TRUE(b.delete_sa(in.id()).ok());
  auto log = b.log();
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[2].op, RecordingBackend::Op::kInstallSa);
  EXPECT_EQ(log[3].sa, out.id());
  EXPECT_EQ(log[4].policy, pc.id());
  EXPECT_EQ(log[5].op, RecordingBackend::Op::kDeleteSa);
  EXPECT_EQ(b.find_sa(Direction::kOutbound, 0x1234)->encr_key, in.encr_key);
  EXPECT_FALSE(b.find_sa(in.id()));
  EXPECT_EQ(b.query_sa(out.id())->packets, 0u);
  b.set_counters(out.id(), SaCounters{5, 500, {}});
  EXPECT_EQ(b.query_sa(out.id())->bytes, 500u);
}

TEST(RecordingBackend, InjectsFailuresAndEvents) {
  RecordingBackend b;
  b.fail_next(RecordingBackend::Op::kInstallPolicy, make_error("boom"));
  EXPECT_EQ(b.install_policy(PolicyConfig{}).error().message, "boom");
  EXPECT_TRUE(b.install_policy(PolicyConfig{}).ok());
  std::vector<std::string> seen;
  b.set_event_handler([&](const Event& e) { seen.push_back(event_to_string(e)); });
  b.emit(SoftExpireEvent{SaId{Direction::kOutbound, 0x1234, ip("192.0.2.2")}, 7});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "SOFT_EXPIRE out 0x00001234 to 192.0.2.2 reqid 7");
  NullBackend null;
  EXPECT_TRUE(null.install_sa(SaConfig{}).ok());
  EXPECT_NE(*null.allocate_spi(), *null.allocate_spi());
}

}  // namespace
}  // namespace oakley::dataplane
