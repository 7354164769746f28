// The IKEv1 engine reports the Phase 1 key (by cookies) and the IPsec SAs' keys to the Wireshark
// key log when it is on, the same on both sides, and takes them back when the SAs go.
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(TwoEngines, KeyLogHoldsThePhase1KeyAndTheIpsecKeys) {
  start(SideOptions{});
  left->key_log.set_enabled(true);
  right->key_log.set_enabled(true);
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  auto l = left->key_log.ike_sas();
  auto r = right->key_log.ike_sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  auto sa = left->sas().at(0);
  EXPECT_EQ(l[0].version, 1);
  EXPECT_EQ(l[0].spi_i, sa.spi_i);  // the initiator cookie
  EXPECT_EQ(l[0].spi_r, sa.spi_r);
  EXPECT_EQ(l[0].encr, EncrId::kAesCbc);
  EXPECT_EQ(l[0].encr_i.size(), 16u);  // AES-128: the key, not all of SKEYID_e
  EXPECT_TRUE(l[0].encr_i == r[0].encr_i);
  auto esp = left->key_log.esp_sas();
  ASSERT_EQ(esp.size(), 2u);
  for (const auto& e : esp) {
    auto in = left->backend.find_sa(dataplane::Direction::kInbound, e.spi);
    auto out = left->backend.find_sa(dataplane::Direction::kOutbound, e.spi);
    ASSERT_TRUE(in || out);
    EXPECT_TRUE(e.encr_key == (in ? in->encr_key : out->encr_key));
    EXPECT_TRUE(e.integ_key == (in ? in->integ_key : out->integ_key));
  }

  ASSERT_TRUE(left->engine->terminate_ike(sa.id, nullptr));
  settle(5s);
  EXPECT_TRUE(left->key_log.ike_sas().empty());
  EXPECT_TRUE(left->key_log.esp_sas().empty());
  EXPECT_TRUE(right->key_log.ike_sas().empty());
  EXPECT_TRUE(right->key_log.esp_sas().empty());
}

}  // namespace
}  // namespace oakley::ikev1::testing
