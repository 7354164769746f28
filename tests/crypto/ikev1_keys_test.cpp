// IKEv1 key derivation. Sources: NIST CAVP SP 800-135 IKEv1 samples (PSK and DSA/signature,
// HMAC-SHA1) via cavp_ike_kdf/*.json; RUB-NDS real-handshake values (Ka, phase-1 IV, IV for a
// M-ID, HASH_R) via ike_kdf/rub_nds_ike_session_secrets.json. Values marked "Python" were computed
// here with Python's hmac/hashlib from the RUB-NDS session (an independent implementation).
#include "crypto/ikev1_keys.hpp"

#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;
using test::hex_of;

constexpr PrfId kSha1 = PrfId::kHmacSha1;

void check_phase1(const nlohmann::json& v, const Result<SecretBytes>& skeyid) {
  ASSERT_TRUE(skeyid.ok());
  EXPECT_EQ(hex_of(*skeyid), v["SKEYID"].get<std::string>());
  auto keys =
      ikev1::derive_phase1_keys(kSha1, *skeyid, hex(v, "gxy"), hex(v, "CKY_I"), hex(v, "CKY_R"));
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(hex_of(keys->skeyid_d), v["SKEYID_d"].get<std::string>());
  EXPECT_EQ(hex_of(keys->skeyid_a), v["SKEYID_a"].get<std::string>());
  EXPECT_EQ(hex_of(keys->skeyid_e), v["SKEYID_e"].get<std::string>());
}

TEST(Ikev1Keys, CavpPsk) {
  auto json = test::load_vectors("cavp_ike_kdf/libreswan_cavp_ike_sha1_samples.json");
  for (const auto& v : json["ikev1_psk"])
    check_phase1(v, ikev1::skeyid_psk(kSha1, hex(v, "pre_shared_key"), hex(v, "Ni"), hex(v, "Nr")));
}

TEST(Ikev1Keys, CavpSignature) {
  int ran = 0;
  for (const char* file : {"cavp_ike_kdf/libreswan_cavp_ike_sha1_samples.json",
                           "cavp_ike_kdf/nist_800-135_ike_samples_from_warthog33_kdfs.json"}) {
    auto json = test::load_vectors(file);
    for (const auto& v : json["ikev1_dsa"]) {
      check_phase1(v, ikev1::skeyid_sig(kSha1, hex(v, "Ni"), hex(v, "Nr"), hex(v, "gxy")));
      ++ran;
    }
  }
  EXPECT_EQ(ran, 2);
}

class RubNds : public ::testing::Test {
 protected:
  void SetUp() override { json_ = test::load_vectors("ike_kdf/rub_nds_ike_session_secrets.json"); }
  const nlohmann::json& session(int i) { return json_["ikev1"][i]; }
  ikev1::Phase1Keys keys(const nlohmann::json& v) {
    auto skeyid = ikev1::skeyid_psk(kSha1, hex(v, "psk_hex"), hex(v, "Ni"), hex(v, "Nr"));
    EXPECT_TRUE(skeyid.ok());
    auto k =
        ikev1::derive_phase1_keys(kSha1, *skeyid, hex(v, "gxy"), hex(v, "CKY_I"), hex(v, "CKY_R"));
    EXPECT_TRUE(k.ok());
    return std::move(k).value();
  }
  nlohmann::json json_;
};

TEST_F(RubNds, Phase1KeysIvAndHashR) {
  for (int i = 0; i < 2; ++i) {
    const auto& v = session(i);
    check_phase1(v, ikev1::skeyid_psk(kSha1, hex(v, "psk_hex"), hex(v, "Ni"), hex(v, "Nr")));
    auto k = keys(v);
    auto ka = ikev1::encryption_key(kSha1, k.skeyid_e, 16);  // AES-128: no expansion needed
    ASSERT_TRUE(ka.ok());
    EXPECT_EQ(hex_of(*ka), v["Ka"].get<std::string>());
    auto iv = ikev1::phase1_iv(kSha1, hex(v, "KE_i"), hex(v, "KE_r"), 16);
    ASSERT_TRUE(iv.ok());
    EXPECT_EQ(to_hex(*iv), v["IV_phase1"].get<std::string>());
    Bytes ke_i = hex(v, "KE_i"), ke_r = hex(v, "KE_r"), cky_i = hex(v, "CKY_I"),
          cky_r = hex(v, "CKY_R"), sa = hex(v, "SAi_b");
    ikev1::Phase1Exchange ex{ke_i, ke_r, cky_i, cky_r, sa};
    auto hash_r = ikev1::hash_r(kSha1, k.skeyid, ex, hex(v, "IDir_b"));
    ASSERT_TRUE(hash_r.ok());
    EXPECT_EQ(to_hex(*hash_r), v["HASH_R"].get<std::string>());
  }
}

