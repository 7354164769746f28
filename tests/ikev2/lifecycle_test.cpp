// After establishment: CHILD_SA and IKE SA rekeying (make-before-break, collisions), deletes from
// either side, liveness checks and dead peers.
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
using dataplane::Direction;

class Lifecycle : public TwoEngines {
 protected:
  void up(const std::string& esp = "aes128gcm16", const std::string& extra_conn = "",
          const std::string& extra_child = "") {
    start(side_config(true, "aes128gcm16-prfsha256-x25519", esp, extra_conn, extra_child),
          side_config(false, "aes128gcm16-prfsha256-x25519", esp, extra_conn, extra_child));
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
  // Both sides with the child "net", and left with a second one, "net2" (10.1.1.0/24 ===
  // 10.2.1.0/24), which right has too if `right_accepts`.
  void start_with_net2(bool right_accepts) {
    test_support::SideOptions o;
    o.more_children = "net2 {\n local_ts = 10.1.1.0/24\n remote_ts = 10.2.1.0/24\n }";
    auto l = test_support::side_config(2, true, o);
    o.more_children = "net2 {\n local_ts = 10.2.1.0/24\n remote_ts = 10.1.1.0/24\n }";
    start(l, test_support::side_config(2, false, right_accepts ? o : test_support::SideOptions{}));
  }
  // A copy: sas() builds a fresh snapshot each time.
  ike::ChildSaInfo child(Peer& p) { return p.sas().at(0).children.at(0); }
  void expect_single_mirrored_child() {
    auto l = left->sas();
    auto r = right->sas();
    ASSERT_EQ(l.size(), 1u);
    ASSERT_EQ(r.size(), 1u);
    ASSERT_EQ(l[0].children.size(), 1u) << "left children";
    ASSERT_EQ(r[0].children.size(), 1u) << "right children";
    auto& lc = l[0].children[0];
    auto& rc = r[0].children[0];
    EXPECT_EQ(lc.spi_in, rc.spi_out);
    EXPECT_EQ(lc.spi_out, rc.spi_in);
    EXPECT_EQ(lc.state, "INSTALLED");
    // Exactly one SA pair in each data plane, and the keys match across.
    EXPECT_EQ(left->backend.sas().size(), 2u);
    EXPECT_EQ(right->backend.sas().size(), 2u);
    auto lo = left->backend.find_sa(Direction::kOutbound, lc.spi_out);
    auto ri = right->backend.find_sa(Direction::kInbound, rc.spi_in);
    ASSERT_TRUE(lo && ri);
    EXPECT_TRUE(lo->encr_key == ri->encr_key);
    EXPECT_EQ(left->backend.policies().size(), 1u);
    EXPECT_EQ(right->backend.policies().size(), 1u);
  }
};

TEST_F(Lifecycle, InitiatingAnUpConnectionReusesItsSas) {
  up();
  auto st = run([&](auto done) { return left->engine->initiate("t", "net", done); });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 1u);
  expect_single_mirrored_child();
}

TEST_F(Lifecycle, InitiateWhileConnectingWaitsForTheSameSa) {
  start(side_config(true), side_config(false));
  std::vector<Status> results;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { results.push_back(s); }));
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { results.push_back(s); }));
  settle(std::chrono::seconds(5));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0] && results[1]);
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  expect_single_mirrored_child();
}

// A second child asked for while the IKE SA is still in IKE_AUTH (which carries the first) is
// created on that SA once it is up, not forgotten.
TEST_F(Lifecycle, InitiateAnotherChildWhileConnectingCreatesIt) {
  start_with_net2(true);
  std::vector<Status> results;
  std::size_t children_when_net2_reported = 0;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { results.push_back(s); }));
  ASSERT_TRUE(left->engine->initiate("t", "net2", [&](const Status& s) {
    results.push_back(s);
    children_when_net2_reported = left->installed_children();
  }));
  settle(std::chrono::seconds(5));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0] && results[1]);
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(left->installed_children(), 2u) << logs_text();
  EXPECT_EQ(right->installed_children(), 2u);
  // net2's initiate reports net2, not the IKE SA that IKE_AUTH brought up with net.
  EXPECT_EQ(children_when_net2_reported, 2u);
}

