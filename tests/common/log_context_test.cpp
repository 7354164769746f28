// A log line's context: the SPIs it puts in the line's text, the thread's ContextScope, the
// per-sink verbosity that lets one trace get debug lines the log file does not get, and the
// filter `oakctl trace --connection/--peer` applies.
#include "common/log_context.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/log_filter.hpp"
#include "common/log_summary.hpp"

namespace oakley::log {
namespace {

Context sa_context(std::string connection, std::uint32_t id, const char* peer, std::uint64_t spi_i,
                   std::uint64_t spi_r) {
  Context c;
  c.connection = std::move(connection);
  c.sa_id = id;
  c.peer = IpAddress::parse(peer);
  c.spi_i = spi_i;
  c.spi_r = spi_r;
  return c;
}

struct Line {
  Level level;
  std::string text;
  std::optional<Context> context;
};

// Collects what one record sink gets; restores the log's state afterwards.
class LogContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_stderr(false);
    set_level(Level::kInfo);
  }
  void TearDown() override {
    for (int id : sinks_)
      remove_sink(id);
    set_stderr(true);
    set_level(Level::kInfo);
  }
  void collect(std::vector<Line>& into, Level verbosity = Level::kError) {
    sinks_.push_back(add_record_sink(
        [&into](const Record& r) {
          into.push_back({r.level, std::string(r.text),
                          r.context ? std::optional<Context>(*r.context) : std::nullopt});
        },
        verbosity));
  }
  std::vector<int> sinks_;
};

TEST(LogPrefix, NamesTheSaAndItsSpis) {
  auto c = sa_context("site-b", 3, "192.0.2.2", 0x1a2b3c4d5e6f7081, 0x9f8e7d6c5b4a3921);
  EXPECT_EQ(prefix(c), "<site-b|3> [1a2b3c4d5e6f7081_i 9f8e7d6c5b4a3921_r] ");
  c.child_spi_in = 0xc1a2b3c4;
  c.child_spi_out = 0x05d6e7f8;
  EXPECT_EQ(prefix(c), "<site-b|3> [1a2b3c4d5e6f7081_i 9f8e7d6c5b4a3921_r c1a2b3c4_i 05d6e7f8_o] ");
}

TEST(LogPrefix, PartialContexts) {
  EXPECT_EQ(prefix(Context{}), "");
  Context header;  // a datagram before its SA is known: the SPIs its header claims
  header.peer = IpAddress::parse("198.51.100.7");
  header.spi_i = 0x11;
  EXPECT_EQ(prefix(header), "[0000000000000011_i 0000000000000000_r] ");
  auto no_name = sa_context("", 4, "192.0.2.2", 0x22, 0);  // a responder's SA before IKE_AUTH
  EXPECT_EQ(prefix(no_name), "<?|4> [0000000000000022_i 0000000000000000_r] ");
  Context connection_only;
  connection_only.connection = "t";
  EXPECT_EQ(prefix(connection_only), "<t> ");
}

TEST_F(LogContextTest, ExplicitContextPrefixesTheTextAndReachesSinks) {
  std::vector<Line> lines;
  collect(lines);
  auto c = sa_context("t", 1, "192.0.2.2", 0xaa, 0xbb);
  write_context(&c, Level::kInfo, "ike", "IKE_SA t[1] established");
  info("ike", "no context");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "<t|1> [00000000000000aa_i 00000000000000bb_r] IKE_SA t[1] established");
  ASSERT_TRUE(lines[0].context);
  EXPECT_EQ(lines[0].context->connection, "t");
  EXPECT_EQ(lines[0].context->peer, IpAddress::parse("192.0.2.2"));
  EXPECT_EQ(lines[1].text, "no context");
  EXPECT_FALSE(lines[1].context);
}

TEST_F(LogContextTest, ScopesNestAndEndWithTheirBlock) {
  std::vector<Line> lines;
  collect(lines);
  {
    ContextScope outer(sa_context("", 0, "192.0.2.9", 0x1, 0));
    info("ike", "outer");
    {
      ContextScope inner(sa_context("t", 2, "192.0.2.9", 0x1, 0x2));
      info("ike", "inner");
      write_context(nullptr, Level::kInfo, "ike", "explicitly none");
    }
    info("ike", "outer again");
  }
  info("ike", "after");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].text, "[0000000000000001_i 0000000000000000_r] outer");
  EXPECT_EQ(lines[1].text, "<t|2> [0000000000000001_i 0000000000000002_r] inner");
  EXPECT_EQ(lines[2].text, "explicitly none");
  EXPECT_EQ(lines[3].text, "[0000000000000001_i 0000000000000000_r] outer again");
  EXPECT_EQ(lines[4].text, "after");
  EXPECT_EQ(current_context(), nullptr);
}

TEST_F(LogContextTest, ScopeIsPerThread) {
  std::vector<Line> lines;
  collect(lines);
  ContextScope mine(sa_context("t", 1, "192.0.2.2", 0x1, 0x2));
  std::thread([] { info("net", "other thread"); }).join();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "other thread");
}