TEST_F(RubNds, IvForMessageId) {
  const auto& v = session(1);
  // No encrypted Phase 1 message was in that session, so the Phase 1 IV is the "last block".
  auto iv = ikev1::phase2_iv(kSha1, hex(v, "IV_phase1"), 0xd8029d42, 16);
  ASSERT_TRUE(iv.ok());
  EXPECT_EQ(to_hex(*iv), v["IV_for_message_id"]["d8029d42"].get<std::string>());
}

TEST_F(RubNds, HashIPython) {
  const auto& v = session(0);
  auto k = keys(v);
  Bytes ke_i = hex(v, "KE_i"), ke_r = hex(v, "KE_r"), cky_i = hex(v, "CKY_I"),
        cky_r = hex(v, "CKY_R"), sa = hex(v, "SAi_b");
  ikev1::Phase1Exchange ex{ke_i, ke_r, cky_i, cky_r, sa};
  auto hash_i = ikev1::hash_i(kSha1, k.skeyid, ex, hex("010000000a000301"));
  ASSERT_TRUE(hash_i.ok());
  EXPECT_EQ(to_hex(*hash_i), "bd35cc798c13435dd411ad2a7cf2c106351c5d31");
}

// Appendix B: AES-256 needs 32 bytes from a 20-byte SKEYID_e: Ka = K1 | K2[0:12] (Python).
TEST_F(RubNds, AppendixBKeyExpansionPython) {
  auto k = keys(session(0));
  auto ka = ikev1::encryption_key(kSha1, k.skeyid_e, 32);
  ASSERT_TRUE(ka.ok());
  EXPECT_EQ(hex_of(*ka), "122b0a8ed4952e07c0c7f6db3f6d976cf662f6a8bc0bb79c202d2867d57d0bda");
}

TEST_F(RubNds, QuickModeHashesPython) {
  const auto& v = session(0);
  auto k = keys(v);
  Bytes ni = hex(v, "Ni"), nr = hex(v, "Nr");
  Bytes payloads = hex("0a00000c000000010000000105000008aabbccdd");
  const std::uint32_t mid = 0xd8029d42;
  EXPECT_EQ(to_hex(*ikev1::qm_hash1(kSha1, k.skeyid_a, mid, payloads)),
            "758f8fdf6bc773f349fa4013e4cd3ba38f9e5b9d");
  EXPECT_EQ(to_hex(*ikev1::informational_hash(kSha1, k.skeyid_a, mid, payloads)),
            "758f8fdf6bc773f349fa4013e4cd3ba38f9e5b9d");
  EXPECT_EQ(to_hex(*ikev1::qm_hash2(kSha1, k.skeyid_a, mid, ni, payloads)),
            "a350cb16d894e121e90d6a787dae74a73a1f5045");
  EXPECT_EQ(to_hex(*ikev1::qm_hash3(kSha1, k.skeyid_a, mid, ni, nr)),
            "30f37027ab85ae0b1ea778a4b5c1ed5d1a42aa87");
}

// KEYMAT for ESP (protocol 3) AES-128 + HMAC-SHA1: 36 bytes = K1 | K2[0:16] (Python).
TEST_F(RubNds, QuickModeKeymatPython) {
  const auto& v = session(0);
  auto k = keys(v);
  Bytes ni = hex(v, "Ni"), nr = hex(v, "Nr"), spi = hex("c0ffee01");
  auto plain = ikev1::qm_keymat(kSha1, k.skeyid_d, {}, 3, spi, ni, nr, 36);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(hex_of(*plain),
            "0f494cbd71a61f3f7ab09d617ad1d4e592f42042531c5db92417813332e49bb84afbdb06");
  Bytes g_qm;
  for (int i = 0; i < 16; ++i)
    append(g_qm, hex("1122334455667788"));
  auto pfs = ikev1::qm_keymat(kSha1, k.skeyid_d, g_qm, 3, spi, ni, nr, 36);
  ASSERT_TRUE(pfs.ok());
  EXPECT_EQ(hex_of(*pfs),
            "285e2128788f00f07f0b7d77d7e4605878d3afb41cb1599c155f9f5ccf69e7326f74ab94");
}

TEST_F(RubNds, SkeyidPublicKeyEncryptionPython) {
  const auto& v = session(0);
  auto skeyid =
      ikev1::skeyid_pke(kSha1, hex(v, "Ni"), hex(v, "Nr"), hex(v, "CKY_I"), hex(v, "CKY_R"));
  ASSERT_TRUE(skeyid.ok());
  EXPECT_EQ(hex_of(*skeyid), "70e3c93ce31c9a44447744965d37512f089008b5");
}

TEST(Ikev1Keys, AesPrfRefused) {
  EXPECT_FALSE(ikev1::skeyid_psk(PrfId::kAes128Xcbc, Bytes(4), Bytes(8), Bytes(8)).ok());
  EXPECT_FALSE(ikev1::phase1_iv(PrfId::kAes128Cmac, Bytes(4), Bytes(4), 16).ok());
  EXPECT_FALSE(ikev1::phase1_iv(PrfId::kHmacMd5, Bytes(4), Bytes(4), 32).ok());  // IV > hash
}

}  // namespace
}  // namespace oakley::crypto
