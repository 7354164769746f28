// After the SAs are up: deletes from either side, Phase 1 and Phase 2 rekeys (make-before-
// break), lifetimes running out, DPD, INITIAL-CONTACT, and data-plane events.
#include <algorithm>

#include "ikev1/esp_proposals.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using dataplane::Direction;
using dataplane::RecordingBackend;

std::uint32_t only_child_id(Peer& p) {
  auto sas = p.sas();
  EXPECT_EQ(sas.size(), 1u);
  EXPECT_EQ(sas[0].children.size(), 1u);
  return sas.empty() || sas[0].children.empty() ? 0 : sas[0].children[0].id;
}

TEST_F(TwoEngines, InitiatorDeletesTheChild) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  bool done = false;
  ASSERT_TRUE(
      left->engine->terminate_child(only_child_id(*left), [&](const Status&) { done = true; }));
  settle();
  EXPECT_TRUE(done);
  EXPECT_TRUE(left->sas()[0].children.empty());
  EXPECT_TRUE(right->sas()[0].children.empty());
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(right->backend.sas().empty());
  EXPECT_TRUE(right->backend.policies().empty());
  EXPECT_EQ(right->engine->stats().deletes_received, 1u);
  EXPECT_EQ(left->established(), 1u);
}

TEST_F(TwoEngines, ResponderDeletesTheChild) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(right->engine->terminate_child(only_child_id(*right), nullptr));
  settle();
  EXPECT_TRUE(left->sas()[0].children.empty());
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(log_contains("peer deleted CHILD_SA net"));
}

TEST_F(TwoEngines, CloseActionRestartRenegotiates) {
  SideOptions l;
  l.extra_child = "close_action = restart";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(right->engine->terminate_child(only_child_id(*right), nullptr));
  settle();
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(right->installed_children(), 1u);
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, TerminateIkeFromEitherSide) {
  for (int side = 0; side < 2; ++side) {
    start(SideOptions{});
    ASSERT_TRUE(initiate_left());
    Peer& closer = side == 0 ? *left : *right;
    ASSERT_TRUE(closer.engine->terminate_ike(closer.sas()[0].id, nullptr));
    settle();
    EXPECT_EQ(left->engine->ike_sa_count(), 0u) << "side " << side;
    EXPECT_EQ(right->engine->ike_sa_count(), 0u) << "side " << side;
    EXPECT_TRUE(left->backend.sas().empty());
    EXPECT_TRUE(right->backend.sas().empty());
  }
}

TEST_F(TwoEngines, Phase2RekeyIsMakeBeforeBreak) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto old = left->sas()[0].children[0];
  left->backend.clear_log();
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->rekey_child(old.id, [&](const Status& s) { result = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(result && *result) << logs_text();
  auto l = left->sas()[0];
  ASSERT_EQ(l.children.size(), 1u);
  EXPECT_NE(l.children[0].spi_in, old.spi_in);
  expect_mirrored_child(*left, *right);
  // New SAs went in before the old ones came out.
  auto ops = left->backend.log();
  std::size_t last_install = 0, first_delete = ops.size();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].op == RecordingBackend::Op::kInstallSa) last_install = i;
    if (ops[i].op == RecordingBackend::Op::kDeleteSa && first_delete == ops.size())
      first_delete = i;
  }
  EXPECT_LT(last_install, first_delete);
  EXPECT_FALSE(left->backend.find_sa(Direction::kInbound, old.spi_in));
  EXPECT_FALSE(right->backend.find_sa(Direction::kInbound, old.spi_out));
  EXPECT_EQ(left->backend.policies().size(), 1u);
  EXPECT_EQ(left->engine->stats().child_rekeyed, 1u);
  EXPECT_EQ(right->engine->stats().child_rekeyed, 1u);
}

// Both peers rekey the same pair at once (IKEv1 cannot tell a rekey from a new Quick Mode): two
// new pairs appear, and the one with the higher SPIs is deleted again by its maker.
class RekeyCollision : public TwoEngines, public ::testing::WithParamInterface<bool> {};

TEST_P(RekeyCollision, ConvergesOnOnePair) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(left->engine->rekey_child(only_child_id(*left), nullptr));
  ASSERT_TRUE(right->engine->rekey_child(only_child_id(*right), nullptr));
  if (GetParam()) std::reverse(net.queue.begin(), net.queue.end());
  settle(std::chrono::seconds(10));
  EXPECT_EQ(left->sas()[0].children.size(), 1u) << logs_text();
  EXPECT_EQ(right->sas()[0].children.size(), 1u);
  expect_mirrored_child(*left, *right);
  EXPECT_TRUE(log_contains("both peers negotiated it at once"));
  EXPECT_EQ(left->backend.sas().size(), 2u);
  EXPECT_EQ(right->backend.sas().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Orders, RekeyCollision, ::testing::Bool());

