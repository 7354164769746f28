// Virtual IP leases: stable per identity, shared by one identity's SAs, exhaustion explained.
#include "ike/address_pools.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

config::Pool pool(const std::string& first, const std::string& last) {
  config::Pool p;
  p.name = "rw";
  p.addrs = first + "-" + last;
  p.first = *IpAddress::parse(first);
  p.last = *IpAddress::parse(last);
  return p;
}

TEST(AddressPools, IdentitiesKeepTheirAddress) {
  AddressPools pools;
  auto p = pool("10.3.0.1", "10.3.0.3");
  auto carol = pools.acquire(p, "carol");
  auto dave = pools.acquire(p, "dave");
  ASSERT_TRUE(carol.ok() && dave.ok());
  EXPECT_EQ(carol->to_string(), "10.3.0.1");
  EXPECT_EQ(dave->to_string(), "10.3.0.2");
  // A reauthentication of carol overlaps her old SA: same address, two holders.
  EXPECT_EQ(*pools.acquire(p, "carol"), *carol);
  pools.release("rw", *carol);
  EXPECT_EQ(pools.online("rw"), 2u);
  pools.release("rw", *carol);
  EXPECT_EQ(pools.online("rw"), 1u);
  // Back later, carol gets her address again.
  EXPECT_EQ(*pools.acquire(p, "carol"), *carol);
}

TEST(AddressPools, ExhaustionReusesOfflineLeasesThenFails) {
  AddressPools pools;
  auto p = pool("10.3.0.1", "10.3.0.2");
  auto a = *pools.acquire(p, "a");
  auto b = *pools.acquire(p, "b");
  auto full = pools.acquire(p, "c");
  ASSERT_FALSE(full.ok());
  EXPECT_NE(full.error().message.find("no free address"), std::string::npos);
  pools.release("rw", a);
  auto c = pools.acquire(p, "c");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, a);  // a's offline lease went to c
  // a comes back: its old address is c's now, and b holds the other one.
  EXPECT_FALSE(pools.acquire(p, "a").ok());
  pools.release("rw", b);
  EXPECT_EQ(*pools.acquire(p, "a"), b);
}

TEST(AddressPools, Ipv6AndCarryAcrossBytes) {
  AddressPools pools;
  auto p = pool("10.3.0.255", "10.3.1.0");
  EXPECT_EQ(pools.acquire(p, "x")->to_string(), "10.3.0.255");
  EXPECT_EQ(pools.acquire(p, "y")->to_string(), "10.3.1.0");
  auto p6 = pool("fd00::1", "fd00::ff");
  p6.name = "v6";
  EXPECT_EQ(pools.acquire(p6, "x")->to_string(), "fd00::1");
}

}  // namespace
}  // namespace oakley::ike
