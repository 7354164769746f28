// IKE_SA_INIT + IKE_AUTH between two engines: the SA comes up on both sides with mirrored keys in
// the data plane, for each proposal family the interop matrix uses.
#include "crypto/cipher.hpp"
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using dataplane::Direction;

class Establish : public TwoEngines,
                  public ::testing::WithParamInterface<std::pair<std::string, std::string>> {};

void expect_mirrored_child(Peer& a, Peer& b) {
  auto sa_a = a.sas();
  auto sa_b = b.sas();
  ASSERT_EQ(sa_a.size(), 1u);
  ASSERT_EQ(sa_b.size(), 1u);
  ASSERT_EQ(sa_a[0].children.size(), 1u);
  ASSERT_EQ(sa_b[0].children.size(), 1u);
  const auto& ca = sa_a[0].children[0];
  const auto& cb = sa_b[0].children[0];
  EXPECT_EQ(ca.spi_in, cb.spi_out);
  EXPECT_EQ(ca.spi_out, cb.spi_in);
  auto a_out = a.backend.find_sa(Direction::kOutbound, ca.spi_out);
  auto b_in = b.backend.find_sa(Direction::kInbound, cb.spi_in);
  ASSERT_TRUE(a_out && b_in);
  EXPECT_TRUE(a_out->encr_key == b_in->encr_key);
  EXPECT_TRUE(a_out->integ_key == b_in->integ_key);
  EXPECT_EQ(a_out->algorithms.encr, b_in->algorithms.encr);
  EXPECT_EQ(a_out->algorithms.encr_key_bits, b_in->algorithms.encr_key_bits);
  auto a_in = a.backend.find_sa(Direction::kInbound, ca.spi_in);
  auto b_out = b.backend.find_sa(Direction::kOutbound, cb.spi_out);
  ASSERT_TRUE(a_in && b_out);
  EXPECT_TRUE(a_in->encr_key == b_out->encr_key);
  EXPECT_FALSE(a_in->encr_key == a_out->encr_key);
  EXPECT_EQ(a.backend.policies().size(), 1u);
}

TEST_P(Establish, BothSidesInstallMirroredChild) {
  auto [ike, esp] = GetParam();
  start(side_config(true, ike, esp), side_config(false, ike, esp));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  auto l = left->sas()[0];
  auto r = right->sas()[0];
  EXPECT_EQ(l.spi_i, r.spi_i);
  EXPECT_EQ(l.spi_r, r.spi_r);
  EXPECT_EQ(l.role, "initiator");
  EXPECT_EQ(r.role, "responder");
  EXPECT_EQ(l.remote_id, "right@example.test");
  EXPECT_EQ(r.remote_id, "left@example.test");
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"10.1.0.0/24"});
  EXPECT_EQ(r.children[0].local_ts, std::vector<std::string>{"10.2.0.0/24"});
}

INSTANTIATE_TEST_SUITE_P(
    Proposals, Establish,
    ::testing::Values(
        std::make_pair("aes128gcm16-prfsha256-x25519", "aes128gcm16"),
        std::make_pair("aes256-sha256-modp2048", "aes256-sha256"),
        std::make_pair("aes256gcm16-prfsha384-ecp384", "aes256gcm16"),
        std::make_pair("chacha20poly1305-prfsha256-x25519", "chacha20poly1305"),
        std::make_pair("aes128-sha1-modp1024", "aes128-sha1"),
        std::make_pair("aes128-aesxcbc-ecp256", "aes128-sha512"),
        // Camellia CBC / CTR / CCM (RFC 5529; CCM composed from OpenSSL's Camellia)
        // protecting IKE_AUTH, with the Brainpool, RFC 5114, P-192/P-224 groups
        std::make_pair("camellia256ccm16-prfsha384-ecp384bp", "camellia128ctr-sha256"),
        std::make_pair("camellia128-sha256-modp2048s256", "camellia256ccm12"),
        std::make_pair("camellia192ctr-sha512-ecp224bp", "camellia192ccm8"),
        std::make_pair("camellia128ccm8-prfsha1-ecp512bp", "camellia256-sha384"),
        std::make_pair("camellia256ccm12-prfsha256-ecp256bp", "aes128gcm16"),
        std::make_pair("aes128-sha256-modp1024s160", "aes128-sha256"),
        std::make_pair("aes128-sha256-modp2048s224", "aes128-sha256"),
        std::make_pair("aes256-sha384-ecp224", "camellia128-sha1"),
        std::make_pair("aes128-sha1-ecp192", "aes128gcm16"),
        // HMAC-MD5-128, HMAC-SHA1-160 and strongSwan's private HMAC_SHA2_256_96 (1026)
        std::make_pair("aes128-sha256_96-prfsha256-x25519", "aes128-sha256_96"),
        std::make_pair("aes256-md5_128-x25519", "aes128-sha1_160")));

