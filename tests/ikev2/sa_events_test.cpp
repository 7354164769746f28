// The IKEv2 engine's SA events (oakctl monitor, updown): one per SA coming up, being rekeyed,
// going down or failing, on both sides, with what a script needs to know about the tunnel.
#include <gtest/gtest.h>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
using ike::SaEventKind;

class SaEvents : public TwoEngines {
 protected:
  void up() {
    start(side_config(true), side_config(false));
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message;
  }
  Status run(std::function<Status(Engine::Completion)> op) {
    std::optional<Status> result;
    auto st = op([&](const Status& s) { result = s; });
    if (!st) return st;
    settle(5s);
    return result ? *result : make_error("did not complete");
  }
};

TEST_F(SaEvents, UpRekeyDownOnBothSides) {
  up();
  EXPECT_EQ(left->event_kinds(), "ike_up child_up");
  EXPECT_EQ(right->event_kinds(), "ike_up child_up");
  const ike::SaEvent lc = left->events.at(1);  // a copy: later events may reallocate the vector
  const ike::SaEvent rc = right->events.at(1);
  EXPECT_EQ(lc.version, 2);
  EXPECT_EQ(lc.connection, "t");
  EXPECT_EQ(lc.child, "net");
  EXPECT_NE(lc.reqid, 0u);
  EXPECT_EQ(lc.spi_in, rc.spi_out);
  EXPECT_EQ(lc.spi_out, rc.spi_in);
  EXPECT_EQ(lc.local.address.to_string(), "192.0.2.1");
  EXPECT_EQ(lc.remote.address.to_string(), "192.0.2.2");
  EXPECT_EQ(lc.remote_id, rc.local_id);
  EXPECT_FALSE(lc.local_ts.empty());
  EXPECT_EQ(ike::describe(lc.local_ts), ike::describe(rc.remote_ts));
  EXPECT_EQ(left->events.at(0).ike_id, lc.ike_id);

  auto id = left->sas().at(0).children.at(0).id;
  ASSERT_TRUE(run([&](auto done) { return left->engine->rekey_child(id, done); }));
  EXPECT_EQ(left->event_kinds(), "ike_up child_up child_rekeyed");
  EXPECT_EQ(right->event_kinds(), "ike_up child_up child_rekeyed");
  EXPECT_EQ(left->events.back().replaces, id);
  EXPECT_NE(left->events.back().spi_in, lc.spi_in);

  auto ike = left->sas().at(0).id;
  ASSERT_TRUE(run([&](auto done) { return left->engine->rekey_ike(ike, done); }));
  EXPECT_EQ(left->events.back().kind, SaEventKind::kIkeRekeyed);
  EXPECT_EQ(left->events.back().replaces, ike);
  EXPECT_EQ(right->events.back().kind, SaEventKind::kIkeRekeyed);

  auto now = left->sas().at(0).id;
  ASSERT_TRUE(run([&](auto done) { return left->engine->terminate_ike(now, done); }) || true);
  settle(2s);
  // The old CHILD_SA and IKE SA of the rekeys went quietly: only the live ones go "down".
  EXPECT_EQ(left->event_kinds(), "ike_up child_up child_rekeyed ike_rekeyed child_down ike_down");
  EXPECT_EQ(right->event_kinds(), "ike_up child_up child_rekeyed ike_rekeyed child_down ike_down");
  EXPECT_FALSE(right->events.back().reason.empty());
}

TEST_F(SaEvents, AFailedIkeSaIsReportedOnce) {
  start(side_config(true), side_config(false, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "",
                                       "another-psk-0123456789"));
  EXPECT_FALSE(initiate_left(std::string("net"), 5s));
  ASSERT_FALSE(left->events.empty()) << logs_text();
  EXPECT_EQ(left->events.back().kind, SaEventKind::kIkeFailed);
  EXPECT_FALSE(left->events.back().reason.empty());
  for (const auto& e : left->events)
    EXPECT_NE(e.kind, SaEventKind::kIkeUp);
}

TEST_F(SaEvents, ARefusedChildIsReportedAsFailed) {
  start(side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16"),
        side_config(false, "aes128gcm16-prfsha256-x25519", "aes256-sha256"));
  (void)initiate_left();
  EXPECT_EQ(left->event_kinds(), "ike_up child_failed") << logs_text();
  EXPECT_EQ(left->events.back().child, "net");
  EXPECT_EQ(right->event_kinds(), "ike_up child_failed");
}

}  // namespace
}  // namespace oakley::ikev2::testing
