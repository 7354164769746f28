// Rekeys and new CHILD_SAs of SAs negotiated with RFC 9370 additional key exchanges: the
// CREATE_CHILD_SA negotiates ADDKE1..7 and carries the first key exchange, each additional one
// follows in an IKE_FOLLOWUP_KE exchange (RFC 9370 2.2.4) linked by the responder's
// N(ADDITIONAL_KEY_EXCHANGE), and the new keys use every shared secret. An optional one (NONE)
// chosen as NONE needs no follow-up.
#include <fmt/format.h>

#include "crafted.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "support/test_config.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
namespace w = wire::ikev2;

const std::string kHybrid = "aes256gcm16-prfsha384-x25519-ke1_ecp384";
const std::string kHybrid2 = "aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072";

class AdditionalKeRekey : public TwoEngines {
 protected:
  void up(const std::string& ike, const std::string& esp) {
    start(side_config(true, ike, esp), side_config(false, ike, esp));
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  }
  Status run(std::function<Status(Engine::Completion)> op, Duration max = 5s) {
    std::optional<Status> result;
    auto st = op([&](const Status& s) { result = s; });
    if (!st) return st;
    settle(max);
    return result ? *result : make_error("did not complete");
  }
  Status rekey_ike() {
    auto id = left->sas().at(0).id;
    return run([&](auto done) { return left->engine->rekey_ike(id, done); });
  }
  Status rekey_child() {
    auto id = left->engine->find_child_id("t", "net");
    if (!id) return make_error("no child");
    return run([&](auto done) { return left->engine->rekey_child(*id, done); });
  }
  // Messages of one kind on the wire, as the log shows them.
  int sent(const std::string& what) const {
    int n = 0;
    for (const auto& line : logs)
      n += line.find("sending " + what) != std::string::npos;
    return n;
  }
  // Both sides have the one same IKE SA with the same keys, and it carries a CHILD_SA rekey.
  void expect_working_ike_sa() {
    IkeSa* ls = sole_sa(*left->engine);
    IkeSa* rs = sole_sa(*right->engine);
    ASSERT_TRUE(ls && rs) << logs_text();
    EXPECT_EQ(ls->spi_i, rs->spi_i);
    EXPECT_EQ(ls->spi_r, rs->spi_r);
    EXPECT_TRUE(ls->sk_d == rs->sk_d);
    EXPECT_TRUE(ls->sk_pi == rs->sk_pi);
    EXPECT_TRUE(ls->sk_pr == rs->sk_pr);
    expect_mirrored_child(*left, *right);
    auto before = left->engine->stats().child_rekeyed;
    ASSERT_TRUE(rekey_child()) << logs_text();
    EXPECT_EQ(left->engine->stats().child_rekeyed, before + 1);
    expect_mirrored_child(*left, *right);
  }
  // Keeps the left's messages of `exchange` off the wire (kept in `held`).
  void hold_left(w::ExchangeType exchange) {
    net.filter = [this, exchange](const Datagram& d) {
      auto m = w::parse_message(d.data);
      bool hold = d.sender == 0 && m && m->header.exchange_type == exchange;
      if (hold) held.push_back(d);
      return !hold;
    };
  }
  // Starts a CHILD_SA rekey from the left and runs it until its first IKE_FOLLOWUP_KE request is
  // held back: the right has a pending chain.
  void left_child_rekey_until_followup() {
    hold_left(w::ExchangeType::kIkeFollowupKe);
    auto id = left->engine->find_child_id("t", "net");
    ASSERT_TRUE(id);
    ASSERT_TRUE(left->engine->rekey_child(*id, [this](const Status& s) { outcome = s; }));
    settle(100ms);
    net.filter = nullptr;
    ASSERT_EQ(held.size(), 1u) << logs_text();
    l = sole_sa(*left->engine);
    r = sole_sa(*right->engine);
    ASSERT_TRUE(l && r && r->followup);
  }
  // Sends a crafted IKE_FOLLOWUP_KE request from the left; returns the right's answer.
  Payloads right_answers(const Payloads& request) {
    deliver(*right, *left,
            crafted_sk(*l, w::ExchangeType::kIkeFollowupKe, l->next_request_id, request));
    EXPECT_EQ(net.queue.size(), 1u);
    if (net.queue.empty()) return {};
    auto answer = opened(*l, net.queue.front().data);
    EXPECT_TRUE(answer);
    return answer ? *answer : Payloads{};
  }
  static w::Payload ke(DhId group, std::size_t size) {
    return w::Payload{w::KePayload{group, Bytes(size, 0x05)}, false};
  }