// Blowfish and CAST when the configuration lists them and crypto has them on (the daemon's job).
TEST_F(TwoEngines, LegacyCiphersWhenTurnedOn) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({EncrId::kBlowfish, EncrId::kCast}));
  const std::string legacy = "oakley {\n  legacy_ciphers = blowfish, cast\n}\n";
  start(side_config(true, "blowfish192-sha1-modp2048s224", "cast128-sha1", "", "",
                    "test-psk-0123456789", legacy),
        side_config(false, "blowfish192-sha1-modp2048s224", "cast128-sha1", "", "",
                    "test-psk-0123456789", legacy));
  auto st = initiate_left();
  EXPECT_TRUE(st) << st.error().message;
  if (st) expect_mirrored_child(*left, *right);
  ASSERT_TRUE(crypto::enable_legacy_ciphers({}));
}

// charon's child option sha256_96: HMAC_SHA2_256_128 is negotiated, and installed with a 12-byte
// ICV (the data plane's HMAC_SHA2_256_96); the key stays 32 bytes.
TEST_F(TwoEngines, Sha256_96ChildOptionTruncatesTheInstalledIcv) {
  start(side_config(true, "aes128-sha256-x25519", "aes128-sha256", "", "sha256_96 = yes"),
        side_config(false, "aes128-sha256-x25519", "aes128-sha256", "", "sha256_96 = yes"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  auto l = left->sas()[0];
  ASSERT_EQ(l.children.size(), 1u);
  EXPECT_EQ(l.children[0].integ, "HMAC_SHA2_256_128");  // what was negotiated, as charon lists it
  for (Peer* p : {left.get(), right.get()}) {
    ASSERT_EQ(p->backend.sas().size(), 2u);
    for (const auto& sa : p->backend.sas()) {
      EXPECT_EQ(sa.algorithms.integ, IntegId::kHmacSha256_96);
      EXPECT_EQ(sa.integ_key.size(), 32u);
    }
  }
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, WrongPskFailsOnBothSidesAndInstallsNothing) {
  start(
      side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "", "left-psk-aaaaaaa"),
      side_config(false));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("AUTHENTICATION_FAILED"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(log_contains("AUTH payload does not verify"));
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(TwoEngines, NoCommonProposalNamesBothSides) {
  start(side_config(true, "aes256-sha256-modp2048"),
        side_config(false, "aes128gcm16-prfsha256-x25519"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO_PROPOSAL_CHOSEN"), std::string::npos) << st.error().message;
  EXPECT_TRUE(
      log_contains("peer offered AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048"));
  EXPECT_TRUE(log_contains("we accept AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"));
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
}

TEST_F(TwoEngines, InvalidKePayloadRetriesWithRequestedGroup) {
  start(side_config(true, "aes128gcm16-prfsha256-x25519-ecp256"),
        side_config(false, "aes128gcm16-prfsha256-ecp256"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(*left->sas()[0].dh, "ECP_256");
  EXPECT_TRUE(log_contains("peer wants DH group ECP_256 instead of CURVE_25519"));
}

TEST_F(TwoEngines, UnknownPeerIdentityIsRejected) {
  auto right_cfg = side_config(false);
  auto pos = right_cfg.find("id = left@example.test");
  right_cfg.replace(pos, 22, "id = other@example.test");
  start(side_config(true), right_cfg);
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("expects remote id 'other@example.test', peer is 'left@example.test'"));
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(TwoEngines, NarrowsTrafficSelectors) {
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("remote_ts = 10.1.0.0/24"), 23, "remote_ts = 10.1.0.0/25");
  start(side_config(true), right_cfg);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  ASSERT_EQ(l.children.size(), 1u);
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"10.1.0.0/25"});
}

TEST_F(TwoEngines, DisjointSelectorsFailTheChildNotTheIkeSa) {
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("remote_ts = 10.1.0.0/24"), 23, "remote_ts = 10.9.0.0/24");
  start(side_config(true), right_cfg);
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("TS_UNACCEPTABLE"), std::string::npos) << st.error().message;
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(log_contains("traffic selectors unacceptable"));
}

TEST_F(TwoEngines, TransportModeWhenBothWantIt) {
  start(side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "mode = transport"),
        side_config(false, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "mode = transport"));
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(left->sas()[0].children[0].mode, "TRANSPORT");
  EXPECT_EQ(right->sas()[0].children[0].mode, "TRANSPORT");
  auto sa = left->backend.sas();
  ASSERT_FALSE(sa.empty());
  EXPECT_EQ(sa[0].mode, dataplane::Mode::kTransport);
}

}  // namespace
}  // namespace oakley::ikev2::testing
