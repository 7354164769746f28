// The two-engine harness the IKEv1 and IKEv2 tests share: two engines of one version in one
// process, joined by FakeNet, with one hand-driven clock (a TimerHeap), inline crypto work and
// RecordingBackend data planes, so exchanges run deterministically and fast. The engines differ
// only in type: tests/ikev1/two_engines.hpp and tests/ikev2/two_engines.hpp name the instances
// (Peer, TwoEngines) and add what only one version needs.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "common/timer_heap.hpp"
#include "common/timer_service.hpp"
#include "credentials/loaded_config.hpp"
#include "ike/host_names.hpp"
#include "ike/key_log.hpp"
#include "ike/reqid_allocator.hpp"
#include "ike/sa_events.hpp"
#include "ike/sa_ids.hpp"
#include "ike/sa_info.hpp"
#include "support/counting_timer_heap.hpp"
#include "support/fake_network.hpp"
#include "support/fake_resolver.hpp"
#include "support/recording_backend.hpp"
#include "support/test_config.hpp"
#include "support/tracking_work_pool.hpp"

namespace oakley::test_support {

// One side: its configuration, data-plane double, reqids, inline crypto work and engine. The
// engine receives from `net` from construction until destruction.
template <class EngineT, class DepsT, class OptionsT>
struct EnginePeer {
 private:
  FakeNet& net_;
  int side_;
  std::uint64_t attachment_ = 0;

 public:
  using Engine = EngineT;
  using Options = OptionsT;

  // `skip_spis`: SPIs the data plane hands out and forgets before the engine starts, so that two
  // sides' (deterministic) SPIs differ where a test needs them to.
  // `fetcher`: revocation data (OCSP, CRLs) for a configuration loaded from a folder ("@path").
  // `resolver`: DNS for the side's host_names (nullptr: names do not resolve).
  EnginePeer(FakeNet& net, int side, IpAddress addr, TimerHeap& timers, const std::string& text,
             OptionsT options = {}, int skip_spis = 0,
             std::shared_ptr<credentials::RevocationFetcher> fetcher = nullptr,
             NameResolver* resolver = nullptr)
      : net_(net), side_(side), address(addr), sender(net, side, addr) {
    auto loaded = load_test_config(text, side, std::move(fetcher));
    if (!loaded) {
      ADD_FAILURE() << "config: " << loaded.error().message;
      return;
    }
    config = *loaded;
    for (int i = 0; i < skip_spis; ++i)
      (void)backend.allocate_spi();
    backend.clear_log();
    if (resolver) host_names = std::make_unique<ike::HostNames>(*resolver, timers);
    engine = std::make_unique<EngineT>(
        DepsT{timers, work, sender, backend, reqids, ids, &key_log,
              [this](const ike::SaEvent& e) { events.push_back(e); }, host_names.get()},
        config, options);
    attachment_ = net.attach(side, addr,
                             [this](ByteView data, const Endpoint& local, const Endpoint& remote) {
                               engine->on_packet(data, local, remote);
                             });
  }
  ~EnginePeer() { net_.detach(side_, attachment_); }
  EnginePeer(const EnginePeer&) = delete;
  EnginePeer& operator=(const EnginePeer&) = delete;

  IpAddress address;
  std::shared_ptr<const credentials::LoadedConfig> config;
  dataplane::RecordingBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;       // this side's operator ids (the daemon shares one between its engines)
  ike::KeyLog key_log;  // off unless a test turns it on
  std::vector<ike::SaEvent> events;  // what the engine reported (oakctl monitor, updown)
  // The kinds of `events`, "ike_up child_up ...", for compact assertions.
  std::string event_kinds() const {
    std::string out;
    for (const auto& e : events)
      out += (out.empty() ? "" : " ") + std::string(ike::sa_event_kind_name(e.kind));
    return out;
  }
  // Runs jobs inline, and counts them: tests prove what ran on a worker and what on the loop.
  TrackingWorkPool work;
  FakeSender sender;
  std::unique_ptr<ike::HostNames> host_names;  // what the daemon's Engines would watch()
  std::unique_ptr<EngineT> engine;

  std::vector<ike::IkeSaInfo> sas() const { return engine->list_sas(); }
  std::size_t established() const {
    std::size_t n = 0;
    for (const auto& s : engine->list_sas())
      n += s.state == "ESTABLISHED";
    return n;
  }
  std::size_t installed_children() const {
    std::size_t n = 0;
    for (const auto& s : engine->list_sas()) {
      for (const auto& c : s.children)
        n += c.state == "INSTALLED";
    }
    return n;
  }
};

// The fixture: left (192.0.2.1) and right (192.0.2.2), every log line of the test in `logs`.
template <class PeerT>
class TwoEnginesTest : public ::testing::Test {
 protected:
  using Options = typename PeerT::Options;

