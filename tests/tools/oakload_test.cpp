// oakload without a network: the command line, the configuration it generates (read back by the
// real loader), the summary's figures, and the IKE_SA_INIT template the flooder sends.
#include <gtest/gtest.h>

#include "common/timer_service.hpp"
#include "tools/oakload/init_template.hpp"
#include "tools/oakload/load_config.hpp"
#include "tools/oakload/options.hpp"
#include "tools/oakload/tally.hpp"
#include "wire/ikev2/header.hpp"

namespace oakley::oakload {
namespace {

ParsedOptions parse(std::vector<std::string> extra) {
  std::vector<std::string> args = {"--remote", "192.0.2.2", "--psk", "secret-0123"};
  args.insert(args.end(), extra.begin(), extra.end());
  return parse_options(args);
}

LoadOptions parsed(std::vector<std::string> extra) {
  auto p = parse(std::move(extra));
  EXPECT_TRUE(p.options) << p.output;
  return p.options.value_or(LoadOptions{});
}

TEST(OakloadOptions, DefaultsAndRequiredOptions) {
  auto o = parsed({});
  EXPECT_EQ(o.remote, *IpAddress::parse("192.0.2.2"));
  EXPECT_EQ(o.count, 1u);
  EXPECT_EQ(o.concurrency, 10u);
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.proposals, "aes128-sha256-x25519");
  EXPECT_FALSE(o.json);
  EXPECT_EQ(identity_of(o, 0), "c1@load.test");

  auto missing = parse_options({"--remote", "192.0.2.2"});
  EXPECT_FALSE(missing.options);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("--psk"), std::string::npos);
}

TEST(OakloadOptions, ReadsTheLoadShape) {
  auto o = parsed({"-n", "1000", "-c", "100", "--id-domain", "x.test", "--first-index", "7",
                   "--source", "192.0.2.1", "--source", "192.0.2.3", "--ts-pool", "10.128.0.0/9",
                   "--rekey-ike", "--delete", "--json", "--flood-rate", "500"});
  EXPECT_EQ(o.count, 1000u);
  EXPECT_EQ(o.concurrency, 100u);
  EXPECT_EQ(identity_of(o, 0), "c7@x.test");
  ASSERT_EQ(o.sources.size(), 2u);
  ASSERT_TRUE(o.ts_pool);
  EXPECT_EQ(o.ts_pool->to_string(), "10.128.0.0/9");
  EXPECT_TRUE(o.rekey_ike);
  EXPECT_FALSE(o.rekey_child);
  EXPECT_TRUE(o.delete_after);
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.flood_rate, 500);
}

TEST(OakloadOptions, RefusesWhatCannotWork) {
  for (std::vector<std::string> bad : {
           std::vector<std::string>{"--source", "2001:db8::1"},  // not --remote's family
           {"--psk", "has\"quote"},                              // would end the config value
           {"--ts-pool", "10.0.0.0"},                            // not a prefix
           {"--count", "0"},
           {"--port", "600", "--natt-port", "600"},
           {"--log-level", "loud"},
       }) {
    auto p = parse(bad);
    EXPECT_FALSE(p.options) << bad.front();
    EXPECT_EQ(p.exit_code, 2) << bad.front();
  }
}

TEST(OakloadConfig, GeneratedTextLoadsWithOneConnectionPerSource) {
  auto o = parsed({"--source", "192.0.2.1", "--source", "192.0.2.3", "--remote-id",
                   "responder@load.test", "--remote-ts", "10.2.0.0/24"});
  auto config = build_config(o, {40500, 44500});
  ASSERT_TRUE(config) << config.error().message << "\n" << config_text(o, {40500, 44500});
  const auto& c = **config;
  EXPECT_EQ(c.daemon.port, 40500);
  EXPECT_EQ(c.daemon.port_nat_t, 44500);
  ASSERT_EQ(c.connections.size(), 2u);
  EXPECT_EQ(c.connections[0].name, "oakload-1");
  EXPECT_EQ(c.connections[1].local_addrs.front().start, *IpAddress::parse("192.0.2.3"));
  ASSERT_NE(c.connections[0].find_child(kChildName), nullptr);
  EXPECT_EQ(c.connections[0].find_child(kChildName)->remote_ts.front().to_string(), "10.2.0.0/24");
  EXPECT_EQ(c.connections[0].remote.front().id.to_string(), "responder@load.test");
  ASSERT_EQ(c.secrets.size(), 1u);
}

TEST(OakloadConfig, BadProposalIsReportedWithTheLoadersWords) {
  auto o = parsed({"--proposals", "aes128-nonsense-x25519"});
  auto config = build_config(o, {500, 4500});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("nonsense"), std::string::npos) << config.error().message;
}

TEST(OakloadTally, PercentilesByNearestRank) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i)
    v.push_back(i);
  EXPECT_EQ(percentile(v, 0.5), 50);
  EXPECT_EQ(percentile(v, 0.9), 90);
  EXPECT_EQ(percentile(v, 0.99), 99);
  EXPECT_EQ(percentile(v, 1.0), 100);
  std::vector<double> none;
  EXPECT_EQ(percentile(none, 0.5), 0);
  std::vector<double> one = {7};
  EXPECT_EQ(percentile(one, 0.99), 7);
}

TEST(OakloadTally, SummaryCountsRatesAndReasons) {
  Tally t;
  t.count = 4;
  t.concurrency = 2;
  t.started = t.finished = 4;
  t.established = 3;
  t.failed = 1;
  t.fail("establishing: peer answered AUTHENTICATION_FAILED");
  t.latency_ms = {10, 20, 30};
  t.establish_s = 1.5;
  auto j = summary_json(t);
  EXPECT_EQ(j["established"], 3);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_EQ(j["failures"]["establishing: peer answered AUTHENTICATION_FAILED"], 1);
  EXPECT_DOUBLE_EQ(j["sas_per_second"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["latency_ms"]["p50"].get<double>(), 20);
  EXPECT_FALSE(t.all_good());
  EXPECT_NE(summary_text(t).find("3 of 4 IKE SAs established (1 failed)"), std::string::npos);
}

class ManualTimers final : public TimerService {
 public:
  TimePoint now() const override { return TimePoint{}; }
  TimerId schedule(Duration, std::function<void()>) override { return ++last_; }
  void cancel(TimerId) override {}

 private:
  TimerId last_ = 0;
};

TEST(OakloadFlood, TemplateIsARealIkeSaInitRequest) {
  auto o = parsed({"--source", "192.0.2.1"});
  auto config = build_config(o, {500, 4500});
  ASSERT_TRUE(config) << config.error().message;
  ManualTimers timers;
  auto message = capture_ike_sa_init(*config, (*config)->connections.front(),
                                     {o.remote, o.remote_port}, timers);
  ASSERT_TRUE(message) << message.error().message;
  auto header = wire::ikev2::peek_header(*message);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->exchange_type, wire::ikev2::ExchangeType::kIkeSaInit);
  EXPECT_EQ(header->responder_spi, 0u);
  EXPECT_TRUE(header->initiator());
  EXPECT_EQ(header->message_id, 0u);

  randomize_initiator_spi(*message, 0x0102030405060708);
  EXPECT_EQ(wire::ikev2::peek_header(*message)->initiator_spi, 0x0102030405060708u);
}

}  // namespace
}  // namespace oakley::oakload
