#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::load_error;
using testing::load_ok;

TEST(Pools, SubnetRangeAndAttributes) {
  auto config = load_ok(
      "pools {\n  rw {\n    addrs = 10.3.0.0/24\n    dns = 10.1.0.53, 2001:db8::53\n"
      "    nbns = 10.1.0.54\n    split_include = 10.1.0.0/16, 10.2.0.0/16\n"
      "    subnet = 10.1.0.0/24\n    25 = some text\n  }\n"
      "  range {\n    addrs = 10.4.0.10-10.4.0.19\n  }\n"
      "  v6 {\n    addrs = fd00::/120\n  }\n}\n");
  ASSERT_EQ(config.pools.size(), 3u);
  const Pool& rw = config.pools[0];
  EXPECT_EQ(rw.name, "rw");
  EXPECT_EQ(rw.addrs, "10.3.0.0/24");
  EXPECT_EQ(rw.first, *IpAddress::parse("10.3.0.1"));  // network and broadcast are skipped
  EXPECT_EQ(rw.last, *IpAddress::parse("10.3.0.254"));
  EXPECT_EQ(rw.size(), 254u);
  EXPECT_TRUE(rw.contains(*IpAddress::parse("10.3.0.7")));
  ASSERT_EQ(rw.dns.size(), 2u);
  EXPECT_TRUE(rw.dns[1].is_v6());
  EXPECT_EQ(rw.nbns.size(), 1u);
  EXPECT_EQ(rw.split_include.size(), 2u);
  EXPECT_EQ(rw.split_include[1].to_string(), "10.2.0.0/16");
  EXPECT_EQ(rw.subnet.size(), 1u);
  ASSERT_EQ(rw.custom.size(), 1u);
  EXPECT_EQ(rw.custom[0].first, 25);
  EXPECT_EQ(rw.custom[0].second, "some text");
  const Pool& range = config.pools[1];
  EXPECT_EQ(range.first, *IpAddress::parse("10.4.0.10"));
  EXPECT_EQ(range.size(), 10u);
  EXPECT_EQ(config.pools[2].size(), 254u);
  EXPECT_EQ(config.find_pool("range"), &config.pools[1]);
}

TEST(Pools, Errors) {
  EXPECT_EQ(load_error("pools {\n  p {\n    dns = 1.1.1.1\n  }\n}\n"),
            "swanctl.conf:2: pool 'p' has no 'addrs'");
  EXPECT_EQ(load_error("pools {\n  p {\n    addrs = %any\n  }\n}\n"),
            "swanctl.conf:3: invalid addrs '%any' in pool 'p': expected a subnet such as "
            "10.3.0.0/24 or a range such as 10.3.0.10-10.3.0.99");
  EXPECT_EQ(load_error("pools {\n  p {\n    addrs = 10.0.0.0/24\n    dsn = 1.1.1.1\n  }\n}\n"),
            "swanctl.conf:4: unknown key 'dsn' in pool 'p' (did you mean 'dns'?)");
  EXPECT_EQ(load_error("pools {\n  a {\n    addrs = 10.0.0.0/24\n  }\n"
                       "  b {\n    addrs = 10.0.0.128-10.0.1.5\n  }\n}\n"),
            "swanctl.conf:5: pool 'b' (10.0.0.128-10.0.1.5) overlaps pool 'a' (10.0.0.0/24); "
            "pools must not overlap");
  EXPECT_EQ(load_error("connections {\n  c {\n    pools = nope\n  }\n}\n"),
            "swanctl.conf:2: connection 'c' uses pool 'nope', which the pools section does not "
            "define (oakley has no DHCP or RADIUS pools)");
}

}  // namespace
}  // namespace oakley::config
