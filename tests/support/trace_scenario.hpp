// Two negotiations at once with one gateway, for the log context tests of both IKE versions: the
// gateway (right, 192.0.2.2) has connection "a" for left (192.0.2.1) and "b" for a second peer
// (192.0.2.3); both peers initiate before anything is delivered, so the gateway's lines about the
// two interleave. Every log record of the run is kept with its context, as `oakctl trace` sees
// it, to check that a trace of one never shows the other's lines and that every line of a
// negotiation carries its SPIs.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log_context.hpp"
#include "common/log_filter.hpp"
#include "support/two_engines.hpp"

namespace oakley::test_support {

struct TraceConn {
  std::string name, me, peer, my_id, peer_id, my_net, peer_net;
};

// One connection of `version` with child "net" and the version's default proposals.
inline std::string trace_connection(int version, const TraceConn& c) {
  return fmt::format(
      R"(  {name} {{
    version = {version}
    local_addrs = {me}
    remote_addrs = {peer}
    proposals = {proposals}
    local {{
      auth = psk
      id = {my_id}
    }}
    remote {{
      auth = psk
      id = {peer_id}
    }}
    children {{
      net {{
        local_ts = {my_net}
        remote_ts = {peer_net}
        esp_proposals = {esp}
      }}
    }}
  }}
)",
      fmt::arg("name", c.name), fmt::arg("version", version), fmt::arg("me", c.me),
      fmt::arg("peer", c.peer),
      fmt::arg("proposals",
               version == 1 ? "aes128-sha256-modp2048" : "aes128gcm16-prfsha256-x25519"),
      fmt::arg("my_id", c.my_id), fmt::arg("peer_id", c.peer_id), fmt::arg("my_net", c.my_net),
      fmt::arg("peer_net", c.peer_net),
      fmt::arg("esp", version == 1 ? "aes128-sha256" : "aes128gcm16"));
}

inline std::string trace_secret(const std::string& name, const std::string& a,
                                const std::string& b) {
  return fmt::format(
      "  {} {{\n    id-a = {}\n    id-b = {}\n    secret = \"{}-psk-0123456789\"\n  }}\n", name, a,
      b, name);
}

struct TraceConfigs {
  std::string gateway, left, second;
};

inline TraceConfigs trace_configs(int version) {
  const TraceConn gw_a{
      "a",           "192.0.2.2",  "192.0.2.1", "right@example.test", "left@example.test",
      "10.2.0.0/24", "10.1.0.0/24"};
  const TraceConn gw_b{
      "b",           "192.0.2.2",  "192.0.2.3", "right@example.test", "dave@example.test",
      "10.2.0.0/24", "10.3.0.0/24"};
  const TraceConn left{
      "t",           "192.0.2.1",  "192.0.2.2", "left@example.test", "right@example.test",
      "10.1.0.0/24", "10.2.0.0/24"};
  const TraceConn dave{
      "t",           "192.0.2.3",  "192.0.2.2", "dave@example.test", "right@example.test",
      "10.3.0.0/24", "10.2.0.0/24"};
  auto secrets = [](const std::string& body) { return "secrets {\n" + body + "}\n"; };
  TraceConfigs out;
  out.gateway = "connections {\n" + trace_connection(version, gw_a) +
                trace_connection(version, gw_b) + "}\n" +
                secrets(trace_secret("ike-a", "left@example.test", "right@example.test") +
                        trace_secret("ike-b", "dave@example.test", "right@example.test"));
  out.left = "connections {\n" + trace_connection(version, left) + "}\n" +
             secrets(trace_secret("ike-a", "left@example.test", "right@example.test"));
  out.second = "connections {\n" + trace_connection(version, dave) + "}\n" +
               secrets(trace_secret("ike-b", "dave@example.test", "right@example.test"));
  return out;
}

// One log record, kept.
struct TracedLine {
  log::Level level;
  std::string text;
  std::optional<log::Context> context;
};

// The gateway's lines are those whose peer is one of its peers (the peers' own lines name the
// gateway as their peer).
inline bool from_gateway(const TracedLine& l) {
  return l.context && l.context->peer &&
         (*l.context->peer == *IpAddress::parse("192.0.2.1") ||
          *l.context->peer == *IpAddress::parse("192.0.2.3"));
}

// The context fixture: the gateway, left and the second peer ("dave"); `lines` holds every record
// logged while it lives.
template <class PeerT>
class TraceScenario : public TwoEnginesTest<PeerT> {
 protected:
  void SetUp() override {
    TwoEnginesTest<PeerT>::SetUp();
    record_sink_ = log::add_record_sink(
        [this](const log::Record& r) {
          lines.push_back({r.level, std::string(r.text),
                           r.context ? std::optional<log::Context>(*r.context) : std::nullopt});
        },
        log::Level::kDebug);
  }
  void TearDown() override {
    log::remove_sink(record_sink_);
    dave.reset();
    TwoEnginesTest<PeerT>::TearDown();
  }

  // Starts the three engines of `version` and brings both tunnels up at the same time.
  void run_both(int version) {
    auto configs = trace_configs(version);
    this->start(configs.left, configs.gateway);
    dave = std::make_unique<PeerT>(this->net, 2, *IpAddress::parse("192.0.2.3"), this->timers,
                                   configs.second);
    ASSERT_TRUE(dave->engine);
    lines.clear();  // from here on, only the two negotiations
    std::optional<Status> left_done, dave_done;
    ASSERT_TRUE(this->left->engine->initiate("t", "net", [&](const Status& s) { left_done = s; }));
    ASSERT_TRUE(dave->engine->initiate("t", "net", [&](const Status& s) { dave_done = s; }));
    this->settle(std::chrono::seconds(3));
    ASSERT_TRUE(left_done && *left_done) << this->logs_text();
    ASSERT_TRUE(dave_done && *dave_done) << this->logs_text();
    ASSERT_EQ(this->right->engine->ike_sa_count(), 2u);
  }

