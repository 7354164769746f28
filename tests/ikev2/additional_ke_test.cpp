// RFC 9370 multiple key exchanges between two engines: IKE_SA_INIT negotiates the additional key
// exchanges (ADDKE1..7), one IKE_INTERMEDIATE exchange (RFC 9242) per additional key exchange
// updates the keys, and IKE_AUTH's AUTH covers those messages (IntAuth). NONE makes one optional;
// a peer that cannot do them gets NO_PROPOSAL_CHOSEN; wrong or missing KEs end the half-open SA.
#include "crafted.hpp"
#include "ike/diagnosis/finding.hpp"
#include "ikev2/sk_crypter.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

const std::string kHybrid = "aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072";

class AdditionalKe : public TwoEngines {
 protected:
  void both(const std::string& left_ike, const std::string& right_ike,
            const std::string& left_esp = "aes128gcm16",
            const std::string& right_esp = "aes128gcm16") {
    start(side_config(true, left_ike, left_esp), side_config(false, right_ike, right_esp));
  }
  // Counts the messages of one exchange type on the wire (both directions), as the log shows.
  int sent(const std::string& what) const {
    int n = 0;
    for (const auto& l : logs)
      n += l.find("sending " + what) != std::string::npos;
    return n;
  }
  // Keeps the left's messages of `exchange` off the wire (kept in `held`).
  void hold_left(w::ExchangeType exchange) {
    net.filter = [this, exchange](const Datagram& d) {
      auto m = w::parse_message(d.data);
      bool hold = d.sender == 0 && m && m->header.exchange_type == exchange;
      if (hold) held.push_back(d.data);
      return !hold;
    };
  }
  // Starts an initiation from the left and runs it up to (not including) its first
  // IKE_INTERMEDIATE request reaching the right.
  IkeSa* left_after_init() {
    hold_left(w::ExchangeType::kIkeIntermediate);
    EXPECT_TRUE(left->engine->initiate("t", "net", [this](const Status& s) { outcome = s; }));
    settle(100ms);
    net.filter = nullptr;
    EXPECT_EQ(held.size(), 1u);
    return sole_sa(*left->engine);
  }
  std::vector<Bytes> held;
  std::optional<Status> outcome;  // of the initiation left_after_init started
};

TEST_F(AdditionalKe, EstablishesWithOneAdditionalKeyExchange) {
  both("aes128gcm16-prfsha256-x25519-ke1_ecp256", "aes128gcm16-prfsha256-x25519-ke1_ecp256");
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(sent("IKE_INTERMEDIATE request"), 1);
  EXPECT_EQ(sent("IKE_INTERMEDIATE response"), 1);
  EXPECT_TRUE(log_contains("sending IKE_AUTH request 2 ")) << logs_text();
  expect_mirrored_child(*left, *right);
  auto sa = left->sas().at(0);
  EXPECT_EQ(sa.additional_kes, (std::vector<std::string>{"KE1_ECP_256"}));
  EXPECT_EQ(right->sas().at(0).additional_kes, (std::vector<std::string>{"KE1_ECP_256"}));
}

TEST_F(AdditionalKe, EstablishesWithTwoAdditionalKeyExchanges) {
  both(kHybrid, kHybrid);
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(sent("IKE_INTERMEDIATE request"), 2);
  EXPECT_TRUE(log_contains("sending IKE_AUTH request 3 ")) << logs_text();
  EXPECT_TRUE(log_contains("additional key exchange MODP_3072 done (2 of 2), keys updated"));
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(left->sas().at(0).additional_kes,
            (std::vector<std::string>{"KE1_ECP_384", "KE2_MODP_3072"}));
}

TEST_F(AdditionalKe, EstablishesWithThreeAdditionalKeyExchangesAndGaps) {
  // ADDKE2 and ADDKE5 unused, ADDKE4 NONE by choice: three exchanges, in ADDKE order.
  const std::string ike = "aes128-sha256-ecp256-ke1_x448-ke3_ecp256-ke4_none-ke6_x25519";
  both(ike, ike);
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(sent("IKE_INTERMEDIATE request"), 3);
  EXPECT_TRUE(log_contains("sending IKE_AUTH request 4 ")) << logs_text();
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(right->sas().at(0).additional_kes,
            (std::vector<std::string>{"KE1_CURVE_448", "KE3_ECP_256", "KE6_CURVE_25519"}));
}

TEST_F(AdditionalKe, OptionalAdditionalKeyExchangeMayBeNone) {
  both("aes128gcm16-prfsha256-x25519-ke1_ecp384-ke1_none", "aes128gcm16-prfsha256-x25519");
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(sent("IKE_INTERMEDIATE"), 0);
  EXPECT_TRUE(log_contains("sending IKE_AUTH request 1 "));
  EXPECT_TRUE(left->sas().at(0).additional_kes.empty());
  expect_mirrored_child(*left, *right);
}

