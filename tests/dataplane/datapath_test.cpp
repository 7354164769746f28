// The Datapath between two peers without I/O: policies, SA selection (make-before-break),
// inbound selector checks, trap policies and ACQUIRE, lifetimes and sequence exhaustion, counters.
#include <gtest/gtest.h>

#include "datapath_fixture.hpp"
#include "dataplane/esp/packet.hpp"

namespace oakley::dataplane::test {
namespace {

const SaAlgorithms kGcm{EncrId::kAesGcm16, 128};

class Datapath2 : public DatapathPair {};

TEST_F(Datapath2, TunnelRoundTripBothFamiliesEveryAlgorithm) {
  std::uint32_t spi = 0x1000;
  std::uint32_t reqid = 100;
  for (const auto& alg : all_algorithms()) {
    SCOPED_TRACE(alg.name);
    for (bool v6 : {false, true}) {
      Datapath l(1), r(1);
      auto p = make_sa_pair(alg.algorithms, ++spi, ++reqid, Mode::kTunnel, v6);
      install(p, l, r);
      PolicyConfig pc;
      pc.local_ts = TrafficSelector::any(v6 ? IpAddress::Family::kV6 : IpAddress::Family::kV4);
      pc.remote_ts = pc.local_ts;
      pc.reqid = reqid;
      ASSERT_TRUE(l.install_policy(pc).ok());
      // Inner family independent of the outer one.
      Bytes inner = v6 ? make_udp_packet(ip("fd01::1"), ip("fd02::1"), 5, 6, 1300)
                       : make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 5, 6, 1300);
      EXPECT_EQ(to_hex(transfer(l, r, inner)), to_hex(inner));
    }
  }
}

TEST_F(Datapath2, TransportModeRebuildsTheHeader) {
  for (bool v6 : {false, true}) {
    SCOPED_TRACE(v6 ? "IPv6" : "IPv4");
    Datapath l(1), r(1);
    auto p = make_sa_pair(kGcm, 0x2000, 9, Mode::kTransport, v6);
    install(p, l, r);
    PolicyConfig pc;
    pc.local_ts = TrafficSelector::from_prefix(p.out.local, v6 ? 128 : 32);
    pc.remote_ts = TrafficSelector::from_prefix(p.out.remote, v6 ? 128 : 32);
    pc.reqid = 9;
    pc.mode = Mode::kTransport;
    ASSERT_TRUE(l.install_policy(pc).ok());
    Bytes inner = make_udp_packet(p.out.local, p.out.remote, 500, 4500, 200);
    Bytes got = transfer(l, r, inner);
    ASSERT_FALSE(got.empty());
    auto info = esp::parse_ip_packet(got);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->flow.src, p.out.local);
    EXPECT_EQ(info->flow.dst, p.out.remote);
    EXPECT_EQ(info->flow.protocol, esp::kProtoUdp);
    EXPECT_EQ(info->flow.dst_port, 4500);
    EXPECT_EQ(to_hex(ByteView(got).subspan(info->header_length)),
              to_hex(ByteView(inner).subspan(info->header_length)));
  }
}

TEST_F(Datapath2, PolicyActionsAndMissingPolicies) {
  auto p = make_sa_pair(kGcm, 0x3000, kReqid);
  install(p, left_, right_);
  OutboundResult o;
  send(make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 8), &o);
  EXPECT_EQ(o.reason, DropReason::kNoPolicy);
  protect(left_, "10.1.0.0", "10.2.0.0");
  PolicyConfig bypass;
  bypass.local_ts = TrafficSelector::from_prefix(ip("10.1.0.0"), 24);
  bypass.remote_ts = TrafficSelector::from_prefix(ip("10.2.0.9"), 32);
  bypass.action = PolicyAction::kPass;
  ASSERT_TRUE(left_.install_policy(bypass).ok());
  send(make_echo_request(ip("10.1.0.1"), ip("10.2.0.9"), 8), &o);
  EXPECT_EQ(o.reason, DropReason::kPolicyDrop);  // pass wins over protect; TUN cannot pass
  EXPECT_FALSE(send(make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 8)).empty());
  EXPECT_EQ(left_.stats().drops[std::size_t(DropReason::kNoPolicy)], 1u);
  EXPECT_EQ(left_.stats().drops[std::size_t(DropReason::kPolicyDrop)], 1u);
  EXPECT_EQ(left_.stats().packets_out, 1u);
  EXPECT_EQ(right_.stats().packets_in, 1u);
}

