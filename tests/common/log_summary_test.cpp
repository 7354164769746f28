// EventSummary: per-event lines become one line per period with the count.
#include "common/log_summary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace oakley::log {
namespace {

class LogSummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_stderr(false);
    set_level(Level::kInfo);
    sink_ = add_sink([this](Level lv, std::string_view sub, std::string_view message) {
      if (sub == "test") lines_.push_back({lv, std::string(message)});
    });
  }
  void TearDown() override {
    remove_sink(sink_);
    set_stderr(true);
  }
  EventSummary::Now clock() {
    return [this] { return now_; };
  }
  void advance(std::chrono::milliseconds d) { now_ += d; }

  struct Line {
    Level level;
    std::string text;
  };
  std::vector<Line> lines_;
  EventSummary::Clock::time_point now_{std::chrono::hours(1000)};
  int sink_ = 0;
};

TEST_F(LogSummaryTest, FirstEventIsReportedAtOnceThenCountedPerPeriod) {
  EventSummary s(Level::kWarn, "test", "junk dropped", std::chrono::seconds(10), clock());
  s.record();
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].level, Level::kWarn);
  EXPECT_NE(lines_[0].text.find("junk dropped: 1"), std::string::npos) << lines_[0].text;
  for (int i = 0; i < 1000; ++i) {
    s.record();
    advance(std::chrono::milliseconds(5));
  }
  // 5 s in: nothing more yet, whatever the rate.
  EXPECT_EQ(lines_.size(), 1u);
  advance(std::chrono::seconds(6));
  s.record();
  ASSERT_EQ(lines_.size(), 2u);
  EXPECT_EQ(lines_[1].text, "junk dropped: 1001 in the last 11 s");
  EXPECT_EQ(s.total(), 1002u);
}

TEST_F(LogSummaryTest, BelowTheLevelNothingIsWrittenButEventsAreCounted) {
  EventSummary s(Level::kDebug, "test", "junk dropped", std::chrono::seconds(10), clock());
  for (int i = 0; i < 100; ++i)
    s.record();
  EXPECT_TRUE(lines_.empty());
  EXPECT_EQ(s.total(), 100u);
}

// The detail (which peer, why) is only built when a line is written.
TEST_F(LogSummaryTest, DetailIsTheLatestExampleAndOnlyBuiltWhenWritten) {
  EventSummary s(Level::kInfo, "test", "junk dropped", std::chrono::seconds(10), clock());
  int built = 0;
  auto detail = [&](int i) {
    return [&built, i] {
      ++built;
      return "from peer " + std::to_string(i);
    };
  };
  s.record_with(detail(1));
  for (int i = 2; i < 100; ++i)
    s.record_with(detail(i));
  advance(std::chrono::seconds(10));
  s.record_with(detail(100));
  EXPECT_EQ(built, 2);
  ASSERT_EQ(lines_.size(), 2u);
  EXPECT_NE(lines_[0].text.find("junk dropped: 1 "), std::string::npos) << lines_[0].text;
  EXPECT_NE(lines_[0].text.find("latest: from peer 1"), std::string::npos) << lines_[0].text;
  EXPECT_EQ(lines_[1].text, "junk dropped: 99 in the last 10 s; latest: from peer 100");
}

// A flood from many threads still writes one line per period.
TEST_F(LogSummaryTest, ConcurrentFloodWritesOneLine) {
  EventSummary s(Level::kInfo, "test", "junk dropped", std::chrono::seconds(3600));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i)
        s.record();
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(lines_.size(), 1u);
  EXPECT_EQ(s.total(), 80000u);
}

}  // namespace
}  // namespace oakley::log
