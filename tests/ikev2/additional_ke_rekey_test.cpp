// Rekeys of SAs negotiated with RFC 9370 additional key exchanges. IKE_FOLLOWUP_KE (RFC 9370
// 2.2.4) is not implemented yet, so CREATE_CHILD_SA offers and accepts only what it can do
// without additional key exchanges: a proposal that requires one is left out (never silently done
// with fewer key exchanges), an optional one (NONE) is done as NONE.
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;

const std::string kHybrid = "aes256gcm16-prfsha384-x25519-ke1_ecp384";

class AdditionalKeRekey : public TwoEngines {
 protected:
  void up(const std::string& ike, const std::string& esp) {
    start(side_config(true, ike, esp), side_config(false, ike, esp));
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  }
  Status run(std::function<Status(Engine::Completion)> op) {
    std::optional<Status> result;
    auto st = op([&](const Status& s) { result = s; });
    if (!st) return st;
    settle(5s);
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
};

TEST_F(AdditionalKeRekey, IkeRekeyIsRefusedWhenEveryProposalRequiresThem) {
  up(kHybrid, "aes128gcm16");
  auto before = left->sas().at(0);
  auto st = rekey_ike();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("IKE_FOLLOWUP_KE (RFC 9370) is not implemented"),
            std::string::npos)
      << st.error().message;
  ASSERT_EQ(left->sas().size(), 1u);
  EXPECT_EQ(left->sas().at(0).spi_i, before.spi_i);  // the old SA stays as it was
  EXPECT_EQ(left->sas().at(0).additional_kes, (std::vector<std::string>{"KE1_ECP_384"}));
}

TEST_F(AdditionalKeRekey, IkeRekeyUsesAProposalWithoutThemWhenConfigured) {
  up(kHybrid + ",aes256gcm16-prfsha384-x25519", "aes128gcm16");
  auto before = left->sas().at(0);
  ASSERT_TRUE(rekey_ike()) << logs_text();
  auto l = left->sas();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_NE(l[0].spi_i, before.spi_i);
  EXPECT_TRUE(l[0].additional_kes.empty());
  EXPECT_TRUE(right->sas().at(0).additional_kes.empty());
  expect_mirrored_child(*left, *right);
}

// The responder does not pick an additional key exchange it could not follow up.
TEST_F(AdditionalKeRekey, ResponderRefusesAnIkeRekeyThatRequiresThem) {
  start(side_config(true, kHybrid + ",aes256gcm16-prfsha384-x25519", "aes128gcm16"),
        side_config(false, kHybrid, "aes128gcm16"));
  ASSERT_TRUE(initiate_left());
  auto st = rekey_ike();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("additional key exchanges need IKE_FOLLOWUP_KE, not implemented"))
      << logs_text();
  EXPECT_EQ(right->sas().size(), 1u);
}

TEST_F(AdditionalKeRekey, ChildRekeyIsRefusedWhenEveryEspProposalRequiresThem) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256");
  EXPECT_TRUE(left->sas().at(0).children.at(0).additional_kes.empty());  // IKE_AUTH: no KE
  auto st = rekey_child();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("every ESP proposal of child 'net' requires additional key "
                                    "exchanges"),
            std::string::npos)
      << st.error().message;
  EXPECT_EQ(left->engine->stats().child_rekeyed, 0u);
}

TEST_F(AdditionalKeRekey, ChildRekeyWithOptionalAdditionalKeIsDoneWithout) {
  up("aes128gcm16-prfsha256-x25519", "aes128gcm16-x25519-ke1_ecp256-ke1_none");
  ASSERT_TRUE(rekey_child()) << logs_text();
  EXPECT_EQ(right->engine->stats().child_rekeyed, 1u);
  auto child = left->sas().at(0).children.at(0);
  EXPECT_EQ(child.dh, std::optional<std::string>("CURVE_25519"));
  EXPECT_TRUE(child.additional_kes.empty());
}

}  // namespace
}  // namespace oakley::ikev2::testing