TEST_F(Datapath2, InboundSelectorsAreEnforced) {
  auto p = make_sa_pair(kGcm, 0x3100, kReqid);
  p.in.local_ts = {TrafficSelector::from_prefix(ip("10.2.0.0"), 24)};
  p.in.remote_ts = {TrafficSelector::from_prefix(ip("10.1.0.0"), 24, esp::kProtoUdp)};
  install(p, left_, right_);
  PolicyConfig pc;
  pc.local_ts = TrafficSelector::any(IpAddress::Family::kV4);
  pc.remote_ts = pc.local_ts;
  pc.reqid = kReqid;
  ASSERT_TRUE(left_.install_policy(pc).ok());
  EXPECT_FALSE(send(make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, 10)).empty());
  InboundResult in;
  EXPECT_TRUE(send(make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 10), nullptr, &in).empty());
  EXPECT_EQ(in.reason, DropReason::kPolicyMismatch);  // ICMP, but the SA carries UDP only
  EXPECT_TRUE(
      send(make_udp_packet(ip("10.9.0.1"), ip("10.2.0.1"), 1, 2, 10), nullptr, &in).empty());
  EXPECT_EQ(in.reason, DropReason::kPolicyMismatch);
  auto c = right_.query_sa(p.in.id());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->packets, 1u);
  EXPECT_EQ(c->errors[std::size_t(DropReason::kPolicyMismatch)], 2u);
}

