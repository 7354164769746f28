// Message IDs on a long-lived ISAKMP SA: a replayed QM1 or INFORMATIONAL carries a HASH that
// still verifies (it covers only the message), so the message ID is all that tells a replay; every
// ID the SA saw is kept, and an SA that used too many is replaced.
#include "ikev1/exchanges/informational.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using wire::ikev1::ExchangeType;
namespace w = wire::ikev1;

class MessageIds : public TwoEngines {
 protected:
  IsakmpSa& left_sa() { return *left->engine->find_sa(*left->engine->find_ike_id("t")); }
  IsakmpSa& right_sa() { return *right->engine->find_sa(*right->engine->find_ike_id("t")); }

  // An authenticated R-U-THERE from the left, returned as sent.
  Datagram left_dpd(std::uint32_t sequence) {
    auto& sa = left_sa();
    left->engine->send_informational(
        sa, {w::Payload{w::NotifyPayload::dpd(false, sa.icookie, sa.rcookie, sequence)}});
    Datagram sent = net.queue.back();
    settle();
    return sent;
  }

  std::size_t sent_by_right() const {
    std::size_t n = 0;
    for (const auto& d : net.log)
      n += d.sender == 1;
    return n;
  }
};

TEST_F(MessageIds, ReplayedInformationalAndQuickModeAfterManyExchangesAreDropped) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left()) << logs_text();
  std::optional<Datagram> qm1;
  for (const auto& d : net.log) {
    if (header_of(d).exchange_type == ExchangeType::kQuickMode && d.sender == 0) {
      qm1 = d;
      break;
    }
  }
  ASSERT_TRUE(qm1);
  Datagram old_info = left_dpd(1);
  // Far more exchanges than a history of the last 256 IDs holds (each DPD and its ACK use one).
  for (std::uint32_t seq = 2; seq < 300; ++seq)
    (void)left_dpd(seq);
  settle(std::chrono::minutes(2));  // the Quick Mode's answer cache is gone
  auto replays = right->engine->stats().replays_dropped;
  auto answered = right->engine->stats().dpd_answered;
  auto right_sent = sent_by_right();
  net.deliver(old_info);
  net.deliver(*qm1);
  settle();
  EXPECT_EQ(right->engine->stats().replays_dropped, replays + 2);
  EXPECT_EQ(right->engine->stats().dpd_answered, answered);
  EXPECT_EQ(sent_by_right(), right_sent);  // no R-U-THERE-ACK, no QM2
  EXPECT_EQ(right->sas()[0].children.size(), 1u);
}

TEST_F(MessageIds, SaThatUsedTooManyMessageIdsIsReplaced) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left()) << logs_text();
  auto& sa = right_sa();
  std::uint32_t old_id = sa.id;
  for (std::uint32_t mid = 0xf0000000; sa.used_mids.size() < IsakmpSa::kMaxMessageIds - 1; ++mid)
    sa.remember_mid(mid);
  (void)left_dpd(1);  // the last ID the SA may take
  settle(std::chrono::seconds(5));
  EXPECT_EQ(right->engine->stats().message_id_limit_reached, 1u);
  EXPECT_TRUE(log_contains("message IDs used on ISAKMP SA")) << logs_text();
  // A new Phase 1 took over: the tunnel stays, the old SA is gone.
  EXPECT_EQ(right->engine->stats().phase1_established, 2u);
  ASSERT_EQ(right->sas().size(), 1u);
  EXPECT_NE(right->sas()[0].id, old_id);
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_EQ(left->installed_children(), 1u);
}

TEST_F(MessageIds, ExhaustedSaRefusesNewExchanges) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left()) << logs_text();
  auto& sa = right_sa();
  for (std::uint32_t mid = 0xf0000000; sa.used_mids.size() < IsakmpSa::kMaxMessageIds; ++mid)
    sa.remember_mid(mid);
  auto answered = right->engine->stats().dpd_answered;
  (void)left_dpd(1);
  EXPECT_EQ(right->engine->stats().message_ids_exhausted, 1u);
  EXPECT_EQ(right->engine->stats().dpd_answered, answered);
  EXPECT_EQ(right_sa().used_mids.size(), IsakmpSa::kMaxMessageIds);
}

}  // namespace
}  // namespace oakley::ikev1::testing
