// PFS in CREATE_CHILD_SA (RFC 7296 1.3): when esp_proposals name a DH group, a new or rekeyed
// CHILD_SA needs a key exchange in that group, in both roles; only the child that comes with
// IKE_AUTH is keyed without one. "-none" after the groups makes PFS optional.
#include "crafted.hpp"
#include "ikev2/payload_convert.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

const std::string kSuite = "aes128gcm16-prfsha256-x25519";

ike::Transform transform(TransformType type, std::uint16_t id, std::uint16_t bits = 0) {
  return {type, id, bits};
}

// One ESP proposal (AES-GCM-128, no ESN) with an optional PFS group.
ike::Proposal esp_proposal(std::uint32_t spi, DhId group) {
  ike::Proposal p{1, ike::Protocol::kEsp, spi32_bytes(spi), {}};
  p.transforms.push_back(
      transform(TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesGcm16), 128));
  if (group != DhId::kNone) {
    p.transforms.push_back(transform(TransformType::kDh, static_cast<std::uint16_t>(group)));
  }
  p.transforms.push_back(transform(TransformType::kEsn, 0));
  return p;
}

ike::Selectors subnet(const char* prefix) {
  auto a = IpAddress::parse(prefix);
  return {TrafficSelector::from_prefix(*a, 24)};
}

class Ikev2Pfs : public TwoEngines {
 protected:
  void up(const std::string& left_esp, const std::string& right_esp) {
    start(side_config(true, kSuite, left_esp), side_config(false, kSuite, right_esp));
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message;  // IKE_AUTH's child never needs a KE
    l = sole_sa(*left->engine);
    r = sole_sa(*right->engine);
    ASSERT_TRUE(l && r);
  }
  Status rekey_from_left() {
    auto id = left->engine->find_child_id("t", "net");
    if (!id) return make_error("no child");
    std::optional<Status> result;
    auto st = left->engine->rekey_child(*id, [&](const Status& s) { result = s; });
    if (!st) return st;
    settle(5s);
    return result ? *result : make_error("did not complete");
  }
  // A CREATE_CHILD_SA request for a new child from the left, without KE, offering `group`.
  Bytes new_child_request(DhId group) {
    Payloads p;
    p.push_back(w::Payload{to_sa_payload({esp_proposal(0x11223344, group)}), false});
    p.push_back(w::Payload{w::NoncePayload{Bytes(32, 0x42)}, false});
    p.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, subnet("10.1.0.0")), false});
    p.push_back(w::Payload{to_ts_payload(w::Side::kResponder, subnet("10.2.0.0")), false});
    return crafted_sk(*l, w::ExchangeType::kCreateChildSa, l->next_request_id, p);
  }
  // Sends `request` to the right and returns what it answered, as the left reads it.
  Payloads right_answers(const Bytes& request) {
    deliver(*right, *left, request);
    EXPECT_EQ(net.queue.size(), 1u);
    if (net.queue.empty()) return {};
    auto answer = opened(*l, net.queue.front().data);
    net.queue.clear();
    EXPECT_TRUE(answer);
    return answer ? *answer : Payloads{};
  }

  IkeSa* l = nullptr;
  IkeSa* r = nullptr;
};

TEST_F(Ikev2Pfs, NewChildWithoutKeIsRefusedWithInvalidKePayload) {
  up("aes128gcm16-x25519", "aes128gcm16-x25519");
  auto children = right->backend.sas().size();
  auto answer = right_answers(new_child_request(DhId::kCurve25519));
  const auto* n = w::find_notify(answer, w::NotifyType::kInvalidKePayload);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->data, (Bytes{0, 31}));  // the group to use: Curve25519
  EXPECT_EQ(right->backend.sas().size(), children);
  EXPECT_EQ(right->engine->stats().child_ke_missing, 1u);
}

TEST_F(Ikev2Pfs, NewChildWithoutPfsGroupIsRefusedWhenEspProposalsRequireOne) {
  up("aes128gcm16-x25519", "aes128gcm16-x25519");
  auto children = right->backend.sas().size();
  auto answer = right_answers(new_child_request(DhId::kNone));
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kNoProposalChosen));
  EXPECT_EQ(right->backend.sas().size(), children);
}

