// DNS names in local_addrs/remote_addrs: they load (and are kept as names for the engines to
// resolve at initiation), where strongSwan takes them and nowhere else.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::conn;
using testing::load_error;
using testing::load_ok;

TEST(DnsNames, LoadInLocalAndRemoteAddrs) {
  auto c = load_ok(conn("local_addrs = gw-a.example.org\nremote_addrs = vpn.example.net, 192.0.2.9",
                        "start_action = start"));
  ASSERT_EQ(c.connections.size(), 1u);
  const auto& k = c.connections[0];
  ASSERT_EQ(k.local_addrs.size(), 1u);
  EXPECT_TRUE(k.local_addrs[0].is_name());
  EXPECT_EQ(k.local_addrs[0].name, "gw-a.example.org");
  ASSERT_EQ(k.remote_addrs.size(), 2u);
  EXPECT_EQ(k.remote_addrs[0].name, "vpn.example.net");
  EXPECT_TRUE(k.remote_addrs[1].is_host());
  EXPECT_TRUE(k.has_dns_names());
  EXPECT_TRUE(k.can_initiate());
  EXPECT_EQ(k.remote_host(), IpAddress::parse("192.0.2.9"));  // the first literal address
}

// A name alone is a peer to initiate to: start_action and trap need no literal address.
TEST(DnsNames, NameIsEnoughToInitiate) {
  auto c = load_ok(conn("remote_addrs = vpn.example.net",
                        "start_action = trap\n"
                        "local_ts = 10.1.0.0/24\n"
                        "remote_ts = 10.2.0.0/24"));
  const auto& k = c.connections[0];
  EXPECT_TRUE(k.can_initiate());
  EXPECT_FALSE(k.remote_host());
  auto none = load_ok(conn("remote_addrs = 10.0.0.0/8, %any"));
  EXPECT_FALSE(none.connections[0].can_initiate());
  EXPECT_FALSE(none.connections[0].has_dns_names());
}

// charon takes names only in local_addrs/remote_addrs: traffic selectors, pools, listen and vips
// keep refusing them, with file:line.
TEST(DnsNames, RefusedElsewhere) {
  EXPECT_EQ(load_error(conn("", "remote_ts = peer.example.net")),
            "swanctl.conf:6: invalid remote_ts 'peer.example.net' in child 'net' of connection "
            "'c': 'peer.example.net': DNS names are not supported here (only local_addrs and "
            "remote_addrs take them); use an IP address");
  EXPECT_EQ(load_error(conn("vips = vip.example.net")),
            "swanctl.conf:3: invalid vips 'vip.example.net' in connection 'c': "
            "'vip.example.net': DNS names are not supported here (only local_addrs and "
            "remote_addrs take them); use an IP address");
  EXPECT_EQ(load_error("pools {\n  p {\n    addrs = pool.example.net\n  }\n}\n"),
            "swanctl.conf:3: invalid addrs 'pool.example.net' in pool 'p': DNS names are not "
            "supported here (only local_addrs and remote_addrs take them); use an IP address");
}

TEST(DnsNames, GarbageStillRefusedWithFileLine) {
  EXPECT_EQ(load_error(conn("remote_addrs = vpn.example.net\n    local_addrs = a_b..c")),
            "swanctl.conf:4: invalid local_addrs 'a_b..c' in connection 'c': 'a_b..c': a DNS "
            "name has no empty labels (\"..\")");
  EXPECT_EQ(load_error(conn("remote_addrs = vpn.example.net/24")),
            "swanctl.conf:3: invalid remote_addrs 'vpn.example.net/24' in connection 'c': "
            "'vpn.example.net/24': DNS names are not supported here (only local_addrs and "
            "remote_addrs take them); use an IP address");
  EXPECT_EQ(load_error(conn("remote_addrs = vpn.example.net:4500")),
            "swanctl.conf:3: invalid remote_addrs 'vpn.example.net:4500' in connection 'c': "
            "'vpn.example.net:4500': expected an IPv4 or IPv6 address");
}

}  // namespace
}  // namespace oakley::config