TEST_F(AdditionalKe, ResponderPicksNoneWhenItPrefersIt) {
  both("aes128gcm16-prfsha256-x25519-ke1_ecp384-ke1_none",
       "aes128gcm16-prfsha256-x25519-ke1_none-ke1_ecp384");
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(sent("IKE_INTERMEDIATE"), 0);
}

TEST_F(AdditionalKe, RequiredByTheInitiatorButUnknownToTheResponder) {
  both(kHybrid, "aes256gcm16-prfsha384-x25519");
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO_PROPOSAL_CHOSEN"), std::string::npos) << st.error().message;
  EXPECT_EQ(left->sas().size(), 0u);
  EXPECT_EQ(right->sas().size(), 0u);
}

TEST_F(AdditionalKe, RequiredByTheResponderButNotOffered) {
  both("aes256gcm16-prfsha384-x25519", kHybrid);
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO_PROPOSAL_CHOSEN"), std::string::npos) << st.error().message;
}

TEST_F(AdditionalKe, FallsBackToAProposalWithoutThemWhenTheResponderHasNone) {
  both(kHybrid + ",aes128gcm16-prfsha256-x25519", "aes128gcm16-prfsha256-x25519");
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(sent("IKE_INTERMEDIATE"), 0);
}

// A responder whose initiator did not announce INTERMEDIATE_EXCHANGE_SUPPORTED cannot do them.
TEST_F(AdditionalKe, InitiatorWithoutIntermediateSupportGetsNoProposalChosen) {
  both(kHybrid, kHybrid);
  hold_left(w::ExchangeType::kIkeSaInit);
  ASSERT_TRUE(left->engine->initiate("t", "net", [this](const Status& s) { outcome = s; }));
  net.pump();
  net.filter = nullptr;
  ASSERT_EQ(held.size(), 1u);
  auto m = w::parse_message(held.front());
  ASSERT_TRUE(m);
  std::erase_if(m->payloads, [](const w::Payload& p) {
    const auto* n = p.get<w::NotifyPayload>();
    return n && n->type == w::NotifyType::kIntermediateExchangeSupported;
  });
  auto stripped = w::encode(*m);
  ASSERT_TRUE(stripped);
  deliver(*right, *left, *stripped);
  ASSERT_EQ(net.queue.size(), 1u);
  auto answer = w::parse_message(net.queue.front().data);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(w::find_notify(answer->payloads, w::NotifyType::kNoProposalChosen));
  EXPECT_EQ(right->sas().size(), 0u);
}

TEST_F(AdditionalKe, WrongGroupInIntermediateEndsTheSa) {
  both(kHybrid, kHybrid);
  IkeSa* l = left_after_init();
  ASSERT_TRUE(l && l->crypter);
  ASSERT_EQ(right->sas().size(), 1u);
  Payloads p;
  p.push_back(w::Payload{w::KePayload{DhId::kCurve25519, Bytes(32, 0x09)}, false});
  deliver(*right, *left, crafted_sk(*l, w::ExchangeType::kIkeIntermediate, 1, p));
  ASSERT_EQ(net.queue.size(), 1u);
  auto answer = opened(*l, net.queue.front().data);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(w::find_notify(*answer, w::NotifyType::kInvalidSyntax));
  EXPECT_EQ(right->sas().size(), 0u);
  EXPECT_TRUE(log_contains("KE payload of group CURVE_25519 (negotiated ECP_384)")) << logs_text();
}

TEST_F(AdditionalKe, MissingKeInIntermediateEndsTheSa) {
  both(kHybrid, kHybrid);
  IkeSa* l = left_after_init();
  ASSERT_TRUE(l && l->crypter);
  deliver(*right, *left, crafted_sk(*l, w::ExchangeType::kIkeIntermediate, 1, {}));
  ASSERT_EQ(net.queue.size(), 1u);
  auto answer = opened(*l, net.queue.front().data);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(w::find_notify(*answer, w::NotifyType::kInvalidSyntax));
  EXPECT_EQ(right->sas().size(), 0u);
  EXPECT_TRUE(log_contains("no KE payload (expected ECP_384)")) << logs_text();
}

TEST_F(AdditionalKe, IkeAuthBeforeTheAdditionalKeyExchangesEndsTheSa) {
  both(kHybrid, kHybrid);
  IkeSa* l = left_after_init();
  ASSERT_TRUE(l && l->crypter);
  Payloads p;
  p.push_back(w::Payload{w::IdPayload{w::Side::kInitiator, w::IdType::kFqdn, Bytes{0x78}}, false});
  deliver(*right, *left, crafted_sk(*l, w::ExchangeType::kIkeAuth, 1, p));
  ASSERT_EQ(net.queue.size(), 1u);
  auto answer = opened(*l, net.queue.front().data);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(w::find_notify(*answer, w::NotifyType::kInvalidSyntax));
  EXPECT_EQ(right->sas().size(), 0u);
  EXPECT_TRUE(log_contains("IKE_AUTH before the additional key exchange ECP_384")) << logs_text();
}