TEST_F(TwoEngines, AFailedRekeyIsRetried) {
  SideOptions o;
  o.extra_child = "rekey_time = 10m\n        life_time = 30m\n        rand_time = 0s";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto old = left->sas()[0].children[0];
  // Quick Modes get lost for a while (longer than all retransmissions), then the path heals.
  net.filter = [](const Datagram& d) {
    return header_of(d).exchange_type != wire::ikev1::ExchangeType::kQuickMode;
  };
  settle(std::chrono::minutes(14));
  EXPECT_TRUE(log_contains("rekey failed, trying again")) << logs_text();
  ASSERT_EQ(left->sas()[0].children.size(), 1u);  // the old pair still carries traffic
  net.filter = nullptr;
  settle(std::chrono::minutes(2));
  auto now = left->sas()[0].children;
  ASSERT_EQ(now.size(), 1u);
  EXPECT_NE(now[0].spi_in, old.spi_in);
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, Phase2RekeyByTimerKeepsTheTunnelUp) {
  SideOptions o;
  o.extra_child = "rekey_time = 10m";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto old = left->sas()[0].children[0];
  settle(std::chrono::minutes(11));
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(right->installed_children(), 1u);
  auto now = left->sas()[0].children[0];
  EXPECT_NE(now.spi_in, old.spi_in);
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(left->backend.policies().size(), 1u);
}

TEST_F(TwoEngines, Phase1RekeyKeepsTheIpsecSas) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto old = left->sas()[0];
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->rekey_ike(old.id, [&](const Status& s) { result = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(result && *result) << logs_text();
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(l[0].spi_i, old.spi_i);
  EXPECT_EQ(l[0].spi_i, r[0].spi_i);
  ASSERT_EQ(l[0].children.size(), 1u);
  EXPECT_EQ(l[0].children[0].spi_in, old.children[0].spi_in);  // adopted, not renegotiated
  ASSERT_EQ(r[0].children.size(), 1u);
  EXPECT_EQ(left->engine->stats().phase1_rekeyed, 1u);
  // Phase 2 still works on the new ISAKMP SA.
  ASSERT_TRUE(left->engine->rekey_child(l[0].children[0].id, nullptr));
  settle(std::chrono::seconds(5));
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, Phase1RekeysBeforeItsLifetimeEnds) {
  SideOptions o;
  o.extra_conn = "rekey_time = 1h";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto first = left->sas()[0].spi_i;
  settle(std::chrono::minutes(70));
  auto l = left->sas();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_NE(l[0].spi_i, first);
  EXPECT_EQ(l[0].state, "ESTABLISHED");
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(left->installed_children(), 1u);
}

TEST_F(TwoEngines, ADeletedIsakmpSaLeavesItsIpsecSasToTheirLifetimes) {
  SideOptions o;
  o.extra_conn = "rekey_time = 1h";   // Phase 1 lives 3960 s
  o.extra_child = "rekey_time = 2h";  // the IPsec SAs 7920 s
  start(o);
  ASSERT_TRUE(initiate_left());
  // Nothing gets through any more: no Phase 1 rekey, no deletes.
  net.filter = [](const Datagram&) { return false; };
  settle(std::chrono::seconds(3970));
  auto l = left->sas();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].state, "DELETED");
  EXPECT_EQ(l[0].children.size(), 1u);
  EXPECT_EQ(right->sas()[0].state, "DELETED");
  EXPECT_EQ(left->backend.sas().size(), 2u);
  EXPECT_EQ(right->backend.sas().size(), 2u);
  settle(std::chrono::seconds(7920 - 3970 + 10));
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
}

TEST_F(TwoEngines, DpdDetectsADeadPeer) {
  SideOptions l;
  l.extra_conn = "dpd_delay = 10s\n    dpd_timeout = 30s";
  l.extra_child = "dpd_action = trap";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  net.filter = [](const Datagram& d) { return d.sender == 0; };  // the right side went silent
  settle(std::chrono::seconds(60));
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(left->engine->stats().peers_dead, 1u);
  EXPECT_GE(left->engine->stats().dpd_sent, 2u);
  EXPECT_TRUE(log_contains("no R-U-THERE-ACK for 30s (dpd_timeout)")) << logs_text();
  EXPECT_TRUE(left->backend.sas().empty());
  ASSERT_EQ(left->backend.policies().size(), 1u);  // dpd_action = trap
  EXPECT_EQ(left->backend.policies()[0].action, dataplane::PolicyAction::kTrap);
}

