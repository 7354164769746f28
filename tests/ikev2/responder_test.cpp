// IKEv2 responders run alone, against a recording ExchangeContext instead of an engine: what
// they answer and what they ask for are values a test can read (responder.hpp). The two-engine
// tests cover the same exchanges end to end; these pin down the refusals and the SA's end that a
// responder decides on its own.
#include <gtest/gtest.h>

#include "ikev2/exchanges/child_create.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/exchanges/ike_auth.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/exchanges/responders.hpp"
#include "support/ikev2_exchange_context.hpp"

namespace oakley::ikev2::testing {
namespace {

namespace w = wire::ikev2;

// The active exchange of our own on the SA, as far as a responder looks at it.
class OwnExchange final : public Task {
 public:
  explicit OwnExchange(w::ExchangeType type) : type_(type) {}
  std::string_view name() const override { return "OWN"; }
  w::ExchangeType exchange() const override { return type_; }
  Result<Payloads> build_request(IkeSa&) override { return Payloads{}; }
  Step process_response(IkeSa&, const Payloads&, ByteView) override { return Step::done(); }

 private:
  w::ExchangeType type_;
};

class Responders : public ::testing::Test {
 protected:
  Responders() : sa(1, false, ctx.timer_heap, ike::RetransmitSettings{}) {
    sa.state = IkeState::kEstablished;
    ctx.sas.push_back(&sa);
  }

  Reply respond(w::ExchangeType type, Payloads payloads) {
    header.exchange_type = type;
    header.message_id = 7;
    request_payloads = std::move(payloads);
    auto& responder = responders.at(type);
    EXPECT_TRUE(responder->accepts(sa)) << responder->name();
    return responder->respond(sa, Request{header, request_payloads});
  }

  ChildSa& add_child(std::uint32_t id, std::uint32_t spi_in, std::uint32_t spi_out) {
    auto child = std::make_unique<ChildSa>();
    child->id = id;
    child->spi_in = spi_in;
    child->spi_out = spi_out;
    child->state = ChildState::kInstalled;
    sa.children.push_back(std::move(child));
    return *sa.children.back();
  }

  static w::Payload esp_sa_payload() {
    w::Proposal p;
    p.protocol = w::ProtocolId::kEsp;
    p.spi = {0xca, 0xfe, 0x00, 0x01};
    return w::Payload{w::SaPayload{{p}}, false};
  }

  static w::Payload ike_sa_payload() {
    w::Proposal p;
    p.protocol = w::ProtocolId::kIke;
    p.spi = Bytes(8, 0x42);
    return w::Payload{w::SaPayload{{p}}, false};
  }

  static const w::NotifyPayload* only_notify(const Reply& r) {
    if (r.kind != Reply::Kind::kSend || r.payloads.size() != 1) return nullptr;
    return r.payloads.front().get<w::NotifyPayload>();
  }

