// HostNames: the last addresses of the configured DNS names, for responders, kept current in the
// background; lookups joined, answers never inline.
#include "ike/host_names.hpp"

#include <gtest/gtest.h>

#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "support/fake_resolver.hpp"

namespace oakley::ike {
namespace {

using test_support::FakeResolver;

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

config::Config load(const std::string& text) {
  auto c = config::load_string(text, "swanctl.conf");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : config::Config{};
}

std::string two_names(const std::string& remote) {
  return "connections {\n  a {\n    local_addrs = me.test\n    remote_addrs = " + remote +
         "\n  }\n  b {\n    remote_addrs = 192.0.2.7, %any\n  }\n}\n";
}

class HostNamesTest : public ::testing::Test {
 protected:
  TimerHeap timers;
  FakeResolver dns{timers};
  HostNames names{dns, timers};
};

TEST_F(HostNamesTest, AnswersLaterAndRemembers) {
  dns.set("peer.test", {ip("192.0.2.2"), ip("2001:db8::2")});
  std::optional<NameResolver::Addresses> got;
  names.resolve("peer.test", std::nullopt, [&](NameResolver::Addresses r) { got = std::move(r); });
  EXPECT_FALSE(got);  // never from inside resolve()
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.2")));
  timers.advance(Duration::zero());
  ASSERT_TRUE(got && got->ok());
  EXPECT_EQ(got->value().size(), 2u);
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.2")));
  EXPECT_TRUE(names.contains("peer.test", ip("2001:db8::2")));
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.3")));
  EXPECT_FALSE(names.contains("other.test", ip("192.0.2.2")));
  EXPECT_EQ(names.counters().lookups, 1u);
  EXPECT_EQ(names.describe("peer.test"), "DNS name peer.test resolved to 192.0.2.2, 2001:db8::2");
}

TEST_F(HostNamesTest, JoinsLookupsOfTheSameNameAndFamily) {
  dns.set("peer.test", {ip("192.0.2.2")});
  int answers = 0;
  auto count = [&](const NameResolver::Addresses& r) { answers += r.ok(); };
  names.resolve("peer.test", IpAddress::Family::kV4, count);
  names.resolve("peer.test", IpAddress::Family::kV4, count);
  names.resolve("peer.test", std::nullopt, count);  // another question
  timers.advance(Duration::zero());
  EXPECT_EQ(answers, 3);
  EXPECT_EQ(dns.questions.size(), 2u);
}

// An answer for one family replaces only that family's addresses: a peer that moved its IPv4
// address is no longer matched at the old one, its IPv6 address still is.
TEST_F(HostNamesTest, AnAnswerReplacesItsFamily) {
  dns.set("peer.test", {ip("192.0.2.2"), ip("2001:db8::2")});
  names.resolve("peer.test", std::nullopt, nullptr);
  timers.advance(Duration::zero());
  dns.set("peer.test", {ip("192.0.2.9"), ip("2001:db8::2")});
  names.resolve("peer.test", IpAddress::Family::kV4, nullptr);
  timers.advance(Duration::zero());
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.2")));
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.9")));
  EXPECT_TRUE(names.contains("peer.test", ip("2001:db8::2")));
}

// A DNS outage does not cut off a known peer; a name that never resolved matches nothing.
TEST_F(HostNamesTest, AFailedLookupKeepsTheLastAddresses) {
  dns.set("peer.test", {ip("192.0.2.2")});
  names.resolve("peer.test", std::nullopt, nullptr);
  timers.advance(Duration::zero());
  dns.remove("peer.test");
  std::optional<NameResolver::Addresses> got;
  names.resolve("peer.test", std::nullopt, [&](NameResolver::Addresses r) { got = std::move(r); });
  names.resolve("never.test", std::nullopt, nullptr);
  timers.advance(Duration::zero());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->error().message, "Name or service not known");
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.2")));
  EXPECT_FALSE(names.contains("never.test", ip("192.0.2.2")));
  EXPECT_EQ(names.counters().lookups, 3u);
  EXPECT_EQ(names.counters().lookup_failures, 2u);
  EXPECT_EQ(names.describe("peer.test"),
            "DNS name peer.test resolved to 192.0.2.2 (last lookup failed: Name or service not "
            "known)");
  EXPECT_EQ(names.describe("never.test"),
            "DNS name never.test has never resolved (last lookup failed: Name or service not "
            "known)");
  EXPECT_EQ(names.describe("unasked.test"), "DNS name unasked.test has not been resolved yet");
}

// watch(): every configured name at once, then again every refresh interval, so a responder
// follows a peer that moved without initiating; names that leave the configuration are dropped.
TEST_F(HostNamesTest, WatchResolvesTheConfiguredNamesAndRefreshes) {
  dns.set("me.test", {ip("192.0.2.1")});
  dns.set("peer.test", {ip("192.0.2.2")});
  auto config = load(two_names("peer.test, 198.51.100.0/24"));
  names.watch(config);
  EXPECT_EQ(names.watched(), 2u);
  timers.advance(Duration::zero());
  EXPECT_TRUE(names.contains("me.test", ip("192.0.2.1")));
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.2")));

  dns.set("peer.test", {ip("192.0.2.9")});
  timers.advance(HostNames::kRefreshInterval - std::chrono::seconds(1));
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.2")));  // not yet
  timers.advance(std::chrono::seconds(1));
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.2")));
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.9")));

  names.watch(load(two_names("other.test")));
  timers.advance(Duration::zero());
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.9")));
  EXPECT_EQ(names.watched(), 2u);  // me.test, other.test
  auto asked = dns.questions.size();
  names.watch(load(two_names("192.0.2.2")));
  for (int i = 0; i < 3; ++i)
    timers.advance(HostNames::kRefreshInterval);
  EXPECT_EQ(dns.questions.size(), asked + 1 + 3);  // me.test: at once and every interval
}

TEST_F(HostNamesTest, DescribesTheNamesOfAConnection) {
  dns.set("peer.test", {ip("192.0.2.2")});
  auto config = load(two_names("peer.test"));
  names.watch(config);
  timers.advance(Duration::zero());
  const auto& a = config.connections[0];
  EXPECT_EQ(describe_names(&names, a),
            (std::vector<std::string>{
                "info: DNS name me.test has never resolved (last lookup failed: Name or service "
                "not known)",
                "info: DNS name peer.test resolved to 192.0.2.2"}));
  EXPECT_EQ(describe_names(nullptr, a).front(), "error: DNS name me.test cannot be resolved here");
  EXPECT_TRUE(describe_names(&names, config.connections[1]).empty());
}

// An answer after the table is gone (daemon shutdown) is dropped, not delivered to freed memory.
TEST(HostNames, AnswerAfterDestructionIsDropped) {
  TimerHeap timers;
  FakeResolver dns{timers};
  bool called = false;
  {
    HostNames names{dns, timers};
    names.resolve("peer.test", std::nullopt,
                  [&](const NameResolver::Addresses&) { called = true; });
  }
  timers.advance(Duration::zero());
  EXPECT_EQ(dns.answered, 1u);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace oakley::ike