// oakctl diagnose files an IKE_INTERMEDIATE failure under its own phase on both sides: not as
// IKE_SA_INIT's (whose failures are proposal problems anyone can provoke).
TEST_F(AdditionalKe, IntermediateFailureIsFiledUnderItsOwnPhase) {
  both(kHybrid, kHybrid);
  IkeSa* l = left_after_init();
  ASSERT_TRUE(l && l->crypter);
  Payloads p;
  p.push_back(w::Payload{w::KePayload{DhId::kCurve25519, Bytes(32, 0x09)}, false});
  deliver(*right, *left, crafted_sk(*l, w::ExchangeType::kIkeIntermediate, 1, p));
  ASSERT_EQ(right->sas().size(), 0u);
  std::optional<ike::diagnosis::Finding> found;
  std::string all;
  for (const auto& line : right->engine->diagnose("t")) {
    all += line + "\n";
    auto f = ike::diagnosis::parse_line(line);
    if (f.code == "intermediate-failed") found = f;
    EXPECT_EQ(line.find("IKE_SA_INIT"), std::string::npos) << line;
  }
  ASSERT_TRUE(found) << all;
  EXPECT_EQ(found->severity, ike::diagnosis::Severity::kError);
  EXPECT_EQ(found->text.rfind("IKE_INTERMEDIATE failed: ", 0), 0u) << found->text;
  EXPECT_NE(found->text.find("KE payload of group CURVE_25519"), std::string::npos) << found->text;
  EXPECT_NE(all.find("we were the responder"), std::string::npos) << all;
  ASSERT_TRUE(right->engine->diagnosis().evidence("t"));
  const auto& failure = right->engine->diagnosis().evidence("t")->failure;
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->phase, ike::diagnosis::Phase::kIkeIntermediate);
  EXPECT_FALSE(failure->spoofable);
}

// A responder that answers with a KE of another group: the initiator ends the SA.
TEST_F(AdditionalKe, InitiatorRefusesAResponseOfTheWrongGroup) {
  both(kHybrid, kHybrid);
  IkeSa* l = left_after_init();
  ASSERT_TRUE(l);
  IkeSa* r = sole_sa(*right->engine);
  ASSERT_TRUE(r && r->crypter);
  Payloads p;
  p.push_back(w::Payload{w::KePayload{DhId::kModp3072, Bytes(384, 0x05)}, false});
  deliver(*left, *right, crafted_sk(*r, w::ExchangeType::kIkeIntermediate, 1, p, true));
  settle(100ms);
  EXPECT_EQ(left->sas().size(), 0u);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(*outcome);
  EXPECT_TRUE(
      log_contains("IKE_INTERMEDIATE response with KE payload of group MODP_3072 "
                   "(negotiated ECP_384)"))
      << logs_text();
  // oakctl diagnose gives the same reason.
  std::string diagnosis;
  for (const auto& line : left->engine->diagnose("t"))
    diagnosis += line + "\n";
  EXPECT_NE(diagnosis.find("last attempt failed: IKE_INTERMEDIATE response with KE payload of "
                           "group MODP_3072"),
            std::string::npos)
      << diagnosis;
  // Filed under IKE_INTERMEDIATE, as the initiator's.
  EXPECT_NE(diagnosis.find("error: IKE_INTERMEDIATE failed: IKE_INTERMEDIATE response with KE"),
            std::string::npos)
      << diagnosis;
  EXPECT_NE(diagnosis.find("we were the initiator"), std::string::npos) << diagnosis;
}

// The key export holds the final keys: they open the IKE_AUTH request, which is protected with
// the keys of the last additional key exchange.
TEST_F(AdditionalKe, ExportedKeysAreTheFinalOnes) {
  both(kHybrid, kHybrid);
  left->key_log.set_enabled(true);
  std::vector<Bytes> auth;
  net.filter = [&](const Datagram& d) {
    auto m = w::parse_message(d.data);
    if (d.sender == 0 && m && m->header.exchange_type == w::ExchangeType::kIkeAuth)
      auth.push_back(d.data);
    return true;
  };
  ASSERT_TRUE(initiate_left());
  ASSERT_EQ(auth.size(), 1u);
  auto keys = left->key_log.ike_sas();
  ASSERT_EQ(keys.size(), 1u);
  SkKeys sk;
  sk.encr = keys[0].encr;
  sk.encr_key_bits = keys[0].encr_key_bits;
  sk.integ = keys[0].integ;
  sk.encr_in = keys[0].encr_i;
  sk.integ_in = keys[0].integ_i;
  sk.encr_out = keys[0].encr_r;
  sk.integ_out = keys[0].integ_r;
  auto crypter = SkCrypter::create(sk);
  ASSERT_TRUE(crypter);
  auto offset = w::encrypted_body_offset(auth.front());
  ASSERT_TRUE(offset);
  EXPECT_TRUE(crypter->open(auth.front(), *offset));
}

}  // namespace
}  // namespace oakley::ikev2::testing