TEST_F(TwoEngines, DpdKeepsALivePeer) {
  SideOptions l;
  l.extra_conn = "dpd_delay = 10s\n    dpd_timeout = 30s";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  settle(std::chrono::seconds(120));
  EXPECT_EQ(left->established(), 1u);
  EXPECT_GE(left->engine->stats().dpd_sent, 3u);
  EXPECT_EQ(left->engine->stats().dpd_acks_received, left->engine->stats().dpd_sent);
  EXPECT_EQ(right->engine->stats().dpd_answered, left->engine->stats().dpd_sent);
  EXPECT_EQ(left->engine->stats().peers_dead, 0u);
}

TEST_F(TwoEngines, EspTrafficCountsAsLiveness) {
  SideOptions l;
  l.extra_conn = "dpd_delay = 10s\n    dpd_timeout = 30s";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  auto child = left->sas()[0].children[0];
  net.filter = [](const Datagram& d) { return d.sender == 0; };
  for (int i = 1; i <= 12; ++i) {
    left->backend.set_counters(
        {Direction::kInbound, child.spi_in, right->address},
        {static_cast<std::uint64_t>(100 * i), static_cast<std::uint64_t>(i)});
    settle(std::chrono::seconds(5));
  }
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(left->engine->stats().dpd_sent, 0u);
}

TEST_F(TwoEngines, InitialContactReplacesTheStaleSas) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  // The left side "reboots": a fresh engine that knows nothing of the old SAs.
  left.reset();
  left =
      std::make_unique<Peer>(net, 0, *IpAddress::parse("192.0.2.1"), timers, side_config(true, {}));
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(right->engine->ike_sa_count(), 1u);
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_TRUE(log_contains("INITIAL-CONTACT: the peer restarted"));
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, NatTraversalFloatsAndEncapsulates) {
  auto r = side_config(false, {});
  r.replace(r.find("remote_addrs = 192.0.2.1"), 24, "remote_addrs = %any");
  net.nat_public = Endpoint{*IpAddress::parse("198.51.100.7"), 40000};
  start(side_config(true, {}), r);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  auto rs = right->sas()[0];
  EXPECT_TRUE(l.nat_local);
  EXPECT_TRUE(rs.nat_remote);
  EXPECT_EQ(l.remote, "192.0.2.2[4500]");
  EXPECT_EQ(rs.remote, "198.51.100.7[40001]");
  EXPECT_TRUE(l.children[0].udp_encap);
  EXPECT_TRUE(rs.children[0].udp_encap);
  auto out = left->backend.find_sa(Direction::kOutbound, l.children[0].spi_out);
  ASSERT_TRUE(out && out->udp_encap);
  EXPECT_EQ(out->udp_encap->remote_port, 4500);
  auto rin = right->backend.find_sa(Direction::kOutbound, rs.children[0].spi_out);
  ASSERT_TRUE(rin && rin->udp_encap);
  EXPECT_EQ(rin->udp_encap->remote_port, 40001);
  expect_mirrored_child(*left, *right);
  settle(std::chrono::seconds(45));
  EXPECT_GE(left->sender.keepalives, 1);  // the side behind the NAT keeps its mapping open
  EXPECT_EQ(right->sender.keepalives, 0);
}

TEST_F(TwoEngines, AggressiveModeBehindANat) {
  SideOptions o;
  o.extra_conn = "aggressive = yes";
  auto r = side_config(false, [&] {
    auto x = o;
    x.extra_top = "oakley {\n  i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n}\n";
    return x;
  }());
  r.replace(r.find("remote_addrs = 192.0.2.1"), 24, "remote_addrs = %any");
  net.nat_public = Endpoint{*IpAddress::parse("198.51.100.7"), 40000};
  start(side_config(true, o), r);
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_TRUE(left->sas()[0].nat_local);
  EXPECT_TRUE(right->sas()[0].nat_remote);
  EXPECT_EQ(right->sas()[0].remote, "198.51.100.7[40001]");
  expect_mirrored_child(*left, *right);
  EXPECT_TRUE(left->sas()[0].children[0].udp_encap);
}

TEST_F(TwoEngines, TransportModeBehindANatSendsOriginalAddresses) {
  SideOptions o;
  o.extra_child = "mode = transport";
  o.local_ts = "dynamic";
  o.remote_ts = "dynamic";
  auto r = side_config(false, o);
  r.replace(r.find("remote_addrs = 192.0.2.1"), 24, "remote_addrs = %any");
  r.replace(r.find("remote_ts = dynamic"), 19, "remote_ts = 192.0.2.1");
  net.nat_public = Endpoint{*IpAddress::parse("198.51.100.7"), 40000};
  start(side_config(true, o), r);
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_TRUE(log_contains("NAT-OA NAT-OA")) << logs_text();
  EXPECT_EQ(left->sas()[0].children[0].mode, "TRANSPORT");
  EXPECT_TRUE(left->sas()[0].children[0].udp_encap);
}

