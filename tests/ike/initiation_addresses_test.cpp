// Where an initiator goes: literal addresses at once, DNS names resolved afresh each time, in the
// family the connection implies, the first address with a route; a name that does not resolve is
// an error that says which name and why.
#include "ike/initiation_addresses.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "config/config.hpp"
#include "support/fake_resolver.hpp"

namespace oakley::ike {
namespace {

using test_support::FakeResolver;

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

// Routes to some addresses only; the source is always 192.0.2.1 or 2001:db8::1.
class RoutedSender final : public PacketSender {
 public:
  void send(const Endpoint&, const Endpoint&, ByteView) override {}
  void send_keepalive(const Endpoint&, const Endpoint&) override {}
  std::optional<IpAddress> source_for(const IpAddress& remote) override {
    if (unroutable.contains(remote)) return std::nullopt;
    return remote.is_v4() ? ip("192.0.2.1") : ip("2001:db8::1");
  }
  std::set<IpAddress> unroutable;
};

class InitiationAddressesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = log::add_sink(
        [this](log::Level, std::string_view, std::string_view msg) { logs.emplace_back(msg); });
  }
  void TearDown() override { log::remove_sink(sink_); }

  // Resolves connection "c" with `keys`; the result once every answer arrived.
  std::optional<Result<InitiationAddresses>> run(const std::string& keys,
                                                 bool* inline_answer = nullptr) {
    auto c = config::load_string("connections {\n  c {\n" + keys + "\n  }\n}\n", "swanctl.conf");
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    if (!c) return std::nullopt;
    std::optional<Result<InitiationAddresses>> out;
    resolve_initiation_addresses(&names, sender, c->connections.at(0),
                                 [&](Result<InitiationAddresses> r) { out = std::move(r); });
    if (inline_answer) *inline_answer = out.has_value();
    timers.advance(Duration::zero());
    return out;
  }

  TimerHeap timers;
  FakeResolver dns{timers};
  HostNames names{dns, timers};
  RoutedSender sender;
  std::vector<std::string> logs;
  int sink_ = 0;
};

TEST_F(InitiationAddressesTest, LiteralAddressesAnswerAtOnce) {
  bool at_once = false;
  auto r = run("local_addrs = 192.0.2.1\n remote_addrs = 10.0.0.0/8, 192.0.2.2", &at_once);
  EXPECT_TRUE(at_once);
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ((*r)->remote, ip("192.0.2.2"));
  EXPECT_EQ((*r)->local, ip("192.0.2.1"));
  EXPECT_TRUE(dns.questions.empty());
  r = run("remote_addrs = 192.0.2.2");
  EXPECT_FALSE((*r)->local);  // the route decides
}

TEST_F(InitiationAddressesTest, NamesResolveEveryTimeAndLater) {
  dns.set("peer.test", {ip("192.0.2.2")});
  bool at_once = true;
  auto r = run("remote_addrs = peer.test", &at_once);
  EXPECT_FALSE(at_once);
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ((*r)->remote, ip("192.0.2.2"));
  EXPECT_FALSE((*r)->local);
  dns.set("peer.test", {ip("192.0.2.9")});  // the peer moved
  r = run("remote_addrs = peer.test");
  EXPECT_EQ((*r)->remote, ip("192.0.2.9"));
  EXPECT_EQ(dns.questions.size(), 2u);
  EXPECT_TRUE(names.contains("peer.test", ip("192.0.2.9")));  // responders see it too
  EXPECT_FALSE(names.contains("peer.test", ip("192.0.2.2")));
}

TEST_F(InitiationAddressesTest, UnresolvableNameIsAClearError) {
  auto r = run("remote_addrs = gone.test");
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error().message,
            "connection 'c': unable to resolve remote_addrs 'gone.test': Name or service not "
            "known");
  EXPECT_EQ(names.counters().initiate_failures, 1u);
  bool logged = false;
  for (const auto& l : logs)
    logged |= l ==
              "connection 'c': unable to resolve remote_addrs 'gone.test': Name or service "
              "not known, initiate aborted";
  EXPECT_TRUE(logged);
}

