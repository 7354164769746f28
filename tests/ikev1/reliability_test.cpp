// Loss, duplication and reordering on the fake network: every message of Main Mode and Quick
// Mode is retransmitted until answered, identical retransmissions are answered from the cache
// without being processed again, and two negotiations with the same peer stay apart.
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using wire::ikev1::ExchangeType;

// Drops the n-th datagram (1-based) the first time it goes by: MM1..MM6 are 1..6, QM1..QM3 7..9.
class LoseOne : public TwoEngines, public ::testing::WithParamInterface<int> {};

TEST_P(LoseOne, EveryMessageIsRecoveredByRetransmission) {
  int n = 0;
  bool dropped = false;
  net.filter = [&](const Datagram&) {
    if (++n == GetParam() && !dropped) {
      dropped = true;
      return false;
    }
    return true;
  };
  start(SideOptions{});
  auto st = initiate_left("net", std::chrono::seconds(30));
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  ASSERT_TRUE(dropped);
  // The responder's last QM2 may still be retransmitted once QM3 was lost: let it settle.
  settle(std::chrono::seconds(30));
  expect_mirrored_child(*left, *right);
  auto retransmits =
      left->engine->stats().retransmits_sent + right->engine->stats().retransmits_sent;
  EXPECT_GE(retransmits, 1u);
}

INSTANTIATE_TEST_SUITE_P(Messages, LoseOne, ::testing::Range(1, 10));

TEST_F(TwoEngines, DuplicatesAreAnsweredFromTheCache) {
  net.duplicate = [](const Datagram&) { return 1; };
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  settle(std::chrono::seconds(5));
  expect_mirrored_child(*left, *right);
  EXPECT_GE(right->engine->stats().retransmits_answered, 3u);  // MM1, MM3, MM5, QM1 again
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 1u);
  EXPECT_EQ(left->sas()[0].children.size(), 1u);
  EXPECT_EQ(right->sas()[0].children.size(), 1u);
  EXPECT_EQ(right->engine->stats().child_installed, 1u);
}

TEST_F(TwoEngines, ARetransmittedFinalMessageIsAnsweredAgain) {
  // MM6 lost: the initiator retransmits MM5, and the responder (already established) answers
  // with the cached MM6 instead of processing MM5 twice.
  int n = 0;
  net.filter = [&](const Datagram&) { return ++n != 6; };
  start(SideOptions{});
  ASSERT_TRUE(initiate_left("net", std::chrono::seconds(30)));
  EXPECT_EQ(right->engine->stats().retransmits_answered, 1u);
  EXPECT_EQ(right->engine->stats().phase1_established, 1u);
}

TEST_F(TwoEngines, ReorderedQuickModesOnOneSaStayApart) {
  SideOptions l, r;
  l.more_children = "db {\n local_ts = 10.1.1.0/24\n remote_ts = 10.2.1.0/24\n }";
  r.more_children = "db {\n local_ts = 10.2.1.0/24\n remote_ts = 10.1.1.0/24\n }";
  start(side_config(true, l), side_config(false, r));
  ASSERT_TRUE(initiate_left("net"));
  // Two Quick Modes at once, their first messages delivered in reverse order.
  std::optional<Status> a, b;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { a = s; }));
  ASSERT_TRUE(left->engine->initiate("t", "db", [&](const Status& s) { b = s; }));
  ASSERT_EQ(net.queue.size(), 2u);
  std::swap(net.queue[0], net.queue[1]);
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(a && *a);
  ASSERT_TRUE(b && *b);
  EXPECT_EQ(left->installed_children(), 2u);  // net was renegotiated: the old pair is REKEYED
  EXPECT_EQ(right->installed_children(), 2u);
}

TEST_F(TwoEngines, SimultaneousNegotiationsWithTheSamePeerStayApart) {
  start(SideOptions{});
  std::optional<Status> a, b;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { a = s; }));
  ASSERT_TRUE(right->engine->initiate("t", "net", [&](const Status& s) { b = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(a && *a) << logs_text();
  ASSERT_TRUE(b && *b);
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 2u);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_NE(l[0].spi_i, l[1].spi_i);
  // The later one supersedes the earlier on each side, and both sides negotiated "net": the
  // duplicate pair is deleted again by its maker.
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_EQ(left->backend.sas().size(), 2u);
  EXPECT_EQ(right->backend.sas().size(), 2u);
  EXPECT_EQ(left->backend.policies().size(), 1u);
}

TEST_F(TwoEngines, SilentPeerMakesTheInitiatorGiveUp) {
  net.filter = [](const Datagram& d) { return d.sender == 0 ? true : false; };
  start(SideOptions{});
  auto st = initiate_left("net", std::chrono::minutes(5));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("did not answer Main Mode after 5 retransmissions"),
            std::string::npos)
      << st.error().message;
  EXPECT_EQ(left->engine->stats().retransmits_sent, 5u);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  settle(std::chrono::minutes(1));
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);  // half_open_timeout
}

// MM5 arrives cut into three FRAG payloads (Cisco's scheme, which strongSwan also uses).
TEST_F(TwoEngines, FragmentedMessagesAreReassembled) {
  bool cut = false;
  net.filter = [&](const Datagram& d) {
    auto h = header_of(d);
    if (cut || d.sender != 0 || !h.encrypted() ||
        h.exchange_type != ExchangeType::kIdentityProtection) {
      return true;
    }
    cut = true;
    std::size_t chunk = d.data.size() / 3 + 1;
    for (std::uint8_t n = 1; n <= 3; ++n) {
      std::size_t at = (n - 1) * chunk;
      wire::ikev1::FragmentPayload f;
      f.id = 7;
      f.number = n;
      f.flags = n == 3 ? wire::ikev1::kFragmentLast : 0;
      f.data.assign(
          d.data.begin() + static_cast<std::ptrdiff_t>(at),
          d.data.begin() + static_cast<std::ptrdiff_t>(std::min(at + chunk, d.data.size())));
      wire::ikev1::Message m;
      m.header = h;
      m.header.flags = 0;
      m.payloads = {wire::ikev1::Payload{std::move(f)}};
      Datagram piece = d;
      piece.data = *wire::ikev1::encode(m);
      net.queue.push_front(piece);
    }
    std::swap(net.queue[0], net.queue[2]);  // in order 1, 2, 3
    return false;
  };
  start(SideOptions{});
  ASSERT_TRUE(initiate_left()) << logs_text();
  EXPECT_TRUE(cut);
  EXPECT_EQ(right->engine->stats().fragments_received, 3u);
  EXPECT_EQ(right->engine->stats().messages_reassembled, 1u);
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, ReplayedQuickModeIsDropped) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  // Find QM1 and deliver it again long after the exchange ended.
  const Datagram* qm1 = nullptr;
  for (const auto& d : net.log) {
    auto h = header_of(d);
    if (h.exchange_type == ExchangeType::kQuickMode && d.sender == 0) {
      qm1 = &d;
      break;
    }
  }
  ASSERT_NE(qm1, nullptr);
  Datagram copy = *qm1;
  settle(std::chrono::minutes(2));  // the Quick Mode's answer cache is gone
  net.deliver(copy);
  EXPECT_EQ(right->engine->stats().replays_dropped, 1u);
  EXPECT_EQ(right->sas()[0].children.size(), 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