TEST_F(LogContextTest, SetReplacesTheScopesContext) {
  std::vector<Line> lines;
  collect(lines);
  ContextScope scope(sa_context("", 0, "192.0.2.2", 0x1, 0));
  scope.set(sa_context("t", 5, "192.0.2.2", 0x1, 0x2));
  info("ike", "now the SA's");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "<t|5> [0000000000000001_i 0000000000000002_r] now the SA's");
}

// A sink may ask for more than the daemon's level: those lines are produced for it alone.
TEST_F(LogContextTest, VerboseSinkGetsDebugOthersKeepTheDaemonsLevel) {
  std::vector<Line> plain, verbose;
  collect(plain);
  EXPECT_FALSE(enabled(Level::kDebug));
  collect(verbose, Level::kDebug);
  EXPECT_TRUE(enabled(Level::kDebug));
  EXPECT_FALSE(enabled(Level::kTrace));
  EXPECT_EQ(level(), Level::kInfo);  // the daemon's level is untouched
  debug("ike", "detail");
  info("ike", "event");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].text, "event");
  ASSERT_EQ(verbose.size(), 2u);
  EXPECT_EQ(verbose[0].text, "detail");
  // Once the verbose sink is gone, debug lines are not even formatted any more.
  remove_sink(sinks_.back());
  sinks_.pop_back();
  EXPECT_FALSE(enabled(Level::kDebug));
  EXPECT_EQ(verbosity(), Level::kInfo);
}

TEST_F(LogContextTest, DaemonLevelAboveASinksVerbosityStillReachesIt) {
  std::vector<Line> lines;
  collect(lines, Level::kWarn);
  set_level(Level::kDebug);
  debug("ike", "detail");
  ASSERT_EQ(lines.size(), 1u);  // a sink sees at least what the log file gets
}

// A summary counts many senders' datagrams: it is not the line of the one that wrote it.
TEST_F(LogContextTest, SummariesCarryNoContext) {
  std::vector<Line> lines;
  collect(lines);
  ContextScope scope(sa_context("", 0, "198.51.100.7", 0x1, 0));
  EventSummary drops(Level::kInfo, "ike", "invalid messages dropped");
  drops.record();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].text.starts_with("invalid messages dropped: 1")) << lines[0].text;
  EXPECT_FALSE(lines[0].context);
}

Record record(Level level, const Context* context) {
  return Record{level, "ike", "text", context};
}

TEST(LogFilter, LevelAlone) {
  Filter f;
  f.level = Level::kInfo;
  EXPECT_TRUE(f.matches(record(Level::kWarn, nullptr)));
  EXPECT_TRUE(f.matches(record(Level::kInfo, nullptr)));
  EXPECT_FALSE(f.matches(record(Level::kDebug, nullptr)));
}

TEST(LogFilter, PeerAndConnectionSelectTraffic) {
  auto a = sa_context("a", 1, "192.0.2.1", 0x1, 0x2);
  auto b = sa_context("b", 2, "192.0.2.3", 0x3, 0x4);
  Context a_header;  // a datagram from a's address before any SA
  a_header.peer = IpAddress::parse("192.0.2.1");
  Filter peer;
  peer.level = Level::kDebug;
  peer.peer = IpAddress::parse("192.0.2.1");
  EXPECT_TRUE(peer.matches(record(Level::kDebug, &a)));
  EXPECT_TRUE(peer.matches(record(Level::kDebug, &a_header)));
  EXPECT_FALSE(peer.matches(record(Level::kInfo, &b)));
  EXPECT_FALSE(peer.matches(record(Level::kError, nullptr)));  // nobody's traffic
  EXPECT_FALSE(peer.matches(record(Level::kTrace, &a)));

  Filter connection;
  connection.level = Level::kInfo;
  connection.connection = "b";
  EXPECT_TRUE(connection.matches(record(Level::kInfo, &b)));
  EXPECT_FALSE(connection.matches(record(Level::kInfo, &a)));
  EXPECT_FALSE(connection.matches(record(Level::kInfo, &a_header)));

  Filter both = connection;
  both.peer = IpAddress::parse("192.0.2.1");  // b's connection from a's address: nothing
  EXPECT_FALSE(both.matches(record(Level::kInfo, &b)));
  EXPECT_FALSE(both.matches(record(Level::kInfo, &a)));
  both.peer = IpAddress::parse("192.0.2.3");
  EXPECT_TRUE(both.matches(record(Level::kInfo, &b)));
}

TEST(LogFilter, PeerComparesAddressesNotText) {
  auto v6 = sa_context("six", 1, "2001:db8::1", 0x1, 0x2);
  Filter f;
  f.peer = IpAddress::parse("2001:0db8:0:0::1");
  EXPECT_TRUE(f.matches(record(Level::kInfo, &v6)));
  f.peer = IpAddress::parse("2001:db8::2");
  EXPECT_FALSE(f.matches(record(Level::kInfo, &v6)));
}

}  // namespace
}  // namespace oakley::log