TEST_F(Datapath2, UnknownSpiAndGarbageAreCounted) {
  Buffer junk(Bytes{0, 0, 0x12, 0x34, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
  right_.refresh(right_.worker(0));
  EXPECT_EQ(
      right_.inbound(right_.worker(0), junk.packet(), ip("192.0.2.1"), ip("192.0.2.2")).reason,
      DropReason::kNoSa);
  Buffer tiny(Bytes{1, 2, 3});
  EXPECT_EQ(
      right_.inbound(right_.worker(0), tiny.packet(), ip("192.0.2.1"), ip("192.0.2.2")).reason,
      DropReason::kMalformed);
  auto p = make_sa_pair(kGcm, 0x3200, kReqid);
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  left_.refresh(left_.worker(0));
  Buffer b(make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 30));
  ASSERT_EQ(left_.outbound(left_.worker(0), b.packet()).action, OutboundResult::Action::kSend);
  Bytes wire = b.bytes();
  wire[wire.size() - 1] ^= 1;
  Buffer tampered(wire);
  right_.refresh(right_.worker(0));
  EXPECT_EQ(
      right_.inbound(right_.worker(0), tampered.packet(), ip("192.0.2.1"), ip("192.0.2.2")).reason,
      DropReason::kAuthFailed);
  auto s = right_.stats();
  EXPECT_EQ(s.drops[std::size_t(DropReason::kNoSa)], 1u);
  EXPECT_EQ(s.drops[std::size_t(DropReason::kMalformed)], 1u);
  EXPECT_EQ(s.drops[std::size_t(DropReason::kAuthFailed)], 1u);
  EXPECT_EQ(right_.query_sa(p.in.id())->errors[std::size_t(DropReason::kAuthFailed)], 1u);
}

TEST_F(Datapath2, MakeBeforeBreakRekey) {
  auto old_sa = make_sa_pair(kGcm, 0x4000, kReqid);
  install(old_sa, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 40);
  OutboundResult o;
  ASSERT_FALSE(send(inner, &o).empty());
  EXPECT_EQ(o.sa->id.spi, 0x4000u);
  // Encrypted with the old SA but still in flight while the new pair goes in.
  left_.refresh(left_.worker(0));
  Buffer in_flight(inner);
  ASSERT_EQ(left_.outbound(left_.worker(0), in_flight.packet()).action,
            OutboundResult::Action::kSend);
  auto new_sa = make_sa_pair(kGcm, 0x4001, kReqid);
  install(new_sa, left_, right_);
  ASSERT_FALSE(send(inner, &o).empty());
  EXPECT_EQ(o.sa->id.spi, 0x4001u);  // newest outbound SA of the reqid
  right_.refresh(right_.worker(0));
  EXPECT_TRUE(right_.inbound(right_.worker(0), in_flight.packet(), ip("192.0.2.1"),
                             ip("192.0.2.2"))
                  .ok());  // the old inbound SA still accepts
  ASSERT_TRUE(left_.delete_sa(old_sa.out.id()).ok());
  ASSERT_TRUE(right_.delete_sa(old_sa.in.id()).ok());
  ASSERT_FALSE(send(inner, &o).empty());
  EXPECT_EQ(o.sa->id.spi, 0x4001u);
  // Deleting the newest falls back to nothing: protect without SA drops.
  ASSERT_TRUE(left_.delete_sa(new_sa.out.id()).ok());
  send(inner, &o);
  EXPECT_EQ(o.reason, DropReason::kNoOutboundSa);
}

TEST_F(Datapath2, TrapPolicyAcquiresQueuesAndFlushes) {
  protect(left_, "10.1.0.0", "10.2.0.0", PolicyAction::kTrap);
  int notified = 0;
  left_.set_flush_notifier([&] { ++notified; });
  OutboundResult o;
  for (int i = 0; i < 20; ++i)
    send(make_udp_packet(ip("10.1.0.1"), ip("10.2.0.7"), 1000, 53, i), &o);
  EXPECT_EQ(o.reason, DropReason::kAcquireQueueFull);  // 16 held, 4 dropped
  ASSERT_EQ(left_events_.count<AcquireEvent>(), 1u);   // rate-limited
  auto acquire = std::get<AcquireEvent>(left_events_.events()[0]);
  EXPECT_EQ(acquire.reqid, kReqid);
  EXPECT_EQ(acquire.local_ts.to_string(), "10.1.0.1/32[udp/1000]");
  EXPECT_EQ(acquire.remote_ts.to_string(), "10.2.0.7/32[udp/53]");
  EXPECT_FALSE(left_.flush_pending());
  auto p = make_sa_pair(kGcm, 0x5000, kReqid);
  install(p, left_, right_);
  EXPECT_EQ(notified, 1);
  EXPECT_TRUE(left_.flush_pending());
  std::vector<Bytes> delivered;
  left_.drain_trap_queues(left_.worker(0), [&](ByteView held) {
    Bytes got = transfer(left_, right_, Bytes(held.begin(), held.end()));
    if (!got.empty()) delivered.push_back(got);
  });
  EXPECT_FALSE(left_.flush_pending());
  ASSERT_EQ(delivered.size(), 16u);
  EXPECT_EQ(delivered[3].size(),
            make_udp_packet(ip("10.1.0.1"), ip("10.2.0.7"), 1000, 53, 3).size());
  EXPECT_EQ(left_.stats().acquires, 1u);
}

TEST_F(Datapath2, SoftAndHardPacketLimits) {
  auto p = make_sa_pair(kGcm, 0x6000, kReqid);
  p.out.soft_limit.packets = 3;
  p.out.hard_limit.packets = 5;
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 10);
  int sent = 0;
  OutboundResult o;
  for (int i = 0; i < 8; ++i)
    sent += !send(inner, &o).empty();
  EXPECT_EQ(sent, 5);
  EXPECT_EQ(o.reason, DropReason::kLifetimeExpired);
  EXPECT_EQ(left_events_.count<SoftExpireEvent>(), 1u);
  EXPECT_EQ(left_events_.count<HardExpireEvent>(), 1u);
  auto soft = std::get<SoftExpireEvent>(left_events_.events()[0]);
  EXPECT_EQ(soft.sa, p.out.id());
  EXPECT_EQ(soft.reqid, kReqid);
  auto c = left_.query_sa(p.out.id());
  EXPECT_EQ(c->packets, 5u);
  EXPECT_EQ(c->errors[std::size_t(DropReason::kLifetimeExpired)], 3u);
}

TEST_F(Datapath2, ByteLimitsCountInnerBytesBothWays) {
  auto p = make_sa_pair(kGcm, 0x6100, kReqid);
  p.in.soft_limit.bytes = 1000;
  p.in.hard_limit.bytes = 2000;
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, 472);  // 500 bytes
  int delivered = 0;
  for (int i = 0; i < 6; ++i)
    delivered += !send(inner).empty();
  EXPECT_EQ(delivered, 4);
  EXPECT_EQ(right_events_.count<SoftExpireEvent>(), 1u);
  EXPECT_EQ(right_events_.count<HardExpireEvent>(), 1u);
  EXPECT_EQ(right_.query_sa(p.in.id())->bytes, 2000u);
  EXPECT_EQ(left_.query_sa(p.out.id())->bytes, 3000u);
}

