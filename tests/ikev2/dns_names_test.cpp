// DNS names in remote_addrs/local_addrs between two IKEv2 engines: the initiator resolves the
// peer's name afresh (off the loop: the answer comes later) at every initiation and reconnect and
// follows it when it moves; a name that does not resolve fails the initiation with the name and the
// reason; a responder matches a connection by the addresses its names resolved to last.
#include <set>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

class DnsNames : public TwoEngines {
 protected:
  // Left initiates to "right.test"; the right side answers on 192.0.2.2 and 192.0.2.9 (where the
  // name moves to).
  void start_named(const std::string& left_child = "") {
    auto l = side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", left_child);
    left_text = replaced(l, "remote_addrs = 192.0.2.2", "remote_addrs = right.test");
    start(left_text, replaced(side_config(false), "local_addrs = 192.0.2.2",
                              "local_addrs = 192.0.2.2, 192.0.2.9"));
  }
  void reload_left(const std::string& text) {
    auto config = test_support::load_test_config(text, 0);
    ASSERT_TRUE(config.ok()) << config.error().message;
    left->engine->apply_config(*config);
    left->config = *config;  // the engine's SAs alone keep the old configuration alive now
  }
  std::string left_text;
  // Where the left side sent its datagrams from the `from`-th one on.
  std::set<IpAddress> left_sent_to(std::size_t from) const {
    std::set<IpAddress> out;
    for (std::size_t i = from; i < net.log.size(); ++i) {
      if (net.log[i].sender == 0) out.insert(net.log[i].to.address);
    }
    return out;
  }
  std::string diagnose(Peer& p) const {
    std::string out;
    for (const auto& line : p.engine->diagnose("t"))
      out += line + "\n";
    return out;
  }
};

TEST_F(DnsNames, InitiatesToWhatTheNameResolvesTo) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  // The lookup is under way: nothing is sent until its answer arrives (on a later loop turn).
  EXPECT_TRUE(net.queue.empty());
  ASSERT_EQ(dns.questions.size(), 1u);
  EXPECT_EQ(dns.questions[0].name, "right.test");
  EXPECT_EQ(dns.questions[0].family, IpAddress::Family::kV4);  // local_addrs is IPv4
  settle(2s);
  ASSERT_TRUE(done && *done) << (done ? done->error().message : "no completion");
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.2[500]");
  EXPECT_TRUE(log_contains("connection 't': right.test resolved to 192.0.2.2"));
}

TEST_F(DnsNames, UnresolvableNameFailsTheInitiationClearly) {
  start_named();
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  settle(2s);
  ASSERT_TRUE(done);
  ASSERT_FALSE(*done);
  const std::string why =
      "connection 't': unable to resolve remote_addrs 'right.test': Name or service not known";
  EXPECT_EQ(done->error().message, why);
  EXPECT_TRUE(log_contains(why + ", initiate aborted"));
  EXPECT_EQ(left->host_names->counters().initiate_failures, 1u);
  EXPECT_TRUE(net.log.empty());
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  auto d = diagnose(*left);
  EXPECT_NE(d.find("error: last attempt failed: " + why), std::string::npos) << d;
  EXPECT_NE(d.find("info: DNS name right.test has never resolved (last lookup failed: Name or "
                   "service not known)"),
            std::string::npos)
      << d;
}

// Every initiation asks again: after the name moved, the next one goes to the new address.
TEST_F(DnsNames, SecondInitiationFollowsTheNameToItsNewAddress) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(left_sent_to(0), std::set<IpAddress>{ip("192.0.2.2")});
  std::optional<Status> gone;
  ASSERT_TRUE(left->engine->terminate_connection("t", [&](const Status& s) { gone = s; }));
  settle(2s);
  ASSERT_EQ(left->engine->ike_sa_count(), 0u);

  dns.set("right.test", {ip("192.0.2.9")});
  auto mark = net.log.size();
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left_sent_to(mark), std::set<IpAddress>{ip("192.0.2.9")});
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.9[500]");
  EXPECT_EQ(dns.questions.size(), 2u);
}

// A reconnect (close_action = restart after the peer deleted the SA) resolves afresh too.
TEST_F(DnsNames, ReconnectResolvesAgain) {
  start_named("close_action = restart");
  dns.set("right.test", {ip("192.0.2.2")});
  ASSERT_TRUE(initiate_left());
  dns.set("right.test", {ip("192.0.2.9")});
  auto mark = net.log.size();
  std::optional<Status> gone;
  ASSERT_TRUE(right->engine->terminate_ike(right->sas()[0].id, [&](const Status& s) { gone = s; }));
  settle(5s);
  EXPECT_TRUE(log_contains("restarting CHILD_SA net (closed by peer)"));
  ASSERT_EQ(left->established(), 1u);
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.9[500]");
  EXPECT_TRUE(left_sent_to(mark).contains(ip("192.0.2.9")));
  EXPECT_EQ(dns.questions.size(), 2u);
}

// Two initiations while the name resolves make one IKE SA (one lookup, both completions).
TEST_F(DnsNames, InitiationsDuringTheLookupShareOneSa) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  int ok = 0;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { ok += s.ok(); }));
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { ok += s.ok(); }));
  settle(2s);
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(dns.questions.size(), 1u);
}

// A reload while the name resolves: the initiation starts over with the connection as it is
// now, so that no SA points into the old configuration (ASan would see it freed).
TEST_F(DnsNames, ReloadDuringTheLookupStartsOver) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  reload_left(left_text);
  settle(2s);
  ASSERT_TRUE(done && *done) << (done ? done->error().message : "no completion");
  EXPECT_EQ(dns.questions.size(), 2u);
  ASSERT_EQ(left->established(), 1u);
  EXPECT_EQ(left->sas()[0].connection, "t");

  ASSERT_TRUE(left->engine->terminate_connection("t", nullptr));
  settle(2s);
  done.reset();
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  reload_left(replaced(left_text, "  t {", "  renamed {"));
  settle(2s);
  ASSERT_TRUE(done && !*done);
  EXPECT_EQ(done->error().message, "no connection named 't'");
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
}

// The responder's remote_addrs names the initiator: it matches by the addresses the name last
// resolved to. Never resolved, the connection matches nothing (it is no %any).
TEST_F(DnsNames, ResponderMatchesByTheNamesLastAddresses) {
  start(side_config(true),
        replaced(side_config(false), "remote_addrs = 192.0.2.1", "remote_addrs = left.test"));
  dns.set("left.test", {ip("192.0.2.1")});
  auto st = initiate_left();
  EXPECT_FALSE(st);  // the right side has not resolved left.test yet
  EXPECT_EQ(right->established(), 0u);

  right->host_names->watch(*right->config);  // as the daemon does when it applies a config
  settle(1s);
  st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(right->established(), 1u);

  // The name moves away from the initiator: after the next refresh its SA_INIT finds nothing.
  dns.set("left.test", {ip("192.0.2.77")});
  settle(ike::HostNames::kRefreshInterval);
  EXPECT_FALSE(right->host_names->contains("left.test", ip("192.0.2.1")));
}

}  // namespace
}  // namespace oakley::ikev2::testing
