#include "control/reply.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace oakley::control {
namespace {

struct Collected {
  std::vector<std::pair<Json, bool>> lines;
  bool client_there = true;
  Reply::LineSink sink() {
    return [this](std::string line, bool final) {
      lines.emplace_back(Json::parse(line), final);
      return client_there;
    };
  }
};

TEST(Reply, EventsThenOneFinalAnswer) {
  Collected c;
  Reply reply(5, "initiate", c.sink());
  reply.log(log::Level::kInfo, "ike", "sending IKE_SA_INIT");
  reply.ok({{"message", "up"}});
  reply.fail("too late");  // ignored: already answered
  reply.log(log::Level::kInfo, "ike", "ignored too");
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].first["event"], "log");
  EXPECT_EQ(c.lines[0].first["id"], 5);
  EXPECT_FALSE(c.lines[0].second);
  EXPECT_EQ(c.lines[1].first["ok"], true);
  EXPECT_EQ(c.lines[1].first["result"]["message"], "up");
  EXPECT_TRUE(c.lines[1].second);
  EXPECT_FALSE(reply.active());
  EXPECT_FALSE(reply.cancelled());
}

// A long-lived stream (subscribe, trace) drops a client that lags too far behind instead of
// queueing for it without end.
TEST(Reply, StreamEndsWithOverflowBeyondTheBacklogBound) {
  Collected c;
  std::size_t backlog = 0;
  Reply reply(3, "trace", c.sink());
  reply.set_backlog_probe([&] { return backlog; });
  EXPECT_TRUE(reply.stream({{"event", "log"}, {"message", "one"}}, 1024));
  backlog = 1024;  // at the bound: still fine
  EXPECT_TRUE(reply.stream({{"event", "log"}, {"message", "two"}}, 1024));
  backlog = 1025;
  EXPECT_FALSE(reply.stream({{"event", "log"}, {"message", "three"}}, 1024));
  EXPECT_FALSE(reply.active());
  ASSERT_EQ(c.lines.size(), 4u);
  EXPECT_EQ(c.lines[1].first["message"], "two");
  EXPECT_EQ(c.lines[2].first["event"], "overflow");
  EXPECT_EQ(c.lines[3].first["ok"], false);
  EXPECT_NE(c.lines[3].first["error"].get<std::string>().find("over 1 KiB"), std::string::npos);
  EXPECT_TRUE(reply.stream({{"event", "log"}}, 1024));  // answered: nothing more is sent
  EXPECT_EQ(c.lines.size(), 4u);
}

TEST(Reply, DroppedUnansweredSendsInternalError) {
  Collected c;
  bool closed = false;
  {
    Reply reply(1, "stats", c.sink());
    reply.on_close([&] { closed = true; });
  }
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].first["ok"], false);
  EXPECT_NE(c.lines[0].first["error"].get<std::string>().find("stats"), std::string::npos);
  EXPECT_TRUE(closed);
}

TEST(Reply, CancelRunsHooksOnceAndSilencesTheReply) {
  Collected c;
  auto reply = std::make_shared<Reply>(1, "trace", c.sink());
  int cancels = 0, closes = 0;
  reply->on_cancel([&] { ++cancels; });
  reply->on_close([&] { ++closes; });
  reply->cancel();
  reply->cancel();
  reply->ok();
  EXPECT_EQ(cancels, 1);
  EXPECT_EQ(closes, 1);
  EXPECT_TRUE(reply->cancelled());
  EXPECT_TRUE(c.lines.empty());
  bool late = false;
  reply->on_cancel([&] { late = true; });  // registered after the fact: runs at once
  EXPECT_TRUE(late);
}

TEST(Reply, ClientGoneDuringEventCancels) {
  Collected c;
  c.client_there = false;
  Reply reply(1, "trace", c.sink());
  bool cancelled = false;
  reply.on_cancel([&] { cancelled = true; });
  reply.log(log::Level::kInfo, "ike", "x");
  EXPECT_TRUE(cancelled);
  EXPECT_FALSE(reply.active());
}

TEST(Reply, HookMayDropTheLastReference) {
  Collected c;
  auto reply = std::make_shared<Reply>(1, "initiate", c.sink());
  std::shared_ptr<Reply> holder = reply;
  reply->on_close([&holder] { holder.reset(); });
  Reply* raw = reply.get();
  reply.reset();
  raw->ok();  // the hook destroys the reply from inside ok(): must not touch it afterwards
  EXPECT_EQ(holder, nullptr);
  EXPECT_EQ(c.lines.size(), 1u);
}

}  // namespace
}  // namespace oakley::control
