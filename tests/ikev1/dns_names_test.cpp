// DNS names in remote_addrs between two IKEv1 engines: Main Mode goes where the name resolves to
// now (asked afresh at every initiation), an unresolvable name fails the initiation with the name
// and the reason, a Phase 1 rekey keeps the peer it has, and a Main Mode responder (which picks
// its connection, and PSK, by address) matches a name by its last addresses.
#include <set>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
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
  void start_named() {
    left_text =
        replaced(side_config(true), "remote_addrs = 192.0.2.2", "remote_addrs = right.test");
    start(left_text, replaced(side_config(false), "local_addrs = 192.0.2.2",
                              "local_addrs = 192.0.2.2, 192.0.2.9"));
  }
  std::string left_text;
  std::set<IpAddress> left_sent_to(std::size_t from) const {
    std::set<IpAddress> out;
    for (std::size_t i = from; i < net.log.size(); ++i) {
      if (net.log[i].sender == 0) out.insert(net.log[i].to.address);
    }
    return out;
  }
};

TEST_F(DnsNames, MainModeGoesWhereTheNameResolvesEachTime) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  EXPECT_TRUE(net.queue.empty());  // waiting for the answer
  settle(2s);
  ASSERT_TRUE(done && *done) << (done ? done->error().message : "no completion") << logs_text();
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.2[500]");
  expect_mirrored_child(*left, *right);

  ASSERT_TRUE(left->engine->terminate_ike(left->sas()[0].id, nullptr));
  settle();
  dns.set("right.test", {ip("192.0.2.9")});
  auto mark = net.log.size();
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left_sent_to(mark), std::set<IpAddress>{ip("192.0.2.9")});
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.9[500]");
  EXPECT_EQ(dns.questions.size(), 2u);
}

TEST_F(DnsNames, UnresolvableNameFailsTheInitiationClearly) {
  start_named();
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  settle(2s);
  ASSERT_TRUE(done && !*done);
  const std::string why =
      "connection 't': unable to resolve remote_addrs 'right.test': Name or service not known";
  EXPECT_EQ(done->error().message, why);
  EXPECT_TRUE(log_contains(why + ", initiate aborted"));
  EXPECT_EQ(left->host_names->counters().initiate_failures, 1u);
  EXPECT_TRUE(net.log.empty());
  std::string d;
  for (const auto& line : left->engine->diagnose("t"))
    d += line + "\n";
  EXPECT_NE(d.find("error: last attempt failed: " + why), std::string::npos) << d;
}

// A reload while the name resolves: the initiation starts over with the connection as it is
// now, so that no SA points into the old configuration (ASan would see it freed).
TEST_F(DnsNames, ReloadDuringTheLookupStartsOver) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { done = s; }));
  auto config = test_support::load_test_config(left_text, 0);
  ASSERT_TRUE(config.ok()) << config.error().message;
  left->engine->apply_config(*config);
  left->config = *config;  // the engine's SAs alone keep the old configuration alive now
  settle(2s);
  ASSERT_TRUE(done && *done) << (done ? done->error().message : "no completion") << logs_text();
  EXPECT_EQ(dns.questions.size(), 2u);
  EXPECT_EQ(left->established(), 1u);
  expect_mirrored_child(*left, *right);
}

// IKEv1 replaces an ISAKMP SA with a new Main Mode: to the peer the SA has, without a lookup (a
// moved name is followed by the next initiation or reconnect).
TEST_F(DnsNames, Phase1RekeyKeepsItsPeer) {
  start_named();
  dns.set("right.test", {ip("192.0.2.2")});
  ASSERT_TRUE(initiate_left());
  dns.set("right.test", {ip("192.0.2.9")});
  auto mark = net.log.size();
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->rekey_ike(left->sas()[0].id, [&](const Status& s) { result = s; }));
  settle(5s);
  ASSERT_TRUE(result && *result) << logs_text();
  EXPECT_EQ(left_sent_to(mark), std::set<IpAddress>{ip("192.0.2.2")});
  EXPECT_EQ(dns.questions.size(), 1u);
}

// Main Mode's responder knows only addresses until MM5: a connection named by the initiator's
// name matches once that name resolved to the initiator's address, and not before.
TEST_F(DnsNames, MainModeResponderMatchesByTheNamesLastAddresses) {
  start(side_config(true),
        replaced(side_config(false), "remote_addrs = 192.0.2.1", "remote_addrs = left.test"));
  dns.set("left.test", {ip("192.0.2.1")});
  EXPECT_FALSE(initiate_left());
  EXPECT_EQ(right->established(), 0u);
  EXPECT_TRUE(log_contains("no IKEv1 connection matches 192.0.2.2 - 192.0.2.1 (Main Mode)"))
      << logs_text();

  (void)left->engine->terminate_connection("t", nullptr);  // stop retransmitting MM1
  settle(1s);
  right->host_names->watch(*right->config);
  settle(1s);
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << logs_text();
  EXPECT_EQ(right->established(), 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