  std::vector<Datagram> held;
  std::optional<Status> outcome;
  IkeSa* l = nullptr;
  IkeSa* r = nullptr;
};

TEST_F(AdditionalKeRekey, IkeRekeyWithOneAdditionalKeyExchange) {
  up(kHybrid, "aes128gcm16");
  auto before = left->sas().at(0);
  ASSERT_TRUE(rekey_ike()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE request"), 1);
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE response"), 1);
  ASSERT_EQ(left->sas().size(), 1u);  // the old SA's DELETE went through
  ASSERT_EQ(right->sas().size(), 1u);
  EXPECT_NE(left->sas().at(0).spi_i, before.spi_i);
  EXPECT_EQ(left->sas().at(0).additional_kes, (std::vector<std::string>{"KE1_ECP_384"}));
  EXPECT_EQ(right->sas().at(0).additional_kes, (std::vector<std::string>{"KE1_ECP_384"}));
  expect_working_ike_sa();
}

TEST_F(AdditionalKeRekey, IkeRekeyWithTwoAdditionalKeyExchanges) {
  up(kHybrid2, "aes128gcm16");
  auto before = left->sas().at(0);
  ASSERT_TRUE(rekey_ike()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE request"), 2);
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE response"), 2);
  ASSERT_EQ(left->sas().size(), 1u);
  EXPECT_NE(left->sas().at(0).spi_i, before.spi_i);
  EXPECT_EQ(right->sas().at(0).additional_kes,
            (std::vector<std::string>{"KE1_ECP_384", "KE2_MODP_3072"}));
  expect_working_ike_sa();
  // And once more, from the SA the first rekey made.
  ASSERT_TRUE(rekey_ike()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE request"), 4);
  expect_working_ike_sa();
}

// The responder that requires them gets them in the rekey too (it used to refuse the rekey).
TEST_F(AdditionalKeRekey, ResponderThatRequiresThemGetsThemInTheRekey) {
  start(side_config(true, kHybrid + ",aes256gcm16-prfsha384-x25519", "aes128gcm16"),
        side_config(false, kHybrid, "aes128gcm16"));
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(rekey_ike()) << logs_text();
  EXPECT_EQ(right->sas().size(), 1u);
  EXPECT_EQ(left->sas().at(0).additional_kes, (std::vector<std::string>{"KE1_ECP_384"}));
  expect_working_ike_sa();
}

// A responder that prefers NONE for an optional additional key exchange: no IKE_FOLLOWUP_KE.
TEST_F(AdditionalKeRekey, IkeRekeyWithOptionalNoneChosenNeedsNoFollowup) {
  start(side_config(true, "aes256gcm16-prfsha384-x25519-ke1_ecp384-ke1_none", "aes128gcm16"),
        side_config(false, "aes256gcm16-prfsha384-x25519-ke1_none-ke1_ecp384", "aes128gcm16"));
  ASSERT_TRUE(initiate_left());
  auto before = left->sas().at(0);
  ASSERT_TRUE(rekey_ike()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE"), 0);
  EXPECT_NE(left->sas().at(0).spi_i, before.spi_i);
  EXPECT_TRUE(left->sas().at(0).additional_kes.empty());
  expect_working_ike_sa();
}

TEST_F(AdditionalKeRekey, ChildRekeyWithAdditionalKeyExchange) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  EXPECT_TRUE(left->sas().at(0).children.at(0).additional_kes.empty());  // IKE_AUTH: no KE
  auto spi = left->sas().at(0).children.at(0).spi_in;
  ASSERT_TRUE(rekey_child()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE request"), 1);
  EXPECT_EQ(right->engine->stats().child_rekeyed, 1u);
  auto child = left->sas().at(0).children.at(0);
  EXPECT_NE(child.spi_in, spi);
  EXPECT_EQ(child.dh, std::optional<std::string>("CURVE_25519"));
  EXPECT_EQ(child.additional_kes, (std::vector<std::string>{"KE1_ECP_256"}));
  EXPECT_EQ(right->sas().at(0).children.at(0).additional_kes,
            (std::vector<std::string>{"KE1_ECP_256"}));
  expect_mirrored_child(*left, *right);  // both derived the same KEYMAT
}

TEST_F(AdditionalKeRekey, ChildRekeyWithOptionalNoneChosenNeedsNoFollowup) {
  start(
      side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256-ke1_none"),
      side_config(false, "aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_none-ke1_ecp256"));
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(rekey_child()) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE"), 0);
  EXPECT_EQ(right->engine->stats().child_rekeyed, 1u);
  auto child = left->sas().at(0).children.at(0);
  EXPECT_EQ(child.dh, std::optional<std::string>("CURVE_25519"));
  EXPECT_TRUE(child.additional_kes.empty());
  expect_mirrored_child(*left, *right);
}

// A second CHILD_SA, created with CREATE_CHILD_SA: PFS and two additional key exchanges.
TEST_F(AdditionalKeRekey, NewChildWithPfsAndAdditionalKeyExchanges) {
  auto config = [](bool is_left) {
    test_support::SideOptions o;
    o.proposals = "aes128gcm16-prfsha256-x25519";
    o.esp = "aes128gcm16";
    o.more_children = fmt::format(
        "net2 {{\n local_ts = {}\n remote_ts = {}\n esp_proposals = "
        "aes128gcm16-x25519-ke1_ecp256-ke2_modp2048\n }}",
        is_left ? "10.1.1.0/24" : "10.2.1.0/24", is_left ? "10.2.1.0/24" : "10.1.1.0/24");
    return test_support::side_config(2, is_left, o);
  };
  start(config(true), config(false));
  ASSERT_TRUE(initiate_left());
  ASSERT_TRUE(initiate_left("net2")) << logs_text();
  EXPECT_EQ(sent("IKE_FOLLOWUP_KE request"), 2);
  ASSERT_EQ(left->sas().at(0).children.size(), 2u);
  auto child = left->sas().at(0).children.at(1);
  EXPECT_EQ(child.dh, std::optional<std::string>("CURVE_25519"));
  EXPECT_EQ(child.additional_kes, (std::vector<std::string>{"KE1_ECP_256", "KE2_MODP_2048"}));
  expect_mirrored_child(*left, *right, 1);
}

TEST_F(AdditionalKeRekey, ResponderRefusesUnknownLinkData) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  auto installed = right->backend.sas().size();
  left_child_rekey_until_followup();
  Payloads p;
  p.push_back(additional_ke_notify(Bytes(kFollowupLinkSize, 0xAB)));
  p.push_back(ke(DhId::kEcp256, 64));
  auto answer = right_answers(p);
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kStateNotFound));
  EXPECT_FALSE(r->followup);  // the half-built CHILD_SA is gone
  EXPECT_TRUE(log_contains("unknown ADDITIONAL_KEY_EXCHANGE link data")) << logs_text();
  EXPECT_TRUE(log_contains("CHILD_SA rekey with additional key exchanges abandoned"));
  settle(1s);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(*outcome);  // the left reads the STATE_NOT_FOUND as its own answer
  EXPECT_EQ(right->backend.sas().size(), installed);
  EXPECT_EQ(right->engine->stats().child_rekeyed, 0u);
  expect_mirrored_child(*left, *right);  // the old CHILD_SA stays
}

// The same for an IKE rekey: the new IKE SA is never made, the old one stays on both sides.
TEST_F(AdditionalKeRekey, IkeRekeyResponderDropsTheHalfBuiltSaOnUnknownLink) {
  up(kHybrid, "aes128gcm16");
  auto before = right->sas().at(0);
  hold_left(w::ExchangeType::kIkeFollowupKe);
  ASSERT_TRUE(
      left->engine->rekey_ike(left->sas().at(0).id, [this](const Status& s) { outcome = s; }));
  settle(100ms);
  net.filter = nullptr;
  ASSERT_EQ(held.size(), 1u) << logs_text();
  l = sole_sa(*left->engine);
  r = sole_sa(*right->engine);
  ASSERT_TRUE(l && r && r->followup);
  Payloads p;
  p.push_back(additional_ke_notify(Bytes(kFollowupLinkSize, 0xCD)));
  p.push_back(ke(DhId::kEcp384, 96));
  auto answer = right_answers(p);
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kStateNotFound));
  EXPECT_FALSE(r->followup);
  EXPECT_TRUE(log_contains("IKE rekey with additional key exchanges abandoned")) << logs_text();
  settle(1s);
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(*outcome);
  ASSERT_EQ(right->sas().size(), 1u);
  ASSERT_EQ(left->sas().size(), 1u);
  EXPECT_EQ(right->sas().at(0).spi_i, before.spi_i);
  EXPECT_EQ(left->sas().at(0).spi_i, before.spi_i);
  EXPECT_EQ(left->sas().at(0).state, "ESTABLISHED");
  EXPECT_EQ(right->engine->stats().ike_rekeyed, 0u);
}