  // The gateway's IKE SA of connection `name`.
  ike::IkeSaInfo gateway_sa(const std::string& name) const {
    for (const auto& s : this->right->sas()) {
      if (s.connection == name) return s;
    }
    ADD_FAILURE() << "the gateway has no SA of connection " << name;
    return {};
  }

  std::vector<TracedLine> traced(const log::Filter& filter) const {
    std::vector<TracedLine> out;
    for (const auto& l : lines) {
      log::Record r{l.level, "ike", l.text, l.context ? &*l.context : nullptr};
      if (filter.matches(r)) out.push_back(l);
    }
    return out;
  }

  // Every line logged while the two negotiations ran, on all three engines, names its SA's
  // SPIs in its context and in its text; on the gateway, the SPIs of the right negotiation.
  void expect_every_line_carries_its_spis() const {
    auto a = gateway_sa("a"), b = gateway_sa("b");
    ASSERT_FALSE(lines.empty());
    for (const auto& l : lines) {
      ASSERT_TRUE(l.context && l.context->has_ike_spis()) << "a line without SPIs: " << l.text;
      const auto& c = *l.context;
      auto text = fmt::format("{:016x}_i {:016x}_r", c.spi_i, c.spi_r);
      EXPECT_NE(l.text.find(text), std::string::npos) << l.text;
      if (!from_gateway(l)) continue;
      const auto& sa = *c.peer == *IpAddress::parse("192.0.2.1") ? a : b;
      EXPECT_EQ(c.spi_i, sa.spi_i) << l.text;
      EXPECT_TRUE(c.spi_r == sa.spi_r || c.spi_r == 0) << l.text;  // 0: the first request's
    }
  }

  // A debug trace of left's address shows the gateway's lines about left only, all of them,
  // while the two negotiations' lines interleaved in the log.
  void expect_peer_trace_shows_one_negotiation() const {
    auto a = gateway_sa("a"), b = gateway_sa("b");
    log::Filter filter;
    filter.level = log::Level::kDebug;
    filter.peer = IpAddress::parse("192.0.2.1");
    auto shown = traced(filter);
    ASSERT_FALSE(shown.empty());
    bool debug = false, established = false;
    for (const auto& l : shown) {
      EXPECT_EQ(l.text.find(fmt::format("{:016x}", b.spi_i)), std::string::npos) << l.text;
      EXPECT_EQ(l.text.find(fmt::format("{:016x}", b.spi_r)), std::string::npos) << l.text;
      EXPECT_EQ(l.text.find("192.0.2.3"), std::string::npos) << l.text;
      EXPECT_EQ(l.text.find("<b|"), std::string::npos) << l.text;
      ASSERT_TRUE(l.context);
      EXPECT_EQ(l.context->spi_i, a.spi_i) << l.text;
      debug = debug || l.level == log::Level::kDebug;
      established = established || l.text.find("established") != std::string::npos;
    }
    EXPECT_TRUE(debug);
    EXPECT_TRUE(established);
    std::size_t about_a = 0, first_a = lines.size(), last_a = 0, first_b = lines.size(), last_b = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!from_gateway(lines[i])) continue;
      bool is_a = lines[i].context->spi_i == a.spi_i;
      about_a += is_a;
      auto& first = is_a ? first_a : first_b;
      auto& last = is_a ? last_a : last_b;
      first = std::min(first, i);
      last = std::max(last, i);
    }
    EXPECT_EQ(shown.size(), about_a);
    EXPECT_TRUE(first_a < last_b && first_b < last_a) << "the negotiations did not overlap";
  }

  // A trace of connection b (at info) shows b's lines and none of a's.
  void expect_connection_trace_shows_one_negotiation() const {
    auto a = gateway_sa("a"), b = gateway_sa("b");
    log::Filter filter;
    filter.level = log::Level::kInfo;
    filter.connection = "b";
    auto shown = traced(filter);
    ASSERT_FALSE(shown.empty());
    for (const auto& l : shown) {
      EXPECT_LE(static_cast<int>(l.level), static_cast<int>(log::Level::kInfo));
      EXPECT_NE(l.text.find(fmt::format("<b|{}>", b.id)), std::string::npos) << l.text;
      EXPECT_NE(l.text.find(fmt::format("{:016x}_i", b.spi_i)), std::string::npos) << l.text;
      EXPECT_EQ(l.text.find(fmt::format("{:016x}", a.spi_i)), std::string::npos) << l.text;
    }
  }

  // Every line that names a CHILD_SA by its id ("CHILD_SA net{3} established ...", rekeyed,
  // deleted) carries that child's SPIs, in its context and its text: both negotiations' children,
  // on the gateway and on the peers.
  void expect_child_lines_carry_their_spis() const {
    std::size_t named = 0, gateway = 0;
    for (const auto& l : lines) {
      if (l.text.find("CHILD_SA net{") == std::string::npos) continue;
      ++named;
      gateway += from_gateway(l);
      ASSERT_TRUE(l.context && l.context->has_child_spis()) << "no CHILD_SA SPIs: " << l.text;
      const auto& c = *l.context;
      EXPECT_NE(l.text.find(fmt::format("{:08x}_i {:08x}_o]", c.child_spi_in, c.child_spi_out)),
                std::string::npos)
          << l.text;
    }
    EXPECT_GE(named, 4u) << "both ends of both tunnels name their child";
    EXPECT_GE(gateway, 2u);
  }

  std::unique_ptr<PeerT> dave;
  std::vector<TracedLine> lines;
  int record_sink_ = 0;
};

}  // namespace oakley::test_support