// A child initiated on an SA that is up, which the peer refuses: the operator hears why, instead
// of waiting until oakctl's timeout.
TEST_F(Lifecycle, InitiatingAChildThePeerRefusesReportsTheRefusal) {
  start_with_net2(false);
  ASSERT_TRUE(initiate_left());
  auto st = run([&](auto done) { return left->engine->initiate("t", "net2", done); });
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("CHILD_SA net2 not established"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(left->installed_children(), 1u);
}

// Completions wait for what they were given for: a child created on the SA does not report an
// IKE SA rekey queued behind it as done before that rekey has run.
TEST_F(Lifecycle, AChildCreatedBeforeAnIkeRekeyDoesNotReportTheRekey) {
  start_with_net2(true);
  ASSERT_TRUE(initiate_left());
  std::optional<Status> child_done, rekey_done;
  std::uint64_t rekeyed_when_reported = 0;
  ASSERT_TRUE(left->engine->initiate("t", "net2", [&](const Status& s) { child_done = s; }));
  ASSERT_TRUE(left->engine->rekey_ike(left->sas()[0].id, [&](const Status& s) {
    rekey_done = s;
    rekeyed_when_reported = left->engine->stats().ike_rekeyed;
  }));
  settle(5s);
  ASSERT_TRUE(child_done && rekey_done);
  EXPECT_TRUE(*child_done && *rekey_done);
  EXPECT_EQ(rekeyed_when_reported, 1u) << logs_text();
}

TEST_F(Lifecycle, ChildRekeyReplacesBothSides) {
  up();
  auto old_spi = child(*left).spi_in;
  auto id = child(*left).id;
  auto st = run([&](auto done) { return left->engine->rekey_child(id, done); });
  ASSERT_TRUE(st) << st.error().message;
  expect_single_mirrored_child();
  EXPECT_NE(child(*left).spi_in, old_spi);
  EXPECT_FALSE(left->backend.find_sa(Direction::kInbound, old_spi));
  EXPECT_EQ(left->engine->stats().child_rekeyed, 1u);
}

TEST_F(Lifecycle, ChildRekeyWithPfs) {
  up("aes128gcm16-x25519");
  auto id = child(*right).id;
  auto st = run([&](auto done) { return right->engine->rekey_child(id, done); });
  ASSERT_TRUE(st) << st.error().message;
  expect_single_mirrored_child();
  EXPECT_EQ(*child(*left).dh, "CURVE_25519");
}

// The PFS key pair of a rekey is generated on a worker. If the SA goes away while that job runs
// (the daemon shuts down, the IKE SA's hard lifetime ends), the SA and its rekey task are freed:
// the job must not write into the task (ASan reports a heap-use-after-free here without
// DhPreparation).
TEST_F(Lifecycle, SaDestroyedWhileAPfsKeyIsGeneratedOnAWorker) {
  up("aes128gcm16-x25519");
  auto id = child(*left).id;
  std::optional<Status> result;
  left->work.hold = true;
  ASSERT_TRUE(left->engine->rekey_child(id, [&](const Status& s) { result = s; }));
  ASSERT_EQ(left->work.held.size(), 1u) << "the PFS key pair is generated on a worker";
  left->engine->shutdown();
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  left->work.run_held();
  settle(5s);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(*result);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
}

// The same for the new DH key pair of an IKE SA rekey.
TEST_F(Lifecycle, SaDestroyedWhileAnIkeRekeyKeyIsGeneratedOnAWorker) {
  up();
  std::optional<Status> result;
  left->work.hold = true;
  ASSERT_TRUE(left->engine->rekey_ike(left->sas()[0].id, [&](const Status& s) { result = s; }));
  ASSERT_EQ(left->work.held.size(), 1u) << "the IKE rekey's key pair is generated on a worker";
  left->engine->shutdown();
  left->work.run_held();
  settle(5s);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(*result);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
}

TEST_F(Lifecycle, RekeyResponderSwitchesOutboundOnlyAfterTheOldSaIsDeleted) {
  up();
  auto id = child(*left).id;
  // Hold back left's DELETE of the old CHILD_SA.
  bool hold_delete = true;
  std::vector<Datagram> held;
  int requests_seen = 0;
  net.filter = [&](const Datagram& d) {
    if (d.sender == 0 && hold_delete && ++requests_seen == 2) {
      held.push_back(d);
      return false;
    }
    return true;
  };
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->rekey_child(id, [&](const Status& s) { result = s; }));
  net.pump();
  // Right has the new inbound SA but still sends on the old outbound one.
  EXPECT_EQ(right->backend.sas().size(), 3u);
  hold_delete = false;
  for (auto& d : held)
    net.push(d);
  net.pump();
  ASSERT_TRUE(result && *result);
  expect_single_mirrored_child();
}

TEST_F(Lifecycle, SimultaneousChildRekeysLeaveOnePair) {
  up();
  auto lid = child(*left).id;
  auto rid = child(*right).id;
  ASSERT_TRUE(left->engine->rekey_child(lid, nullptr));
  ASSERT_TRUE(right->engine->rekey_child(rid, nullptr));
  settle(10s);
  expect_single_mirrored_child();
  EXPECT_EQ(left->engine->stats().rekey_collisions + right->engine->stats().rekey_collisions, 2u);
}

