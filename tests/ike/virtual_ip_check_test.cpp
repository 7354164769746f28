#include "ike/virtual_ip_check.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

const VirtualIpContext kContext{{ip("192.0.2.1"), ip("192.0.2.2")},
                                {TrafficSelector::from_prefix(ip("10.1.0.0"), 24),
                                 TrafficSelector::from_prefix(ip("2001:db8:1::"), 64)}};

TEST(VirtualIpCheck, RefusesAddressesThatNeverNameATunnelHost) {
  for (const char* bad : {"0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.0.9", "169.254.10.1",
                          "224.0.0.1", "239.1.2.3", "240.0.0.1", "255.255.255.255", "::", "::1",
                          "fe80::1", "febf::1", "ff02::1", "::ffff:10.0.0.1"}) {
    EXPECT_TRUE(virtual_ip_refusal(ip(bad), kContext)) << bad;
  }
  EXPECT_EQ(*virtual_ip_refusal(ip("127.0.0.1"), kContext), "a loopback address");
}

TEST(VirtualIpCheck, RefusesOurOwnAddressesAndNetworks) {
  EXPECT_EQ(*virtual_ip_refusal(ip("192.0.2.1"), kContext), "an address the IKE SA itself uses");
  EXPECT_EQ(*virtual_ip_refusal(ip("192.0.2.2"), kContext), "an address the IKE SA itself uses");
  EXPECT_EQ(*virtual_ip_refusal(ip("10.1.0.77"), kContext), "inside our local network 10.1.0.0/24");
  EXPECT_TRUE(virtual_ip_refusal(ip("2001:db8:1::5"), kContext));
}

TEST(VirtualIpCheck, AcceptsOrdinaryAddresses) {
  for (const char* good : {"10.3.0.1", "100.64.0.9", "172.16.5.5", "192.168.1.20", "198.51.100.3",
                           "2001:db8:2::1", "fd00::1"}) {
    EXPECT_FALSE(virtual_ip_refusal(ip(good), kContext)) << good;
  }
}

TEST(VirtualIpSelection, OneUsableAddressPerRequestedFamily) {
  VirtualIpSelection pick({IpAddress::Family::kV4}, kContext);
  EXPECT_TRUE(pick.offer(ip("127.0.0.1")));
  EXPECT_FALSE(pick.offer(ip("10.3.0.5")));
  EXPECT_EQ(*pick.offer(ip("10.3.0.6")), "we already took 10.3.0.5 (one address per family)");
  EXPECT_EQ(*pick.offer(ip("2001:db8:2::1")), "we asked for no IPv6 address");
  EXPECT_EQ(pick.accepted(), std::vector<IpAddress>{ip("10.3.0.5")});

  VirtualIpSelection both({IpAddress::Family::kV4, IpAddress::Family::kV6}, kContext);
  EXPECT_FALSE(both.offer(ip("2001:db8:2::1")));
  EXPECT_FALSE(both.offer(ip("10.3.0.5")));
  EXPECT_EQ(both.accepted().size(), 2u);
}

}  // namespace
}  // namespace oakley::ike