TEST_F(AdditionalKeRekey, ResponderRefusesTheWrongGroupInAFollowup) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  left_child_rekey_until_followup();
  Payloads p;
  p.push_back(additional_ke_notify(r->followup->link));
  p.push_back(ke(DhId::kCurve25519, 32));
  auto answer = right_answers(p);
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kInvalidSyntax));
  EXPECT_FALSE(r->followup);
  EXPECT_TRUE(log_contains("KE payload of group CURVE_25519 (negotiated ECP_256)")) << logs_text();
}

TEST_F(AdditionalKeRekey, ResponderRefusesAFollowupWithoutKe) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  left_child_rekey_until_followup();
  auto answer = right_answers({additional_ke_notify(r->followup->link)});
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kInvalidSyntax));
  EXPECT_FALSE(r->followup);
  EXPECT_TRUE(log_contains("no KE payload (expected ECP_256)")) << logs_text();
}

TEST_F(AdditionalKeRekey, UnexpectedFollowupWithoutAPendingChain) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16");
  l = sole_sa(*left->engine);
  r = sole_sa(*right->engine);
  ASSERT_TRUE(l && r);
  Payloads p;
  p.push_back(additional_ke_notify(Bytes(kFollowupLinkSize, 0x01)));
  p.push_back(ke(DhId::kEcp256, 64));
  auto answer = right_answers(p);
  EXPECT_TRUE(w::find_notify(answer, w::NotifyType::kStateNotFound));
  EXPECT_TRUE(log_contains("no CREATE_CHILD_SA awaits additional key exchanges")) << logs_text();
  EXPECT_EQ(right->sas().size(), 1u);  // the IKE SA itself is fine
}

