// IKEv2 key derivation. Sources: NIST CAVP SP 800-135 IKEv2 samples (SKEYSEED, DKM, child DKM,
// child D-H DKM, rekey SKEYSEED, HMAC-SHA1) via cavp_ike_kdf/libreswan_cavp_ike_sha1_samples.json
// and cavp_ike_kdf/nist_800-135_ike_samples_from_warthog33_kdfs.json; RUB-NDS real-handshake SK
// split and PSK AUTH via ike_kdf/rub_nds_ike_session_secrets.json.
#include "crypto/ikev2_keys.hpp"

#include "crypto/prf.hpp"
#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;
using test::hex_of;

void check_cavp_ikev2(const nlohmann::json& v) {
  const PrfId prf = PrfId::kHmacSha1;
  Bytes ni = hex(v, "Ni"), nr = hex(v, "Nr"), spi_i = hex(v, "SPIi"), spi_r = hex(v, "SPIr");
  Bytes dkm = hex(v, "DKM");
  auto seed = ikev2::skeyseed(prf, ni, nr, hex(v, "gir"));
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ(hex_of(*seed), v["SKEYSEED"].get<std::string>());

  auto all = prf_plus(prf, *seed, concat({ni, nr, spi_i, spi_r}), dkm.size());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(hex_of(*all), to_hex(dkm));

  // The split takes SK_d first, then integrity and encryption keys, in RFC 7296 order.
  auto keys = ikev2::derive_ike_sa_keys(prf, *seed, ni, nr, spi_i, spi_r, 20, 16);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(hex_of(keys->sk_d), to_hex(ByteView(dkm).first(20)));
  EXPECT_EQ(hex_of(keys->sk_ai), to_hex(ByteView(dkm).subspan(20, 20)));
  EXPECT_EQ(hex_of(keys->sk_pr), to_hex(ByteView(dkm).subspan(20 * 3 + 16 * 2 + 20, 20)));

  ByteView sk_d = keys->sk_d;
  Bytes child = hex(v, "DKM_child"), child_dh = hex(v, "DKM_child_dh");
  auto km = ikev2::child_keymat(prf, sk_d, {}, ni, nr, child.size());
  ASSERT_TRUE(km.ok());
  EXPECT_EQ(hex_of(*km), to_hex(child));
  auto km_pfs = ikev2::child_keymat(prf, sk_d, hex(v, "gir_new"), ni, nr, child_dh.size());
  ASSERT_TRUE(km_pfs.ok());
  EXPECT_EQ(hex_of(*km_pfs), to_hex(child_dh));

  auto rekey = ikev2::rekey_skeyseed(prf, sk_d, hex(v, "gir_new"), ni, nr);
  ASSERT_TRUE(rekey.ok());
  EXPECT_EQ(hex_of(*rekey), v["SKEYSEED_rekey"].get<std::string>());
}

TEST(Ikev2Keys, CavpLibreswanSample) {
  auto json = test::load_vectors("cavp_ike_kdf/libreswan_cavp_ike_sha1_samples.json");
  ASSERT_EQ(json["ikev2"].size(), 1u);
  check_cavp_ikev2(json["ikev2"][0]);
}

TEST(Ikev2Keys, CavpWarthogSample) {
  auto json = test::load_vectors("cavp_ike_kdf/nist_800-135_ike_samples_from_warthog33_kdfs.json");
  ASSERT_EQ(json["ikev2"].size(), 1u);
  check_cavp_ikev2(json["ikev2"][0]);
}

TEST(Ikev2Keys, ChildSaSplitFollowsKeymatOrder) {
  auto json = test::load_vectors("cavp_ike_kdf/libreswan_cavp_ike_sha1_samples.json");
  const auto& v = json["ikev2"][0];
  Bytes child = hex(v, "DKM_child");
  auto seed = ikev2::skeyseed(PrfId::kHmacSha1, hex(v, "Ni"), hex(v, "Nr"), hex(v, "gir"));
  auto ike = ikev2::derive_ike_sa_keys(PrfId::kHmacSha1, *seed, hex(v, "Ni"), hex(v, "Nr"),
                                       hex(v, "SPIi"), hex(v, "SPIr"), 20, 16);
  ASSERT_TRUE(ike.ok());
  // AES-128-CBC (16) + HMAC-SHA1-96 (20) per direction: 72 of the DKM's 132 bytes.
  auto keys = ikev2::derive_child_sa_keys(PrfId::kHmacSha1, ike->sk_d, {}, hex(v, "Ni"),
                                          hex(v, "Nr"), 16, 20);
  ASSERT_TRUE(keys.ok());
  ByteView c(child);
  EXPECT_EQ(hex_of(keys->encr_i), to_hex(c.first(16)));
  EXPECT_EQ(hex_of(keys->integ_i), to_hex(c.subspan(16, 20)));
  EXPECT_EQ(hex_of(keys->encr_r), to_hex(c.subspan(36, 16)));
  EXPECT_EQ(hex_of(keys->integ_r), to_hex(c.subspan(52, 20)));
}