TEST_F(Ikev2Pfs, RekeyWithoutPfsIsRefusedWhenTheResponderRequiresIt) {
  up("aes128gcm16", "aes128gcm16-x25519");
  auto st = rekey_from_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO_PROPOSAL_CHOSEN"), std::string::npos) << st.error().message;
  EXPECT_EQ(right->engine->stats().child_rekeyed, 0u);
  EXPECT_EQ(right->backend.sas().size(), 2u);  // the old pair, still in use
}

TEST_F(Ikev2Pfs, OptionalPfsAcceptsARekeyWithoutKe) {
  up("aes128gcm16", "aes128gcm16-x25519-none");
  ASSERT_TRUE(rekey_from_left());
  EXPECT_EQ(right->engine->stats().child_rekeyed, 1u);
}

TEST_F(Ikev2Pfs, RekeyWithPfsOnBothSidesUsesTheGroup) {
  up("aes128gcm16-x25519", "aes128gcm16-x25519-none");
  ASSERT_TRUE(rekey_from_left());
  auto sas = right->sas();
  ASSERT_EQ(sas.size(), 1u);
  bool pfs = false;
  for (const auto& c : sas[0].children)
    pfs |= c.state == "INSTALLED" && c.dh == "CURVE_25519";
  EXPECT_TRUE(pfs);
}

// Initiator role: the left asked for a rekey; what the right answers is crafted.
class Ikev2PfsInitiator : public Ikev2Pfs {
 protected:
  // Starts a rekey on the left and answers it with `payloads` under the right's keys.
  Status rekey_answered_with(DhId chosen_group, bool with_ke) {
    std::vector<Bytes> requests;
    net.filter = [&](const Datagram& d) {
      auto m = w::parse_message(d.data);
      if (m && m->header.exchange_type == w::ExchangeType::kCreateChildSa)
        requests.push_back(d.data);
      return !(m && m->header.exchange_type == w::ExchangeType::kCreateChildSa);
    };
    auto id = left->engine->find_child_id("t", "net");
    std::optional<Status> result;
    EXPECT_TRUE(left->engine->rekey_child(*id, [&](const Status& s) { result = s; }));
    net.pump();
    net.filter = nullptr;
    EXPECT_EQ(requests.size(), 1u);
    auto m = w::parse_message(requests.front());
    Payloads p;
    p.push_back(w::Payload{to_sa_payload({esp_proposal(0x55667788, chosen_group)}), false});
    p.push_back(w::Payload{w::NoncePayload{Bytes(32, 0x43)}, false});
    if (with_ke) {
      p.push_back(w::Payload{w::KePayload{DhId::kCurve25519, Bytes(32, 0x09)}, false});
    }
    p.push_back(w::Payload{to_ts_payload(w::Side::kInitiator, subnet("10.1.0.0")), false});
    p.push_back(w::Payload{to_ts_payload(w::Side::kResponder, subnet("10.2.0.0")), false});
    deliver(*left, *right,
            crafted_sk(*r, w::ExchangeType::kCreateChildSa, m->header.message_id, p, true));
    settle(1s);
    return result ? *result : make_error("did not complete");
  }
};

TEST_F(Ikev2PfsInitiator, AnswerWithoutKeIsRefusedWhenWeRequirePfs) {
  up("aes128gcm16-x25519", "aes128gcm16-x25519");
  auto st = rekey_answered_with(DhId::kCurve25519, false);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("sent no matching KE"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(left->engine->stats().child_ke_missing, 1u);
  EXPECT_EQ(left->engine->stats().child_rekeyed, 0u);
}

TEST_F(Ikev2PfsInitiator, AnswerWithoutPfsGroupIsRefusedWhenWeRequirePfs) {
  up("aes128gcm16-x25519", "aes128gcm16-x25519");
  auto st = rekey_answered_with(DhId::kNone, false);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("did not offer"), std::string::npos) << st.error().message;
  EXPECT_EQ(left->engine->stats().child_rekeyed, 0u);
}

TEST_F(Ikev2PfsInitiator, AnswerWithAPfsGroupWeDidNotOfferIsRefused) {
  up("aes128gcm16", "aes128gcm16");
  auto st = rekey_answered_with(DhId::kCurve25519, true);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("did not offer"), std::string::npos) << st.error().message;
  EXPECT_EQ(left->engine->stats().child_rekeyed, 0u);
}

}  // namespace
}  // namespace oakley::ikev2::testing