TEST_F(Lifecycle, IkeRekeyMovesChildren) {
  up();
  auto old = left->sas()[0];
  auto st = run([&](auto done) { return left->engine->rekey_ike(old.id, done); });
  ASSERT_TRUE(st) << st.error().message;
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(l[0].spi_i, old.spi_i);
  EXPECT_EQ(l[0].spi_i, r[0].spi_i);
  EXPECT_EQ(l[0].spi_r, r[0].spi_r);
  EXPECT_EQ(l[0].state, "ESTABLISHED");
  expect_single_mirrored_child();
  // The new IKE SA works: rekey the child over it.
  auto id = child(*right).id;
  ASSERT_TRUE(run([&](auto done) { return right->engine->rekey_child(id, done); }));
  expect_single_mirrored_child();
}

TEST_F(Lifecycle, SimultaneousIkeRekeysLeaveOneIkeSa) {
  up();
  ASSERT_TRUE(left->engine->rekey_ike(left->sas()[0].id, nullptr));
  ASSERT_TRUE(right->engine->rekey_ike(right->sas()[0].id, nullptr));
  settle(10s);
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(l[0].spi_i, r[0].spi_i);
  expect_single_mirrored_child();
}

TEST_F(Lifecycle, DeleteChildFromResponder) {
  up();
  auto id = child(*right).id;
  ASSERT_TRUE(run([&](auto done) { return right->engine->terminate_child(id, done); }));
  EXPECT_TRUE(left->sas()[0].children.empty());
  EXPECT_TRUE(right->sas()[0].children.empty());
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(left->backend.policies().empty());
  EXPECT_EQ(left->established(), 1u);
}

TEST_F(Lifecycle, DeleteIkeFromEitherSide) {
  up();
  ASSERT_TRUE(
      run([&](auto done) { return right->engine->terminate_ike(right->sas()[0].id, done); }));
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(Lifecycle, DeadPeerDetectedByLivenessCheck) {
  up("aes128gcm16", "dpd_delay = 10s");
  net.filter = [](const Datagram&) { return false; };  // the right side vanishes
  settle(400s);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_GE(left->engine->stats().dpd_sent, 1u);
  EXPECT_TRUE(log_contains("did not answer INFORMATIONAL"));
}

TEST_F(Lifecycle, DpdActionRestartReinitiates) {
  // Only the left side restarts (both restarting would create duplicate SAs, as with charon).
  start(side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "dpd_delay = 10s",
                    "dpd_action = restart"),
        side_config(false));
  ASSERT_TRUE(initiate_left());
  bool down = true;
  net.filter = [&](const Datagram&) { return !down; };
  // The liveness check starts after 10-20 s and gives up ~165 s later; the peer is back by then,
  // so the restarted connection comes up, and INITIAL_CONTACT clears the peer's stale SA.
  settle(170s);
  EXPECT_EQ(left->established(), 1u);
  down = false;
  settle(100s);
  ASSERT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(left->sas()[0].children.size(), 1u);
  EXPECT_TRUE(log_contains("restarting CHILD_SA net (peer dead)"));
}

TEST_F(Lifecycle, ChildLifetimesRekeyAutomatically) {
  up("aes128gcm16", "", "rekey_time = 60s\n life_time = 80s");
  auto first = child(*left).spi_in;
  settle(120s);
  expect_single_mirrored_child();
  EXPECT_NE(child(*left).spi_in, first);
}

// A CHILD_SA rekey asked for while the IKE SA is being rekeyed waits in the old SA's queue; the
// child moves to the new SA, and so must the rekey (it used to be dropped with the old SA).
TEST_F(Lifecycle, AChildRekeyQueuedBehindAnIkeRekeyRunsOnTheNewSa) {
  up();
  auto ike_id = left->sas().at(0).id;
  auto child_id = child(*left).id;
  auto first = child(*left).spi_in;
  std::optional<Status> ike_done, child_done;
  ASSERT_TRUE(left->engine->rekey_ike(ike_id, [&](const Status& s) { ike_done = s; }));
  ASSERT_TRUE(left->engine->rekey_child(child_id, [&](const Status& s) { child_done = s; }));
  settle(10s);
  ASSERT_TRUE(ike_done && *ike_done) << logs_text();
  ASSERT_TRUE(child_done) << logs_text();
  EXPECT_TRUE(*child_done) << child_done->error().message;
  ASSERT_NE(left->sas().at(0).id, ike_id);
  expect_single_mirrored_child();
  EXPECT_NE(child(*left).spi_in, first);
}

TEST_F(Lifecycle, IkeLifetimeRekeysAutomatically) {
  up("aes128gcm16", "rekey_time = 100s");
  auto first = left->sas()[0].spi_i;
  settle(150s);
  ASSERT_EQ(left->sas().size(), 1u);
  EXPECT_NE(left->sas()[0].spi_i, first);
  expect_single_mirrored_child();
}

}  // namespace
}  // namespace oakley::ikev2::testing
