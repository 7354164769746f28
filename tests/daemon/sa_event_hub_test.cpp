// SaEventHub: SA events reach every `subscribe` client as JSON lines; a client that stops reading
// is dropped with a final "overflow" once its backlog passes the bound, and the number of
// subscribers is capped: a stuck or greedy oakctl cannot make the daemon queue without end.
#include "daemon/sa_event_hub.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace oakley::daemon {
namespace {

struct Client {
  std::vector<std::string> lines;
  std::size_t backlog = 0;
  control::ReplyPtr reply;
  Client() {
    reply = std::make_shared<control::Reply>(7, "subscribe", [this](std::string l, bool) {
      lines.push_back(std::move(l));
      return true;
    });
    reply->set_backlog_probe([this] { return backlog; });
  }
};

ike::SaEvent child_up() {
  ike::SaEvent e;
  e.kind = ike::SaEventKind::kChildUp;
  e.version = 2;
  e.connection = "site";
  e.ike_id = 3;
  e.local = {*IpAddress::parse("192.0.2.1"), 4500};
  e.remote = {*IpAddress::parse("192.0.2.2"), 4500};
  e.local_id = "left@example.test";
  e.child = "net";
  e.child_id = 5;
  e.reqid = 1;
  e.spi_in = 0xc1;
  e.spi_out = 0xc2;
  e.local_ts = {TrafficSelector::from_prefix(*IpAddress::parse("10.1.0.0"), 24)};
  e.dns = {*IpAddress::parse("10.0.0.53")};
  return e;
}

TEST(SaEventJson, CarriesTheTunnel) {
  auto j = sa_event_json(child_up());
  EXPECT_EQ(j["event"], "sa");
  EXPECT_EQ(j["kind"], "child_up");
  EXPECT_EQ(j["connection"], "site");
  EXPECT_EQ(j["child"], "net");
  EXPECT_EQ(j["spi_in"], "000000c1");
  EXPECT_EQ(j["local"], "192.0.2.1");
  EXPECT_EQ(j["local_port"], 4500);
  EXPECT_EQ(j["local_ts"][0], "10.1.0.0/24");
  EXPECT_EQ(j["dns"][0], "10.0.0.53");
  EXPECT_FALSE(j.contains("reason"));
  auto ike = child_up();
  ike.kind = ike::SaEventKind::kIkeDown;
  ike.reason = "peer dead";
  auto k = sa_event_json(ike);
  EXPECT_FALSE(k.contains("child"));
  EXPECT_EQ(k["reason"], "peer dead");
}

TEST(SaEventHub, FansOutToSubscribersAndListeners) {
  Client a, b;  // before the hub, which holds their replies
  SaEventHub hub;
  ASSERT_TRUE(hub.subscribe(a.reply));
  ASSERT_TRUE(hub.subscribe(b.reply));
  int heard = 0;
  hub.add_listener([&](const ike::SaEvent&) { ++heard; });
  hub.publish(child_up());
  EXPECT_EQ(heard, 1);
  ASSERT_EQ(a.lines.size(), 1u);
  ASSERT_EQ(b.lines.size(), 1u);
  EXPECT_NE(a.lines[0].find("\"kind\":\"child_up\""), std::string::npos);
  EXPECT_EQ(hub.subscribers(), 2u);
  a.reply->cancel();  // client gone
  hub.publish(child_up());
  EXPECT_EQ(a.lines.size(), 1u);
  EXPECT_EQ(b.lines.size(), 2u);
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(SaEventHub, ASlowReaderIsDroppedWithAnOverflowLine) {
  Client slow, fast;
  SaEventHub hub;
  ASSERT_TRUE(hub.subscribe(slow.reply));
  ASSERT_TRUE(hub.subscribe(fast.reply));
  hub.publish(child_up());
  slow.backlog = SaEventHub::kMaxBacklogBytes + 1;
  hub.publish(child_up());
  hub.publish(child_up());
  ASSERT_EQ(slow.lines.size(), 3u);
  EXPECT_NE(slow.lines[1].find("\"event\":\"overflow\""), std::string::npos);
  EXPECT_NE(slow.lines[2].find("\"ok\":false"), std::string::npos);
  EXPECT_FALSE(slow.reply->active());
  EXPECT_EQ(fast.lines.size(), 3u);
  EXPECT_EQ(hub.overflows(), 1u);
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(SaEventHub, SubscribersAreCapped) {
  std::vector<std::unique_ptr<Client>> clients;
  Client extra;
  SaEventHub hub;
  for (std::size_t i = 0; i < SaEventHub::kMaxSubscribers; ++i) {
    clients.push_back(std::make_unique<Client>());
    ASSERT_TRUE(hub.subscribe(clients.back()->reply));
  }
  EXPECT_FALSE(hub.subscribe(extra.reply));
  clients[0]->reply->cancel();  // one leaves: room again
  EXPECT_TRUE(hub.subscribe(extra.reply));
  hub.close_all();
  EXPECT_NE(extra.lines.back().find("\"ok\":true"), std::string::npos);
  EXPECT_EQ(hub.subscribers(), 0u);
}

}  // namespace
}  // namespace oakley::daemon