TEST_F(TwoEngines, EncapYesFakesANat) {
  SideOptions l;
  l.extra_conn = "encap = yes";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  EXPECT_TRUE(right->sas()[0].nat_remote);
  EXPECT_TRUE(left->sas()[0].children[0].udp_encap);
  EXPECT_EQ(left->sas()[0].remote, "192.0.2.2[4500]");
}

TEST_F(TwoEngines, AcquireOnATrapPolicyInitiates) {
  SideOptions l;
  l.extra_child = "start_action = trap";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_EQ(left->backend.policies().size(), 1u);
  auto trap = left->backend.policies()[0];
  EXPECT_EQ(trap.action, dataplane::PolicyAction::kTrap);
  left->engine->on_dataplane_event(dataplane::AcquireEvent{
      trap.reqid, TrafficSelector::from_prefix(*IpAddress::parse("10.1.0.5"), 32),
      TrafficSelector::from_prefix(*IpAddress::parse("10.2.0.9"), 32)});
  settle(std::chrono::seconds(2));
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(left->engine->stats().acquires, 1u);
  EXPECT_EQ(left->backend.policies()[0].action, dataplane::PolicyAction::kProtect);
}

TEST_F(TwoEngines, SoftExpireRekeysAndHardExpireDeletes) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto old = left->sas()[0].children[0];
  left->engine->on_dataplane_event(
      dataplane::SoftExpireEvent{{Direction::kOutbound, old.spi_out, right->address}, old.reqid});
  settle(std::chrono::seconds(5));
  auto now = left->sas()[0].children[0];
  EXPECT_NE(now.spi_in, old.spi_in);
  left->engine->on_dataplane_event(
      dataplane::HardExpireEvent{{Direction::kInbound, now.spi_in, right->address}, now.reqid});
  settle();
  EXPECT_TRUE(left->sas()[0].children.empty());
  EXPECT_TRUE(right->sas()[0].children.empty());
}

TEST_F(TwoEngines, ResponderLifetimeInAnInformationalLowersPhase1AndChild) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto r = right->sas()[0];
  IsakmpSa* sa = right->engine->find_sa(r.id);
  ASSERT_NE(sa, nullptr);
  // As Cisco does after MM6: Phase 1 attribute numbers, protocol ISAKMP.
  wire::ikev1::NotifyPayload p1;
  p1.protocol = wire::ikev1::ProtocolId::kIsakmp;
  p1.type = wire::ikev1::NotifyType::kResponderLifetime;
  wire::Writer wr;
  wire::encode_data_attributes(
      wr, {wire::DataAttribute::integer(wire::ikev1::Phase1Attribute::kLifeType, 1),
           wire::DataAttribute::integer(wire::ikev1::Phase1Attribute::kLifeDuration, 600)});
  p1.data = wr.take();
  wire::ikev1::NotifyPayload p2;
  p2.protocol = wire::ikev1::ProtocolId::kEsp;
  put_be32(p2.spi, r.children[0].spi_in);
  p2.type = wire::ikev1::NotifyType::kResponderLifetime;
  p2.data = lifetime_attributes(300, 0);
  right->engine->send_informational(*sa, {wire::ikev1::Payload{p1}, wire::ikev1::Payload{p2}});
  settle();
  auto l = left->sas()[0];
  ASSERT_TRUE(l.reauth_in_seconds);
  EXPECT_NEAR(*l.reauth_in_seconds, 600, 5);
  ASSERT_TRUE(l.rekey_in_seconds);
  EXPECT_LT(*l.rekey_in_seconds, 600);
  ASSERT_TRUE(l.children[0].expire_in_seconds);
  EXPECT_NEAR(*l.children[0].expire_in_seconds, 300, 5);
  EXPECT_EQ(left->engine->stats().responder_lifetime_received, 2u);
}

TEST_F(TwoEngines, EventsOfOtherEnginesAreIgnored) {
  start(SideOptions{});
  left->engine->on_dataplane_event(dataplane::AcquireEvent{4242, {}, {}});
  left->engine->on_dataplane_event(
      dataplane::SoftExpireEvent{{Direction::kOutbound, 0x1234, right->address}, 4242});
  settle();
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
}

TEST_F(TwoEngines, DiagnoseExplainsAFailure) {
  SideOptions l;
  l.psk = "wrong-psk-xxxxxxxxxx";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_FALSE(initiate_left());
  auto lines = right->engine->diagnose("t");
  bool found = false;
  for (const auto& line : lines)
    found |= line.find("pre-shared key differs") != std::string::npos;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace oakley::ikev1::testing