TEST_F(Datapath2, SequenceNumbersNeverWrap) {
  auto p = make_sa_pair(kGcm, 0x7000, kReqid);
  p.out.initial_sequence = 0xffffffffull - 2;
  p.in.initial_sequence = 0xffffffffull - 2;
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 10);
  EXPECT_FALSE(send(inner).empty());
  EXPECT_EQ(left_events_.count<SequenceOverflowEvent>(), 1u);
  EXPECT_FALSE(send(inner).empty());
  OutboundResult o;
  EXPECT_TRUE(send(inner, &o).empty());
  EXPECT_EQ(o.reason, DropReason::kSequenceOverflow);
  EXPECT_TRUE(send(inner, &o).empty());
  EXPECT_EQ(left_events_.count<SequenceOverflowEvent>(), 1u);
  EXPECT_EQ(left_events_.count<HardExpireEvent>(), 1u);
}

TEST_F(Datapath2, EsnCarriesOnPastTwoToThe32) {
  SaAlgorithms a = kGcm;
  a.esn = true;
  auto p = make_sa_pair(a, 0x7100, kReqid);
  p.out.initial_sequence = 0xffffffffull - 2;
  p.in.initial_sequence = 0xffffffffull - 2;
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 10);
  for (int i = 0; i < 6; ++i)
    EXPECT_FALSE(send(inner).empty()) << i;
  EXPECT_EQ(left_events_.count<SequenceOverflowEvent>(), 0u);
}

TEST_F(Datapath2, UpdateKeepsStateAndChangesAddresses) {
  auto p = make_sa_pair(kGcm, 0x8000, kReqid);
  install(p, left_, right_);
  protect(left_, "10.1.0.0", "10.2.0.0");
  const Bytes inner = make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), 10);
  ASSERT_FALSE(send(inner).empty());
  SaConfig moved = p.out;
  moved.remote = ip("198.51.100.7");
  moved.udp_encap = UdpEncapsulation{4500, 31337};
  ASSERT_TRUE(left_.update_sa(p.out.id(), moved).ok());
  OutboundResult o;
  ASSERT_FALSE(send(inner, &o).empty());
  EXPECT_EQ(o.sa->remote, ip("198.51.100.7"));
  ASSERT_TRUE(o.sa->udp_encap);
  EXPECT_EQ(o.sa->udp_encap->remote_port, 31337);
  EXPECT_EQ(left_.query_sa(moved.id())->packets, 2u);
  EXPECT_FALSE(left_.query_sa(p.out.id()).ok());
  SaConfig bad = moved;
  bad.algorithms.encr_key_bits = 256;
  EXPECT_FALSE(left_.update_sa(moved.id(), bad).ok());
}

TEST_F(Datapath2, ControlErrorsSayWhatIsWrong) {
  auto p = make_sa_pair(kGcm, 0x9000, kReqid);
  ASSERT_TRUE(left_.install_sa(p.in).ok());
  EXPECT_FALSE(left_.install_sa(p.in).ok());
  SaConfig same_spi = p.in;
  same_spi.remote = ip("192.0.2.99");
  auto dup = left_.install_sa(same_spi);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("in use"), std::string::npos);
  SaConfig short_key = make_sa_pair(kGcm, 0x9001, kReqid).out;
  short_key.encr_key.resize(16);
  auto bad = left_.install_sa(short_key);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("20 bytes"), std::string::npos) << bad.error().message;
  SaConfig reserved = make_sa_pair(kGcm, 200, kReqid).out;
  EXPECT_FALSE(left_.install_sa(reserved).ok());
  EXPECT_FALSE(left_.delete_sa(short_key.id()).ok());
  EXPECT_FALSE(left_.delete_policy(PolicyId{}).ok());
}

TEST_F(Datapath2, AllocatedSpisAreFreshAndValid) {
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 1000; ++i) {
    auto spi = left_.allocate_spi();
    ASSERT_TRUE(spi.ok());
    EXPECT_GE(*spi, 256u);
    EXPECT_TRUE(seen.insert(*spi).second);
  }
}

}  // namespace
}  // namespace oakley::dataplane::test