  void SetUp() override {
    log::set_stderr(std::getenv("OAKLEY_TEST_LOG") != nullptr);
    log::set_level(log::Level::kDebug);
    sink_ = log::add_sink(
        [this](log::Level, std::string_view, std::string_view msg) { logs.emplace_back(msg); });
  }

  void TearDown() override {
    log::remove_sink(sink_);
    left.reset();
    right.reset();
    log::set_stderr(true);
    log::set_level(log::Level::kInfo);
  }

  void start(const std::string& left_config, const std::string& right_config,
             Options left_options = {}, Options right_options = {}) {
    right = std::make_unique<PeerT>(net, 1, *IpAddress::parse("192.0.2.2"), timers, right_config,
                                    right_options, 0, revocation_right, &dns);
    left = std::make_unique<PeerT>(net, 0, *IpAddress::parse("192.0.2.1"), timers, left_config,
                                   left_options, 0, revocation_left, &dns);
    ASSERT_TRUE(left->engine && right->engine);
  }

  // Pumps the network and runs due timers until idle or `max` of fake time passed.
  void settle(Duration max = std::chrono::seconds(1)) {
    auto end = timers.now() + max;
    while (true) {
      net.pump();
      auto next = timers.next_deadline();
      if (!net.queue.empty()) continue;
      if (!next || *next > end) break;
      timers.run_until(*next);
    }
    timers.run_until(end);
    net.pump();
  }

  // Initiates connection "t" from the left and settles; returns the completion status.
  Status initiate_left(const std::string& child = "net", Duration max = std::chrono::seconds(2)) {
    std::optional<Status> result;
    auto st = left->engine->initiate("t", child, [&](const Status& s) { result = s; });
    if (!st) return st;
    settle(max);
    if (!result) return make_error("initiate did not complete");
    return *result;
  }

  bool log_contains(const std::string& needle) const {
    for (const auto& l : logs) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  std::string logs_text() const {
    std::string out;
    for (const auto& l : logs)
      out += l + "\n";
    return out;
  }

  CountingTimerHeap timers{TimePoint{} + std::chrono::hours(1)};
  FakeNet net;
  FakeResolver dns{timers};  // the DNS both sides ask (empty: no name resolves)
  // Set before start(): each side's revocation fetcher (its fake network for OCSP and CRLs).
  std::shared_ptr<credentials::RevocationFetcher> revocation_left, revocation_right;
  std::unique_ptr<PeerT> left, right;
  std::vector<std::string> logs;
  int sink_ = 0;
};

// Asserts that the two sides hold one mirrored IPsec SA pair for child `index` of their only
// IKE SA: SPIs cross, the initiator's outbound keys are the responder's inbound keys.
template <class PeerT>
void expect_mirrored_child(PeerT& a, PeerT& b, std::size_t index = 0) {
  auto sa_a = a.sas();
  auto sa_b = b.sas();
  ASSERT_EQ(sa_a.size(), 1u);
  ASSERT_EQ(sa_b.size(), 1u);
  ASSERT_GT(sa_a[0].children.size(), index);
  ASSERT_GT(sa_b[0].children.size(), index);
  const auto& ca = sa_a[0].children[index];
  const auto& cb = sa_b[0].children[index];
  EXPECT_EQ(ca.state, "INSTALLED");
  EXPECT_EQ(cb.state, "INSTALLED");
  EXPECT_EQ(ca.spi_in, cb.spi_out);
  EXPECT_EQ(ca.spi_out, cb.spi_in);
  using dataplane::Direction;
  auto a_out = a.backend.find_sa(Direction::kOutbound, ca.spi_out);
  auto b_in = b.backend.find_sa(Direction::kInbound, cb.spi_in);
  ASSERT_TRUE(a_out && b_in);
  EXPECT_TRUE(a_out->encr_key == b_in->encr_key);
  EXPECT_TRUE(a_out->integ_key == b_in->integ_key);
  EXPECT_EQ(a_out->algorithms.encr, b_in->algorithms.encr);
  EXPECT_EQ(a_out->algorithms.encr_key_bits, b_in->algorithms.encr_key_bits);
  EXPECT_EQ(a_out->algorithms.integ, b_in->algorithms.integ);
  auto a_in = a.backend.find_sa(Direction::kInbound, ca.spi_in);
  auto b_out = b.backend.find_sa(Direction::kOutbound, cb.spi_out);
  ASSERT_TRUE(a_in && b_out);
  EXPECT_TRUE(a_in->encr_key == b_out->encr_key);
  EXPECT_TRUE(a_in->integ_key == b_out->integ_key);
  EXPECT_FALSE(a_in->encr_key == a_out->encr_key);
  EXPECT_EQ(a_in->reqid, a_out->reqid);
}

}  // namespace oakley::test_support
