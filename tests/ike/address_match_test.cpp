// The responder's address score: a DNS name counts as the addresses it last resolved to, and an
// unresolved name is no wildcard.
#include "ike/address_match.hpp"

#include <gtest/gtest.h>

#include "common/timer_heap.hpp"
#include "support/fake_resolver.hpp"

namespace oakley::ike {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

std::vector<config::AddressSpec> specs(const char* text) {
  return *config::parse_address_specs(text);
}

TEST(AddressMatch, LiteralForms) {
  EXPECT_EQ(address_score({}, ip("192.0.2.2"), nullptr), 1);
  EXPECT_EQ(address_score(specs("%any"), ip("192.0.2.2"), nullptr), 1);
  EXPECT_EQ(address_score(specs("%any6"), ip("192.0.2.2"), nullptr), 0);
  EXPECT_EQ(address_score(specs("192.0.2.0/24"), ip("192.0.2.2"), nullptr), 2);
  EXPECT_EQ(address_score(specs("192.0.2.0/24, 192.0.2.2"), ip("192.0.2.2"), nullptr), 3);
  EXPECT_EQ(address_score(specs("192.0.2.3"), ip("192.0.2.2"), nullptr), 0);
}

TEST(AddressMatch, NamesMatchTheirLastAddresses) {
  TimerHeap timers;
  test_support::FakeResolver dns{timers};
  HostNames names{dns, timers};
  auto list = specs("peer.test");
  EXPECT_EQ(address_score(list, ip("192.0.2.2"), &names), 0);  // never resolved: no wildcard
  EXPECT_EQ(address_score(list, ip("192.0.2.2"), nullptr), 0);
  dns.set("peer.test", {ip("192.0.2.2")});
  names.resolve("peer.test", std::nullopt, nullptr);
  timers.advance(Duration::zero());
  EXPECT_EQ(address_score(list, ip("192.0.2.2"), &names), 3);
  EXPECT_EQ(address_score(list, ip("192.0.2.3"), &names), 0);
  EXPECT_EQ(address_score(specs("peer.test, %any"), ip("192.0.2.3"), &names), 1);
}

}  // namespace
}  // namespace oakley::ike
