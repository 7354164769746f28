#include "ike/traffic_selectors.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

TrafficSelector net(const char* a, unsigned len) {
  return TrafficSelector::from_prefix(*IpAddress::parse(a), len);
}

TEST(Narrow, IntersectsInConfiguredOrder) {
  Selectors proposed = {net("10.0.0.0", 8)};
  Selectors configured = {net("10.2.0.0", 24), net("192.168.0.0", 16), net("10.3.0.0", 24)};
  EXPECT_EQ(describe(narrow(proposed, configured)), "10.2.0.0/24 10.3.0.0/24");
}

TEST(Narrow, NothingInCommonIsUnacceptable) {
  EXPECT_TRUE(narrow({net("172.16.0.0", 12)}, {net("10.0.0.0", 8)}).empty());
}

TEST(Narrow, DropsSelectorsContainedInEarlierOnes) {
  Selectors proposed = {net("10.1.0.5", 32), net("10.1.0.0", 24)};
  Selectors configured = {net("10.1.0.0", 16)};
  EXPECT_EQ(describe(narrow(proposed, configured)), "10.1.0.5/32 10.1.0.0/24");
  EXPECT_EQ(describe(narrow({net("10.1.0.0", 24), net("10.1.0.5", 32)}, configured)),
            "10.1.0.0/24");
}

TEST(IsNarrowingOf, RejectsWidening) {
  EXPECT_TRUE(is_narrowing_of({net("10.1.0.0", 24)}, {net("10.0.0.0", 8)}));
  EXPECT_FALSE(is_narrowing_of({net("10.0.0.0", 8)}, {net("10.1.0.0", 24)}));
  EXPECT_FALSE(is_narrowing_of({}, {net("10.1.0.0", 24)}));
}

}  // namespace
}  // namespace oakley::ike