TEST(Ikev2Keys, RubNdsSkSplit) {
  auto json = test::load_vectors("ike_kdf/rub_nds_ike_session_secrets.json");
  const auto& v = json["ikev2"][0];
  auto seed = ikev2::skeyseed(PrfId::kHmacSha1, hex(v, "Ni"), hex(v, "Nr"), hex(v, "gir"));
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ(hex_of(*seed), v["SKEYSEED"].get<std::string>());
  auto k = ikev2::derive_ike_sa_keys(PrfId::kHmacSha1, *seed, hex(v, "Ni"), hex(v, "Nr"),
                                     hex(v, "SPIi"), hex(v, "SPIr"), 20, 16);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(hex_of(k->sk_d), v["SK_d"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_ai), v["SK_ai"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_ar), v["SK_ar"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_ei), v["SK_ei"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_er), v["SK_er"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_pi), v["SK_pi"].get<std::string>());
  EXPECT_EQ(hex_of(k->sk_pr), v["SK_pr"].get<std::string>());
}

TEST(Ikev2Keys, RubNdsPskAuth) {
  auto json = test::load_vectors("ike_kdf/rub_nds_ike_session_secrets.json");
  const auto& v = json["ikev2"][1];
  const PrfId prf = PrfId::kHmacSha1;
  auto seed = ikev2::skeyseed(prf, hex(v, "Ni"), hex(v, "Nr"), hex(v, "gir"));
  ASSERT_TRUE(seed.ok());
  auto k = ikev2::derive_ike_sa_keys(prf, *seed, hex(v, "Ni"), hex(v, "Nr"), hex(v, "SPIi"),
                                     hex(v, "SPIr"), 20, 16);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(hex_of(k->sk_pi), v["derived_here_SK_pi"].get<std::string>());
  Bytes msg = hex(v, "IKE_SA_INIT_request_message"), id = hex(v, "IDi_payload_body");
  auto octets = ikev2::signed_octets(prf, msg, hex(v, "Nr"), k->sk_pi, id);
  ASSERT_TRUE(octets.ok());
  EXPECT_EQ(to_hex(*octets), v["InitiatorSignedOctets"].get<std::string>());
  const std::string psk_text = v["psk_ascii"];
  ByteView psk = as_bytes(psk_text);
  auto auth = ikev2::psk_auth(prf, psk, msg, hex(v, "Nr"), k->sk_pi, id);
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(to_hex(*auth), v["AUTH_initiator_psk"].get<std::string>());
  auto wrong = ikev2::psk_auth(prf, as_bytes("AAAB"), *octets);
  ASSERT_TRUE(wrong.ok());
  EXPECT_NE(to_hex(*wrong), v["AUTH_initiator_psk"].get<std::string>());
}

// RFC 7296 2.14: a fixed-key PRF keys SKEYSEED with Ni[0:8] | Nr[0:8]. Expected value computed
// here with Python `cryptography` CMAC over the RUB-NDS handshake values.
TEST(Ikev2Keys, AesPrfSkeyseedUsesNoncePrefixes) {
  auto json = test::load_vectors("ike_kdf/rub_nds_ike_session_secrets.json");
  const auto& v = json["ikev2"][0];
  auto seed = ikev2::skeyseed(PrfId::kAes128Cmac, hex(v, "Ni"), hex(v, "Nr"), hex(v, "gir"));
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ(hex_of(*seed), "94bbae77c70290a977497ddeb9fe1b9c");
}

TEST(Ikev2Keys, UnsupportedPrfRejected) {
  EXPECT_FALSE(ikev2::skeyseed(static_cast<PrfId>(3), Bytes(8), Bytes(8), Bytes(32)).ok());
  EXPECT_FALSE(ikev2::psk_auth(static_cast<PrfId>(0), as_bytes("k"), Bytes(4)).ok());
}

// RFC 9370 2.2.4: the additional key exchanges' secrets go after Nr, in order; computed here
// with the PRF directly so the check does not lean on the code under test.
TEST(Ikev2Keys, AdditionalSecretsFollowTheNonces) {
  const PrfId prf = PrfId::kHmacSha256;
  Bytes sk_d(32, 0x11), g0(32, 0x22), ni(16, 0x33), nr(16, 0x44), sk1(48, 0x55), sk2(384, 0x66);
  Bytes more = concat({sk1, sk2});
  auto keyed = KeyedPrf::create(prf, sk_d);
  ASSERT_TRUE(keyed.ok());
  auto expected_seed = keyed->compute({g0, ni, nr, sk1, sk2});
  auto seed = ikev2::rekey_skeyseed(prf, sk_d, g0, ni, nr, more);
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ(to_hex(*seed), to_hex(expected_seed));
  auto plain = ikev2::rekey_skeyseed(prf, sk_d, g0, ni, nr);
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(to_hex(*plain), to_hex(*seed));

  auto expected_km = prf_plus(prf, sk_d, concat({g0, ni, nr, sk1, sk2}), 96);
  ASSERT_TRUE(expected_km.ok());
  auto km = ikev2::child_keymat(prf, sk_d, g0, ni, nr, 96, more);
  ASSERT_TRUE(km.ok());
  EXPECT_EQ(to_hex(*km), to_hex(*expected_km));
  auto split = ikev2::derive_child_sa_keys(prf, sk_d, g0, ni, nr, 32, 16, more);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(to_hex(split->encr_i), to_hex(ByteView(*expected_km).subspan(0, 32)));
  EXPECT_EQ(to_hex(split->integ_r), to_hex(ByteView(*expected_km).subspan(80, 16)));
}

}  // namespace
}  // namespace oakley::crypto
