// Phase 1 floods against an IKEv1 responder (IKEv1 has no cookie exchange, so every MM1/AM1 from
// a spoofed address is an SA): the global half-open cap, the per-address cap, the DH rate, and
// Aggressive Mode (DH and authentication at once) refused to unverified sources under load. The
// responder's memory and crypto work stay bounded, and a real peer gets through afterwards.
#include <random>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

namespace w = wire::ikev1;
using w::ExchangeType;

class Phase1Flood : public TwoEngines {
 protected:
  // The right side is a gateway for any address, with `oakley` settings `extra_top`; both sides
  // use Aggressive Mode when `aggressive`.
  void start_gateway(const std::string& oakley, bool aggressive = false) {
    SideOptions l, r;
    if (aggressive) l.extra_conn = r.extra_conn = "aggressive = yes";
    r.extra_top = "oakley {\n" + oakley + "\n}\n";
    std::string right_text = side_config(false, r);
    const std::string from = "remote_addrs = 192.0.2.1";
    right_text.replace(right_text.find(from), from.size(), "remote_addrs = %any");
    start(side_config(true, l), right_text);
  }
  // The left side's first message, as sent; the left side keeps retransmitting it (its
  // initiation completes into `done`).
  Bytes capture_first_message() {
    std::optional<Bytes> first;
    net.filter = [&](const Datagram& d) {
      if (d.sender == 0 && !first) first = d.data;
      return false;
    };
    EXPECT_TRUE(left->engine->initiate("t", "net", [this](const Status& s) { done = s; }));
    net.pump();
    net.filter = nullptr;
    EXPECT_TRUE(first.has_value());
    return first.value_or(Bytes{});
  }
  // The same message with a fresh initiator cookie, as a new initiator at `from` sends it.
  void inject(const Bytes& first, const Endpoint& from) {
    Bytes m = first;
    std::uint64_t cookie = rng() | 1;
    for (int i = 0; i < 8; ++i)
      m[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(cookie >> (56 - 8 * i));
    right->engine->on_packet(m, Endpoint{right->address, 500}, from);
  }
  static Endpoint spoofed(int i) {
    return Endpoint{IpAddress::v4(0x0a640000u + static_cast<std::uint32_t>(i)), 500};
  }
  std::size_t answers_from_right(ExchangeType type) const {
    std::size_t n = 0;
    for (const auto& d : net.queue)
      n += d.sender == 1 && header_of(d).exchange_type == type;
    return n;
  }

  std::optional<Status> done;
  std::mt19937_64 rng{7};
};

TEST_F(Phase1Flood, Mm1FloodStaysAtTheCapAndTheRealPeerGetsThrough) {
  start_gateway("ikev1_half_open_limit = 50");
  Bytes mm1 = capture_first_message();
  for (int i = 0; i < 1000; ++i)
    inject(mm1, spoofed(i));
  // At the cap each new request replaces the oldest SA whose peer never returned our cookie.
  EXPECT_EQ(right->engine->ike_sa_count(), 50u);
  EXPECT_EQ(right->engine->half_open_count(), 50u);
  EXPECT_EQ(right->engine->stats().half_open_evicted, 950u);
  EXPECT_EQ(right->engine->stats().phase1_dropped_half_open_limit, 0u);
  net.queue.clear();  // MM2s to nowhere
  // While the flood's SAs are still half-open (half_open_timeout 30 s), the real peer's
  // retransmitted MM1 replaces one of them; once it returned our cookie it is never replaced.
  settle(std::chrono::seconds(10));
  ASSERT_TRUE(done.has_value()) << logs_text();
  EXPECT_TRUE(*done) << done->error().message;
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(right->engine->half_open_count(), 49u);
  for (int i = 0; i < 100; ++i)
    inject(mm1, spoofed(2000 + i));
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(right->engine->half_open_count(), 50u);
}

TEST_F(Phase1Flood, OneAddressGetsAtMostBlockThresholdHalfOpenSas) {
  start_gateway("block_threshold = 5");
  Bytes mm1 = capture_first_message();
  for (int i = 0; i < 20; ++i)
    inject(mm1, spoofed(1));
  EXPECT_EQ(right->engine->half_open_count(), 5u);
  EXPECT_EQ(right->engine->stats().dropped_busy, 15u);
  inject(mm1, spoofed(2));  // another address is not affected
  EXPECT_EQ(right->engine->half_open_count(), 6u);
}

TEST_F(Phase1Flood, AggressiveModeFromAnUnverifiedSourceUnderLoadGetsNoKe) {
  start_gateway(
      "cookie_threshold = 10\n"
      "i_dont_care_about_security_and_use_aggressive_mode_psk = yes",
      true);
  Bytes am1 = capture_first_message();
  std::size_t jobs = right->work.jobs;
  // Below cookie_threshold, Aggressive Mode is answered (DH on a worker, AM2 with KE).
  for (int i = 0; i < 10; ++i)
    inject(am1, spoofed(i));
  EXPECT_EQ(answers_from_right(ExchangeType::kAggressive), 10u);
  EXPECT_EQ(right->work.jobs, jobs + 10);
  net.queue.clear();
  // Above it, an AM1 from an address that never returned our cookie costs nothing.
  jobs = right->work.jobs;
  for (int i = 10; i < 100; ++i)
    inject(am1, spoofed(i));
  EXPECT_EQ(answers_from_right(ExchangeType::kAggressive), 0u);
  EXPECT_EQ(right->work.jobs, jobs);
  EXPECT_EQ(right->engine->stats().aggressive_unverified_dropped, 90u);
  EXPECT_EQ(right->engine->half_open_count(), 10u);
}

TEST_F(Phase1Flood, DhComputationsOfNewRespondersAreRateLimited) {
  start_gateway(
      "ikev1_dh_rate = 5\n"
      "i_dont_care_about_security_and_use_aggressive_mode_psk = yes",
      true);
  Bytes am1 = capture_first_message();
  net.queue.clear();
  std::size_t jobs = right->work.jobs;
  // 20 AM1s within one instant: 5 DH computations (the crypto workers IKEv2 shares stay free).
  for (int i = 0; i < 20; ++i)
    inject(am1, spoofed(i));
  EXPECT_EQ(right->work.jobs - jobs, 5u);
  EXPECT_EQ(right->engine->stats().dh_rate_limited, 15u);
  EXPECT_EQ(right->engine->half_open_count(), 5u);  // nothing kept of the dropped ones
  // A second later there are 5 more.
  timers.run_until(timers.now() + std::chrono::seconds(1));
  for (int i = 20; i < 40; ++i)
    inject(am1, spoofed(i));
  EXPECT_EQ(right->work.jobs - jobs, 10u);
  EXPECT_EQ(right->engine->stats().dh_rate_limited, 30u);
}

TEST_F(Phase1Flood, TheRealPeerEstablishesWithinTheDhRate) {
  start_gateway("ikev1_dh_rate = 1");
  auto st = initiate_left("net", std::chrono::seconds(30));
  ASSERT_TRUE(st) << st.error().message << logs_text();
  expect_mirrored_child(*left, *right);
}

TEST_F(Phase1Flood, AggressiveModeFromAVerifiedSourceIsAnsweredUnderLoad) {
  start_gateway(
      "cookie_threshold = 10\n"
      "i_dont_care_about_security_and_use_aggressive_mode_psk = yes",
      true);
  ASSERT_TRUE(initiate_left()) << logs_text();  // the left address returned our cookie (AM3)
  Bytes am1;
  for (const auto& d : net.log) {
    if (d.sender == 0 && header_of(d).responder_cookie == 0) am1 = d.data;
  }
  ASSERT_FALSE(am1.empty());
  for (int i = 0; i < 30; ++i)
    inject(am1, spoofed(i));
  EXPECT_EQ(right->engine->half_open_count(), 10u);
  EXPECT_EQ(right->engine->stats().aggressive_unverified_dropped, 20u);
  net.queue.clear();
  auto id = left->engine->find_ike_id("t");
  ASSERT_TRUE(id);
  std::optional<Status> rekeyed;
  ASSERT_TRUE(left->engine->rekey_ike(*id, [&](const Status& s) { rekeyed = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(rekeyed && *rekeyed) << logs_text();
  EXPECT_EQ(right->engine->stats().aggressive_unverified_dropped, 20u);
}

TEST_F(Phase1Flood, Mm3BeyondTheDhRateWaitsForTheRetransmission) {
  start_gateway("ikev1_dh_rate = 1");
  std::optional<Status> first;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { first = s; }));
  net.pump();  // no time passes: the one DH of this second is used
  ASSERT_TRUE(first && *first) << logs_text();
  auto id = left->engine->find_ike_id("t");
  ASSERT_TRUE(id);
  std::optional<Status> rekeyed;
  ASSERT_TRUE(left->engine->rekey_ike(*id, [&](const Status& s) { rekeyed = s; }));
  net.pump();
  EXPECT_EQ(right->engine->stats().dh_rate_limited, 1u);
  EXPECT_FALSE(rekeyed.has_value());
  settle(std::chrono::seconds(10));  // MM3 again after retransmit_timeout
  ASSERT_TRUE(rekeyed && *rekeyed) << logs_text();
  EXPECT_EQ(right->engine->stats().dh_rate_limited, 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