// As charon: a name that does not resolve gives way to the next name or address.
TEST_F(InitiationAddressesTest, NextCandidateWhenANameFails) {
  dns.set("backup.test", {ip("198.51.100.2")});
  auto r = run("remote_addrs = gone.test, 10.0.0.0/8, backup.test");
  EXPECT_EQ((*r)->remote, ip("198.51.100.2"));
  r = run("remote_addrs = gone.test, 192.0.2.5");
  EXPECT_EQ((*r)->remote, ip("192.0.2.5"));
  EXPECT_EQ(names.counters().initiate_failures, 0u);
  r = run("remote_addrs = gone.test, other.test");
  EXPECT_EQ(r->error().message,
            "connection 'c': unable to resolve remote_addrs 'gone.test': Name or service not "
            "known; remote_addrs 'other.test': Name or service not known");
}

TEST_F(InitiationAddressesTest, FamilyFollowsTheConnection) {
  dns.set("peer.test", {ip("2001:db8::2"), ip("192.0.2.2")});
  auto r = run("remote_addrs = peer.test");  // either family: the resolver's first
  EXPECT_EQ((*r)->remote, ip("2001:db8::2"));
  EXPECT_FALSE(dns.questions.back().family);
  r = run("local_addrs = 192.0.2.1\n remote_addrs = peer.test");
  EXPECT_EQ((*r)->remote, ip("192.0.2.2"));
  EXPECT_EQ(dns.questions.back().family, IpAddress::Family::kV4);
  r = run("local_addrs = %any4\n remote_addrs = peer.test");
  EXPECT_EQ((*r)->remote, ip("192.0.2.2"));
  r = run("remote_addrs = peer.test, %any6");
  EXPECT_EQ((*r)->remote, ip("2001:db8::2"));
  EXPECT_EQ(dns.questions.back().family, IpAddress::Family::kV6);
  dns.set("v4only.test", {ip("192.0.2.3")});
  r = run("local_addrs = 2001:db8::1\n remote_addrs = v4only.test");
  EXPECT_EQ(r->error().message,
            "connection 'c': unable to resolve remote_addrs 'v4only.test': No address associated "
            "with hostname");
}

TEST_F(InitiationAddressesTest, PrefersAnAddressWithARoute) {
  dns.set("peer.test", {ip("2001:db8::2"), ip("192.0.2.2")});
  sender.unroutable.insert(ip("2001:db8::2"));
  auto r = run("remote_addrs = peer.test");
  EXPECT_EQ((*r)->remote, ip("192.0.2.2"));
  sender.unroutable.insert(ip("192.0.2.2"));
  r = run("remote_addrs = peer.test");  // no route to any: the first
  EXPECT_EQ((*r)->remote, ip("2001:db8::2"));
}

TEST_F(InitiationAddressesTest, LocalNameInThePeersFamily) {
  dns.set("me.test", {ip("2001:db8::1"), ip("192.0.2.1")});
  auto r = run("local_addrs = me.test\n remote_addrs = 192.0.2.2");
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ((*r)->local, ip("192.0.2.1"));
  EXPECT_EQ(dns.questions.back().family, IpAddress::Family::kV4);
  r = run("local_addrs = nobody.test\n remote_addrs = 192.0.2.2");
  EXPECT_EQ(r->error().message,
            "connection 'c': unable to resolve local_addrs 'nobody.test': Name or service not "
            "known");
}

TEST_F(InitiationAddressesTest, WithoutResolverNamesAreAnError) {
  auto c = config::load_string("connections {\n  c {\n remote_addrs = peer.test\n }\n}\n", "x");
  ASSERT_TRUE(c.ok());
  std::optional<Result<InitiationAddresses>> out;
  resolve_initiation_addresses(nullptr, sender, c->connections[0],
                               [&](Result<InitiationAddresses> r) { out = std::move(r); });
  ASSERT_TRUE(out);
  EXPECT_EQ(out->error().message,
            "connection 'c' names a peer by DNS name, and nothing resolves names here");
  auto none = config::load_string("connections {\n  c {\n remote_addrs = %any\n }\n}\n", "x");
  resolve_initiation_addresses(&names, sender, none->connections[0],
                               [&](Result<InitiationAddresses> r) { out = std::move(r); });
  EXPECT_EQ(out->error().message,
            "connection 'c' cannot be initiated: remote_addrs names no single host");
}

}  // namespace
}  // namespace oakley::ike
