// Main Mode / Aggressive Mode + Quick Mode between two engines: the SAs come up on both sides with
// mirrored keys in the data plane; refusals name what was expected and what was seen.
#include "crypto/cipher.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using dataplane::Direction;

struct Suite {
  std::string ike, esp;
  friend void PrintTo(const Suite& s, std::ostream* os) { *os << s.ike << " / " << s.esp; }
};

class Establish : public TwoEngines, public ::testing::WithParamInterface<Suite> {};

TEST_P(Establish, MainModeAndQuickModeInstallMirroredKeys) {
  SideOptions o;
  o.proposals = GetParam().ike;
  o.esp = GetParam().esp;
  start(o);
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  auto l = left->sas()[0];
  auto r = right->sas()[0];
  EXPECT_EQ(l.version, 1);
  EXPECT_EQ(l.spi_i, r.spi_i);
  EXPECT_EQ(l.spi_r, r.spi_r);
  EXPECT_EQ(l.role, "initiator");
  EXPECT_EQ(r.role, "responder");
  EXPECT_EQ(l.remote_id, "right@example.test");
  EXPECT_EQ(r.remote_id, "left@example.test");
  // Operator ids come from the side's ike::SaIds (the daemon shares one between both engines,
  // so IKEv1 and IKEv2 SAs never share an id): the first of each kind.
  EXPECT_EQ(l.id, 1u);
  expect_mirrored_child(*left, *right);
  EXPECT_EQ(l.children[0].id, 1u);
  EXPECT_EQ(left->ids.next_ike_id(), 2u);
  EXPECT_EQ(left->ids.next_child_id(), 2u);
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"10.1.0.0/24"});
  EXPECT_EQ(r.children[0].local_ts, std::vector<std::string>{"10.2.0.0/24"});
  EXPECT_EQ(left->backend.policies().size(), 1u);
  EXPECT_EQ(right->backend.policies().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Suites, Establish,
    ::testing::Values(Suite{"aes128-sha256-modp2048", "aes128-sha256"},
                      Suite{"3des-sha1-modp1024", "3des-sha1"},
                      Suite{"aes256-sha384-ecp384", "aes256gcm16"},
                      Suite{"aes192-sha512-x25519", "aes192-sha1"},
                      Suite{"aes128-md5-modp1536", "aes128-md5-modp1536"},
                      Suite{"aes128-sha256-modp2048", "aes128-sha256-modp2048"},
                      // Camellia-CBC (RFC 4312) in Phase 1 and ESP, the
                      // RFC 5114, P-192/P-224 and Brainpool groups (22-30)
                      Suite{"camellia256-sha256-modp2048s256", "camellia128-sha256"},
                      Suite{"camellia192-sha512-ecp512bp", "camellia256-sha1-ecp224"},
                      Suite{"aes128-sha1-modp1024s160", "camellia-sha1-modp2048s224"},
                      Suite{"camellia-sha384-ecp384bp", "aes256-sha512"},
                      Suite{"aes256-sha256-ecp256bp", "aes128-sha256-ecp224bp"},
                      Suite{"aes128-sha256-ecp192", "aes128gcm16-ecp192"}));

}  // namespace
}  // namespace oakley::ikev1::testing