// An initiator that never sends the next IKE_FOLLOWUP_KE: the responder drops the chain and
// gives back the SPI it reserved.
TEST_F(AdditionalKeRekey, ResponderDropsAChainThatStalls) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  left_child_rekey_until_followup();
  net.filter = [](const Datagram&) { return false; };  // nothing more reaches anyone
  settle(kFollowupTimeout + 1s);
  EXPECT_FALSE(r->followup);
  EXPECT_TRUE(log_contains("no IKE_FOLLOWUP_KE request within the timeout")) << logs_text();
}

// A rekey from the right while the left's IKE rekey is between its IKE_FOLLOWUP_KE exchanges:
// nonces cannot settle it yet, so the left answers TEMPORARY_FAILURE and its rekey completes.
TEST_F(AdditionalKeRekey, CollisionDuringAFollowupChain) {
  up(kHybrid2, "aes128gcm16");
  hold_left(w::ExchangeType::kIkeFollowupKe);
  std::optional<Status> left_result, right_result;
  ASSERT_TRUE(
      left->engine->rekey_ike(left->sas().at(0).id, [&](const Status& s) { left_result = s; }));
  settle(100ms);
  ASSERT_EQ(held.size(), 1u) << logs_text();
  net.filter = nullptr;
  ASSERT_TRUE(
      right->engine->rekey_ike(right->sas().at(0).id, [&](const Status& s) { right_result = s; }));
  settle(100ms);
  ASSERT_TRUE(right_result);
  EXPECT_FALSE(*right_result);
  EXPECT_TRUE(log_contains("simultaneous IKE rekey with additional key exchanges")) << logs_text();
  for (auto& d : held)
    net.push(d);
  held.clear();
  settle(10s);
  ASSERT_TRUE(left_result);
  EXPECT_TRUE(*left_result) << logs_text();
  ASSERT_EQ(left->sas().size(), 1u);
  ASSERT_EQ(right->sas().size(), 1u);
  EXPECT_EQ(left->sas().at(0).additional_kes.size(), 2u);
  expect_working_ike_sa();
}

// Both sides rekey the CHILD_SA at once with additional key exchanges: both refuse, both retry
// after a random delay, one pair remains.
TEST_F(AdditionalKeRekey, SimultaneousChildRekeysWithAdditionalKeyExchanges) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  auto lid = left->engine->find_child_id("t", "net");
  auto rid = right->engine->find_child_id("t", "net");
  ASSERT_TRUE(lid && rid);
  ASSERT_TRUE(left->engine->rekey_child(*lid, nullptr));
  ASSERT_TRUE(right->engine->rekey_child(*rid, nullptr));
  settle(20s);
  EXPECT_EQ(left->engine->stats().child_rekeyed + right->engine->stats().child_rekeyed, 2u)
      << logs_text();
  ASSERT_EQ(left->sas().at(0).children.size(), 1u) << logs_text();
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(left->sas().at(0).children.at(0).additional_kes,
            (std::vector<std::string>{"KE1_ECP_256"}));
}

}  // namespace
}  // namespace oakley::ikev2::testing
