// The IKEv2 engine reports IKE SA and ESP SA keys to the Wireshark key log when it is on, the
// same keys on both sides, and takes them back when the SAs go.
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;

class KeyExport : public TwoEngines {
 protected:
  void up(const std::string& ike, const std::string& esp, bool on = true) {
    start(side_config(true, ike, esp), side_config(false, ike, esp));
    left->key_log.set_enabled(on);
    right->key_log.set_enabled(on);
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message;
  }
};

TEST_F(KeyExport, BothSidesReportTheSameIkeKeys) {
  up("aes128-sha256-x25519", "aes128-sha256");
  auto l = left->key_log.ike_sas();
  auto r = right->key_log.ike_sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  auto sa = left->sas().at(0);
  EXPECT_EQ(l[0].version, 2);
  EXPECT_EQ(l[0].spi_i, sa.spi_i);
  EXPECT_EQ(l[0].spi_r, sa.spi_r);
  EXPECT_EQ(r[0].spi_i, sa.spi_i);
  EXPECT_EQ(l[0].encr, EncrId::kAesCbc);
  EXPECT_EQ(l[0].encr_key_bits, 128u);
  EXPECT_EQ(l[0].integ, IntegId::kHmacSha256_128);
  EXPECT_EQ(l[0].encr_i.size(), 16u);
  EXPECT_EQ(l[0].integ_i.size(), 32u);
  // SK_ei is the initiator's key on both sides (not "ours"), and differs from SK_er.
  EXPECT_TRUE(l[0].encr_i == r[0].encr_i);
  EXPECT_TRUE(l[0].encr_r == r[0].encr_r);
  EXPECT_TRUE(l[0].integ_i == r[0].integ_i);
  EXPECT_TRUE(l[0].integ_r == r[0].integ_r);
  EXPECT_FALSE(l[0].encr_i == l[0].encr_r);
}

TEST_F(KeyExport, EspKeysAreTheInstalledOnesWithTheirAddresses) {
  up("aes128gcm16-prfsha256-x25519", "aes256gcm16");
  auto esp = left->key_log.esp_sas();
  ASSERT_EQ(esp.size(), 2u);
  auto child = left->sas().at(0).children.at(0);
  int outbound = 0;
  for (const auto& e : esp) {
    // The test backend hands out the same SPIs on both sides: tell the directions by address.
    bool out = e.src == left->address;
    outbound += out;
    EXPECT_EQ(e.dst, out ? right->address : left->address);
    EXPECT_EQ(e.spi, out ? child.spi_out : child.spi_in);
    auto installed = left->backend.find_sa(
        out ? dataplane::Direction::kOutbound : dataplane::Direction::kInbound, e.spi);
    ASSERT_TRUE(installed) << e.spi;
    EXPECT_TRUE(e.encr_key == installed->encr_key);
    EXPECT_EQ(e.encr_key.size(), 36u);  // AES-256 key and 4 bytes of salt
    EXPECT_EQ(e.encr, EncrId::kAesGcm16);
  }
  EXPECT_EQ(outbound, 1);
  // The IKE SA used AES-GCM too: SK_e with salt, no SK_a.
  auto ike = left->key_log.ike_sas().at(0);
  EXPECT_EQ(ike.encr_i.size(), 20u);
  EXPECT_TRUE(ike.integ_i.empty());
}

TEST_F(KeyExport, KeysGoWithTheirSas) {
  up("aes128-sha256-x25519", "aes128-sha256");
  ASSERT_EQ(left->key_log.esp_sas().size(), 2u);
  std::optional<Status> done;
  ASSERT_TRUE(left->engine->terminate_connection("t", [&](const Status& s) { done = s; }));
  settle(5s);
  ASSERT_TRUE(done);
  EXPECT_TRUE(left->key_log.ike_sas().empty());
  EXPECT_TRUE(left->key_log.esp_sas().empty());
  EXPECT_TRUE(right->key_log.ike_sas().empty());
  EXPECT_TRUE(right->key_log.esp_sas().empty());
}

TEST_F(KeyExport, RekeyedSasReplaceTheirKeys) {
  up("aes128-sha256-x25519", "aes128-sha256");
  auto before = left->key_log.ike_sas().at(0);
  std::optional<Status> done;
  auto id = left->sas().at(0).id;
  ASSERT_TRUE(left->engine->rekey_ike(id, [&](const Status& s) { done = s; }));
  settle(5s);
  ASSERT_TRUE(done && *done);
  auto after = left->key_log.ike_sas();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0].spi_i, before.spi_i);
  EXPECT_EQ(after[0].spi_i, left->sas().at(0).spi_i);
}

TEST_F(KeyExport, OffKeepsNothing) {
  up("aes128-sha256-x25519", "aes128-sha256", false);
  EXPECT_TRUE(left->key_log.ike_sas().empty());
  EXPECT_TRUE(left->key_log.esp_sas().empty());
  EXPECT_TRUE(right->key_log.ike_sas().empty());
}

}  // namespace
}  // namespace oakley::ikev2::testing