namespace oakley::ikev1::testing {
namespace {

SideOptions aggressive_options() {
  SideOptions o;
  o.extra_conn = "aggressive = yes";
  return o;
}

const std::string kAllowAggressive =
    "oakley {\n  i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n}\n";

TEST_F(TwoEngines, QuickModeWithPfsReportsTheGroup) {
  SideOptions o;
  o.esp = "aes128-sha256-modp2048";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  ASSERT_EQ(l.children.size(), 1u);
  ASSERT_TRUE(l.children[0].dh.has_value());
  EXPECT_EQ(*l.children[0].dh, "MODP_2048");
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, PfsGroupMustMatchInQuickMode) {
  SideOptions l, r;
  l.esp = "aes128-sha256-modp2048";
  r.esp = "aes128-sha256-modp1024";
  start(side_config(true, l), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO-PROPOSAL-CHOSEN"), std::string::npos) << st.error().message;
  EXPECT_TRUE(log_contains("peer offered AES_CBC_128/HMAC_SHA2_256_128/MODP_2048"));
  EXPECT_TRUE(log_contains("we accept AES_CBC_128/HMAC_SHA2_256_128/MODP_1024"));
  EXPECT_EQ(left->established(), 1u);  // Phase 1 is fine; only the Quick Mode failed
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(TwoEngines, TransportModeWhenBothWantIt) {
  SideOptions o;
  o.extra_child = "mode = transport";
  o.local_ts = "dynamic";
  o.remote_ts = "dynamic";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  EXPECT_EQ(l.children[0].mode, "TRANSPORT");
  EXPECT_EQ(right->sas()[0].children[0].mode, "TRANSPORT");
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"192.0.2.1/32"});
  auto sa = left->backend.sas();
  ASSERT_FALSE(sa.empty());
  EXPECT_EQ(sa[0].mode, dataplane::Mode::kTransport);
}

TEST_F(TwoEngines, TunnelVersusTransportIsRefused) {
  SideOptions l = {}, r = {};
  l.extra_child = "mode = transport";
  start(side_config(true, l), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("TRANSPORT")) << logs_text();
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(TwoEngines, AggressiveModeWhenExplicitlyAllowed) {
  auto o = aggressive_options();
  auto r = o;
  r.extra_top = kAllowAggressive;
  start(side_config(true, o), side_config(false, r));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_TRUE(log_contains("initiating Aggressive Mode"));
  expect_mirrored_child(*left, *right);
}

TEST_F(TwoEngines, AggressiveModeRefusedWithoutTheDaemonSetting) {
  auto o = aggressive_options();
  start(side_config(true, o), side_config(false, o));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("i_dont_care_about_security_and_use_aggressive_mode_psk = yes"));
  EXPECT_TRUE(log_contains("attack the key offline"));
  EXPECT_EQ(right->engine->stats().aggressive_refused, 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
}

TEST_F(TwoEngines, AggressiveModeRefusedWhenTheConnectionSaysNo) {
  SideOptions r;
  r.extra_top = kAllowAggressive;
  start(side_config(true, aggressive_options()), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("connection 't' has aggressive = no"));
  EXPECT_EQ(right->engine->stats().aggressive_refused, 1u);
}

TEST_F(TwoEngines, WrongPskFailsMainModeOnBothSides) {
  SideOptions l;
  l.psk = "left-psk-aaaaaaaaaa";
  start(side_config(true, l), side_config(false, {}));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("AUTHENTICATION-FAILED"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(
      log_contains("pre-shared key differs from ours ('ike-t', found by the peer's address)"))
      << logs_text();
  EXPECT_EQ(right->engine->stats().auth_failures, 1u);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(left->backend.sas().empty());
  EXPECT_TRUE(right->backend.sas().empty());
}

TEST_F(TwoEngines, WrongPskFailsAggressiveModeAtTheInitiator) {
  auto l = aggressive_options();
  l.psk = "left-psk-aaaaaaaaaa";
  auto r = aggressive_options();
  r.extra_top = kAllowAggressive;
  start(side_config(true, l), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("HASH_R does not verify")) << logs_text();
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
}

TEST_F(TwoEngines, NoProposalChosenNamesBothSidesTransforms) {
  SideOptions l, r;
  l.proposals = "aes256-sha256-modp2048";
  r.proposals = "aes128-sha1-modp1024";
  start(side_config(true, l), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("NO-PROPOSAL-CHOSEN"), std::string::npos) << st.error().message;
  EXPECT_TRUE(
      log_contains("peer offered AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048"))
      << logs_text();
  EXPECT_TRUE(log_contains("we accept AES_CBC_128/PRF_HMAC_SHA1/HMAC_SHA1_96/MODP_1024"));
  // the initiator only hears NO-PROPOSAL-CHOSEN: it names what it offered
  EXPECT_NE(st.error().message.find(
                "(we offered AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048"),
            std::string::npos)
      << st.error().message;
  EXPECT_EQ(right->engine->stats().no_proposal_chosen, 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
}

TEST_F(TwoEngines, Phase1LifetimeLongerThanOursIsRefused) {
  SideOptions r;
  r.extra_conn = "rekey_time = 1h";  // lifetime 1h + 6min over_time = 3960 s
  start(side_config(true, {}), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("lifetime 15840s exceeds our 3960s")) << logs_text();
  EXPECT_NE(st.error().message.find("NO-PROPOSAL-CHOSEN"), std::string::npos);
}

TEST_F(TwoEngines, Phase1ShorterLifetimeIsAcceptedAndUsedByBoth) {
  SideOptions l;
  l.extra_conn = "rekey_time = 1h";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  auto ls = left->sas()[0];
  auto rs = right->sas()[0];
  ASSERT_TRUE(ls.reauth_in_seconds && rs.reauth_in_seconds);
  EXPECT_NEAR(*ls.reauth_in_seconds, 3960, 5);
  EXPECT_NEAR(*rs.reauth_in_seconds, 3960, 5);
  ASSERT_TRUE(ls.rekey_in_seconds);
  EXPECT_LE(*ls.rekey_in_seconds, 3600);
  EXPECT_FALSE(rs.rekey_in_seconds);  // the initiator renews Phase 1
}

TEST_F(TwoEngines, ResponderLifetimeLowersTheInitiatorsChild) {
  SideOptions r;
  r.extra_child = "rekey_time = 20m";  // life_time 22 min = 1320 s
  start(side_config(true, {}), side_config(false, r));
  ASSERT_TRUE(initiate_left());
  EXPECT_TRUE(log_contains("lowering it with RESPONDER-LIFETIME")) << logs_text();
  EXPECT_TRUE(
      log_contains("responder lowered the lifetime of CHILD_SA net: proposed 3960s, "
                   "using 1320s"));
  EXPECT_EQ(right->engine->stats().responder_lifetime_sent, 1u);
  EXPECT_EQ(left->engine->stats().responder_lifetime_received, 1u);
  auto lc = left->sas()[0].children[0];
  auto rc = right->sas()[0].children[0];
  ASSERT_TRUE(lc.expire_in_seconds && rc.expire_in_seconds);
  EXPECT_NEAR(*lc.expire_in_seconds, 1320, 5);
  EXPECT_NEAR(*rc.expire_in_seconds, 1320, 5);
  ASSERT_TRUE(lc.rekey_in_seconds);
  EXPECT_LT(*lc.rekey_in_seconds, 1320);
}

TEST_F(TwoEngines, ProxyIdMismatchIsInvalidIdInformation) {
  SideOptions r;
  r.local_ts = "10.9.0.0/24";  // right's remote_ts: not what left proposes
  start(side_config(true, {}), side_config(false, r));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("INVALID-ID-INFORMATION"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(
      log_contains("proxy IDs 10.2.0.0/24 === 10.1.0.0/24 (ours === theirs) match no child "
                   "of 't': configured net: 10.2.0.0/24 === 10.9.0.0/24"))
      << logs_text();
  EXPECT_EQ(right->engine->stats().invalid_id_information, 1u);
  EXPECT_EQ(left->established(), 1u);
  EXPECT_TRUE(left->backend.sas().empty());
}

TEST_F(TwoEngines, ResponderNarrowsProxyIds) {
  SideOptions r;
  r.local_ts = "10.1.0.0/25";
  start(side_config(true, {}), side_config(false, r));
  ASSERT_TRUE(initiate_left());
  EXPECT_EQ(left->sas()[0].children[0].local_ts, std::vector<std::string>{"10.1.0.0/25"});
  EXPECT_EQ(right->sas()[0].children[0].remote_ts, std::vector<std::string>{"10.1.0.0/25"});
}

TEST_F(TwoEngines, TwoChildrenOnOneIsakmpSa) {
  SideOptions l, r;
  l.more_children =
      "db {\n local_ts = 10.1.1.0/24\n remote_ts = 10.2.1.0/24\n esp_proposals = 3des-sha1\n }";
  r.more_children =
      "db {\n local_ts = 10.2.1.0/24\n remote_ts = 10.1.1.0/24\n esp_proposals = 3des-sha1\n }";
  start(side_config(true, l), side_config(false, r));
  ASSERT_TRUE(initiate_left("net"));
  ASSERT_TRUE(initiate_left("db"));
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(right->engine->ike_sa_count(), 1u);
  expect_mirrored_child(*left, *right, 0);
  expect_mirrored_child(*left, *right, 1);
  auto l0 = left->sas()[0];
  EXPECT_NE(l0.children[0].reqid, l0.children[1].reqid);
  EXPECT_EQ(left->backend.policies().size(), 2u);
  EXPECT_EQ(right->backend.policies().size(), 2u);
}

TEST_F(TwoEngines, EverySelectorPairGetsItsOwnQuickMode) {
  SideOptions o;
  o.local_ts = "10.1.0.0/24,10.1.1.0/24";
  o.remote_ts = "10.2.0.0/24";
  start(o);
  ASSERT_TRUE(initiate_left());
  auto l = left->sas()[0];
  ASSERT_EQ(l.children.size(), 2u);
  EXPECT_EQ(right->sas()[0].children.size(), 2u);
  EXPECT_NE(l.children[0].reqid, l.children[1].reqid);
  EXPECT_NE(l.children[0].local_ts, l.children[1].local_ts);
  EXPECT_EQ(left->backend.policies().size(), 2u);
  EXPECT_EQ(right->installed_children(), 2u);
}

TEST_F(TwoEngines, MissingPskIsExplained) {
  auto r = side_config(false, {});
  r.replace(r.find("id-a = left@example.test"), 24, "id-a = other@example.test");
  r.replace(r.find("id-b = right@example.test"), 25, "id-b = nobody@example.test");
  start(side_config(true, {}), r);
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("no pre-shared key for 'right@example.test' - 'left@example.test'"))
      << logs_text();
}

TEST_F(TwoEngines, UnknownCookiesAreDroppedAndCounted) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  wire::ikev1::Message m;
  m.header.initiator_cookie = 0x1122334455667788;
  m.header.responder_cookie = 0x99aabbccddeeff00;
  m.header.exchange_type = wire::ikev1::ExchangeType::kQuickMode;
  m.header.message_id = 7;
  m.header.flags = wire::ikev1::kFlagEncryption;
  m.encrypted_body = Bytes(32, 0);
  auto bytes = wire::ikev1::encode(m);
  ASSERT_TRUE(bytes);
  right->engine->on_packet(*bytes, Endpoint{right->address, 500}, Endpoint{left->address, 500});
  EXPECT_EQ(right->engine->stats().unknown_cookies, 1u);
  EXPECT_EQ(right->established(), 1u);
}

// Single DES, Blowfish and CAST need oakley.legacy_ciphers (else the file does not load, see
// tests/config) and the daemon then turns them on in crypto before the engines see the
// configuration. Without the crypto switch the engine neither offers nor accepts them.
SideOptions legacy_options(const std::string& ike, const std::string& esp) {
  SideOptions o;
  o.proposals = ike;
  o.esp = esp;
  o.extra_top = "oakley {\n  legacy_ciphers = des, blowfish, cast\n}\n";
  return o;
}

TEST_F(TwoEngines, LegacyCiphersAreOffUnlessTurnedOn) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({}));
  start(legacy_options("des-sha1-modp1024", "aes128-sha1"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("DES_CBC is off")) << logs_text();
}

class LegacyEstablish : public TwoEngines, public ::testing::WithParamInterface<Suite> {
 protected:
  void TearDown() override {
    TwoEngines::TearDown();
    crypto::enable_legacy_ciphers({});
  }
};

TEST_P(LegacyEstablish, MainModeAndQuickModeWhenTurnedOn) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({EncrId::kDes, EncrId::kBlowfish, EncrId::kCast}));
  start(legacy_options(GetParam().ike, GetParam().esp));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  expect_mirrored_child(*left, *right);
}

INSTANTIATE_TEST_SUITE_P(Suites, LegacyEstablish,
                         ::testing::Values(Suite{"blowfish256-sha256-ecp256bp", "cast128-sha1"},
                                           Suite{"cast128-sha1-modp2048", "blowfish-sha256"},
                                           Suite{"des-sha1-modp1024", "des-md5"}));

TEST_F(TwoEngines, VersionZeroConnectionsAreInitiatedByIkev2) {
  auto l = side_config(true, {});
  l.replace(l.find("version = 1"), 11, "version = 0");
  start(l, side_config(false, {}));
  auto st = left->engine->initiate("t", "net", nullptr);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("IKEv2 engine initiates it"), std::string::npos);
}

}  // namespace
}  // namespace oakley::ikev1::testing
