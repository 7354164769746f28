// The IKEv1 engine's SA events: the same stream as IKEv2's (oakctl monitor, updown), from Phase 1,
// Quick Mode, their rekeys and deletes.
#include <gtest/gtest.h>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using namespace std::chrono_literals;
using ike::SaEventKind;

TEST_F(TwoEngines, SaEventsFollowPhase1AndQuickMode) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(left->event_kinds(), "ike_up child_up");
  EXPECT_EQ(right->event_kinds(), "ike_up child_up");
  const ike::SaEvent lc = left->events.at(1);  // a copy: later events may reallocate the vector
  const ike::SaEvent rc = right->events.at(1);
  EXPECT_EQ(lc.version, 1);
  EXPECT_EQ(lc.child, "net");
  EXPECT_EQ(lc.spi_in, rc.spi_out);
  EXPECT_EQ(lc.spi_out, rc.spi_in);
  EXPECT_EQ(lc.remote_id, rc.local_id);
  EXPECT_EQ(ike::describe(lc.local_ts), "10.1.0.0/24");
  EXPECT_EQ(ike::describe(rc.local_ts), "10.2.0.0/24");

  auto child = left->sas().at(0).children.at(0).id;
  ASSERT_TRUE(left->engine->rekey_child(child, nullptr));
  settle(5s);
  EXPECT_EQ(left->event_kinds(), "ike_up child_up child_rekeyed") << logs_text();
  EXPECT_EQ(right->event_kinds(), "ike_up child_up child_rekeyed");
  EXPECT_EQ(left->events.back().replaces, child);

  auto ike = left->sas().at(0).id;
  ASSERT_TRUE(left->engine->rekey_ike(ike, nullptr));
  settle(5s);
  EXPECT_EQ(left->events.back().kind, SaEventKind::kIkeRekeyed) << left->event_kinds();
  EXPECT_EQ(left->events.back().replaces, ike);

  ASSERT_TRUE(left->engine->terminate_ike(left->sas().at(0).id, nullptr));
  settle(40s);
  EXPECT_EQ(left->event_kinds(), "ike_up child_up child_rekeyed ike_rekeyed child_down ike_down");
  EXPECT_EQ(left->events.back().reason.empty(), false);
}

TEST_F(TwoEngines, AFailedQuickModeIsAChildFailedEvent) {
  SideOptions l, r;
  l.esp = "aes128-sha256";
  r.esp = "aes256-sha384";
  start(side_config(true, l), side_config(false, r));
  (void)initiate_left();
  settle(5s);
  EXPECT_EQ(left->event_kinds(), "ike_up child_failed") << logs_text();
  EXPECT_EQ(left->events.back().child, "net");
}

}  // namespace
}  // namespace oakley::ikev1::testing