  RecordingExchangeContext ctx;
  IkeSa sa;
  std::map<w::ExchangeType, std::unique_ptr<Responder>> responders = make_responders(ctx);
  w::Header header;
  Payloads request_payloads;
};

TEST_F(Responders, EachExchangeTheSaStateAdmits) {
  sa.state = IkeState::kCreated;
  EXPECT_TRUE(responders.at(w::ExchangeType::kIkeAuth)->accepts(sa));
  EXPECT_TRUE(responders.at(w::ExchangeType::kIkeIntermediate)->accepts(sa));
  EXPECT_FALSE(responders.at(w::ExchangeType::kCreateChildSa)->accepts(sa));
  EXPECT_FALSE(responders.at(w::ExchangeType::kInformational)->accepts(sa));
  EXPECT_FALSE(responders.at(w::ExchangeType::kIkeFollowupKe)->accepts(sa));
  sa.state = IkeState::kEstablished;
  EXPECT_FALSE(responders.at(w::ExchangeType::kIkeAuth)->accepts(sa));
  EXPECT_TRUE(responders.at(w::ExchangeType::kCreateChildSa)->accepts(sa));
  EXPECT_TRUE(responders.at(w::ExchangeType::kInformational)->accepts(sa));
  sa.state = IkeState::kDeleting;
  EXPECT_FALSE(responders.at(w::ExchangeType::kIkeFollowupKe)->accepts(sa));
  EXPECT_FALSE(responders.at(w::ExchangeType::kCreateChildSa)->accepts(sa));
  // Our own initiator never answers its own exchange's requests.
  IkeSa ours(2, true, ctx.timer_heap, ike::RetransmitSettings{});
  EXPECT_FALSE(responders.at(w::ExchangeType::kIkeAuth)->accepts(ours));
}

TEST_F(Responders, ThePeersDeleteOfTheIkeSaIsAnsweredAndEndsItAsClosedByThePeer) {
  auto reply = respond(w::ExchangeType::kInformational, {w::Payload{w::DeletePayload::ike()}});
  ASSERT_EQ(reply.kind, Reply::Kind::kSend);
  EXPECT_TRUE(reply.payloads.empty());
  ASSERT_TRUE(reply.end);
  EXPECT_FALSE(reply.end->failed);
  EXPECT_TRUE(reply.end->closed_by_peer);
  EXPECT_EQ(reply.end->why, "deleted by the peer");
  // The SA's end is the engine's to carry out, not the responder's.
  EXPECT_TRUE(ctx.effects.empty());
}

TEST_F(Responders, ADeleteOfAnIkeSaWeAreDeletingIsNotAClose) {
  sa.state = IkeState::kDeleting;
  auto reply = respond(w::ExchangeType::kInformational, {w::Payload{w::DeletePayload::ike()}});
  ASSERT_TRUE(reply.end);
  EXPECT_FALSE(reply.end->closed_by_peer);
}

TEST_F(Responders, AChildDeleteIsAnsweredWithOurSpiAndTheChildGoes) {
  add_child(5, 0x1111, 0x2222);
  add_child(6, 0x3333, 0x4444);
  auto reply = respond(w::ExchangeType::kInformational,
                       {w::Payload{w::DeletePayload::child(w::ProtocolId::kEsp, {0x2222})}});
  ASSERT_EQ(reply.kind, Reply::Kind::kSend);
  EXPECT_FALSE(reply.end);
  ASSERT_EQ(reply.payloads.size(), 1u);
  const auto* d = reply.payloads.front().get<w::DeletePayload>();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(*d, w::DeletePayload::child(w::ProtocolId::kEsp, {0x1111}));
  EXPECT_EQ(ctx.effects, std::vector<std::string>{"remove_child closed 1 5"});
}

TEST_F(Responders, ACreateChildSaDuringAnotherFollowupChainIsATemporaryFailure) {
  sa.followup = std::make_unique<FollowupResponder>();
  auto reply = respond(w::ExchangeType::kCreateChildSa, {esp_sa_payload()});
  const auto* n = only_notify(reply);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, w::NotifyType::kTemporaryFailure);
  EXPECT_FALSE(reply.end);
  EXPECT_EQ(ctx.stats.child_failed, 1u);
  EXPECT_EQ(ctx.effects, std::vector<std::string>{"emit_child_failed 1"});
}

TEST_F(Responders, ARekeyOfAnUnknownChildIsChildSaNotFound) {
  add_child(5, 0x1111, 0x2222);
  auto rekey = w::NotifyPayload::of(w::NotifyType::kRekeySa);
  rekey.protocol = w::ProtocolId::kEsp;
  rekey.spi = {0x00, 0x00, 0x99, 0x99};
  auto reply = respond(w::ExchangeType::kCreateChildSa, {w::Payload{rekey}, esp_sa_payload()});
  const auto* n = only_notify(reply);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, w::NotifyType::kChildSaNotFound);
  EXPECT_EQ(sa.children.size(), 1u);
}

TEST_F(Responders, AnIkeRekeyWhileOurChildExchangeRunsIsATemporaryFailure) {
  sa.active = std::make_unique<OwnExchange>(w::ExchangeType::kCreateChildSa);
  auto reply = respond(w::ExchangeType::kCreateChildSa, {ike_sa_payload()});
  const auto* n = only_notify(reply);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, w::NotifyType::kTemporaryFailure);
  EXPECT_FALSE(reply.end);
  EXPECT_TRUE(ctx.effects.empty());
}

TEST_F(Responders, AFollowupKeWithoutAPendingChainIsStateNotFound) {
  auto reply = respond(w::ExchangeType::kIkeFollowupKe, {});
  const auto* n = only_notify(reply);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, w::NotifyType::kStateNotFound);
  EXPECT_FALSE(reply.end);
}

TEST_F(Responders, IkeAuthBeforeTheAdditionalKeyExchangesEndsTheHalfOpenSa) {
  sa.state = IkeState::kCreated;
  sa.intermediate.pending.push_back(DhId::kModp3072);
  auto reply = respond(w::ExchangeType::kIkeAuth, {});
  const auto* n = only_notify(reply);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->type, w::NotifyType::kInvalidSyntax);
  ASSERT_TRUE(reply.end);
  EXPECT_TRUE(reply.end->failed);
  EXPECT_FALSE(reply.end->closed_by_peer);
}

}  // namespace
}  // namespace oakley::ikev2::testing
