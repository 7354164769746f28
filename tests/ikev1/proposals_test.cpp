// The pieces under the exchanges: Phase 1 / ESP transforms to and from the wire, the responder's
// choices and their explanations, payload rules, the CBC crypter's IV chain, cookies.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "crypto/cipher.hpp"
#include "crypto/random.hpp"
#include "ikev1/cookies.hpp"
#include "ikev1/crypter.hpp"
#include "ikev1/esp_proposals.hpp"
#include "ikev1/payload_rules.hpp"
#include "ikev1/phase1_proposals.hpp"

namespace oakley::ikev1 {
namespace {

namespace w = wire::ikev1;

config::Connection connection(const std::string& proposals) {
  config::Connection c;
  c.name = "c";
  c.proposals = *config::parse_proposals(config::SaProtocol::kIke, proposals);
  return c;
}

config::Child child(const std::string& esp) {
  config::Child c;
  c.name = "net";
  c.esp_proposals = *config::parse_proposals(config::SaProtocol::kEsp, esp);
  return c;
}

TEST(Phase1Proposals, OfferOneTransformPerProposalAndSayWhatWasLeftOut) {
  auto offer = phase1_offer(connection("aes128-sha256-modp2048,aes128gcm16-prfsha256-x25519,"
                                       "aes256-aesxcbc-modp2048,3des-sha1-modp1024"),
                            AuthMethod::kPsk, XauthMode::kNone);
  ASSERT_EQ(offer.transforms.size(), 2u);
  EXPECT_EQ(describe(offer.transforms[0]),
            "AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048 PSK 15840s");
  ASSERT_EQ(offer.skipped.size(), 2u);
  EXPECT_NE(offer.skipped[0].find("needs AES-CBC, Camellia-CBC, 3DES, Blowfish, CAST or DES"),
            std::string::npos)
      << offer.skipped[0];
  EXPECT_NE(offer.skipped[1].find("MD5, SHA1 or SHA2 hash"), std::string::npos);
}

TEST(Phase1Proposals, TransformsRoundTripThroughTheWire) {
  auto offer = phase1_offer(connection("aes256-sha512-ecp384"), AuthMethod::kPsk, XauthMode::kNone);
  auto sa = phase1_sa_payload(offer.transforms);
  auto parsed = parse_phase1_transform(sa.proposals[0].transforms[0]);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->proposal.transforms, offer.transforms[0].proposal.transforms);
  EXPECT_EQ(parsed->life_seconds, 15840u);
}

// draft-beaulieu-ike-xauth-02: the method number says which end is the XAuth client.
TEST(Phase1Proposals, XauthMethodNumbersRoundTrip) {
  struct Case {
    AuthMethod auth;
    XauthMode xauth;
    std::uint64_t number;
  };
  for (auto c : {Case{AuthMethod::kPsk, XauthMode::kInitiatorIsClient, 65001},
                 Case{AuthMethod::kPsk, XauthMode::kResponderIsClient, 65002},
                 Case{AuthMethod::kRsaSig, XauthMode::kInitiatorIsClient, 65005},
                 Case{AuthMethod::kRsaSig, XauthMode::kResponderIsClient, 65006}}) {
    auto offer = phase1_offer(connection("aes128-sha256-modp2048"), c.auth, c.xauth);
    ASSERT_EQ(offer.transforms.size(), 1u);
    auto wire_t = to_wire(offer.transforms[0], 1);
    EXPECT_EQ(wire_t.attribute(w::Phase1Attribute::kAuthenticationMethod), c.number);
    auto parsed = parse_phase1_transform(wire_t);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->auth, c.auth);
    EXPECT_EQ(parsed->xauth, c.xauth);
  }
  // No XAuth method exists for ECDSA: the proposal is left out, and says why.
  auto ecdsa = phase1_offer(connection("aes128-sha256-ecp256"), AuthMethod::kEcdsa256,
                            XauthMode::kInitiatorIsClient);
  EXPECT_TRUE(ecdsa.transforms.empty());
  ASSERT_EQ(ecdsa.skipped.size(), 1u);
  EXPECT_NE(ecdsa.skipped[0].find("PSK and RSA only"), std::string::npos) << ecdsa.skipped[0];
}

TEST(Phase1Proposals, UnsupportedAttributesAreNamed) {
  w::Transform t;
  // 2 = IDEA-CBC: not in OpenSSL 3.0's default provider, not offered by charon.
  t.attributes = {wire::DataAttribute::integer(w::Phase1Attribute::kEncryptionAlgorithm, 2),
                  wire::DataAttribute::integer(w::Phase1Attribute::kHashAlgorithm, 2)};
  auto parsed = parse_phase1_transform(t);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("ENCRYPTION_ALGORITHM=2"), std::string::npos)
      << parsed.error().message;
}

// Camellia (8, RFC 4312), Blowfish (3) and CAST (6) with their Key Length attribute, as charon
// sends them; the RFC 5114, P-192/P-224 and Brainpool groups by their group numbers 22-30.
TEST(Phase1Proposals, CamelliaBlowfishCastAndTheNewGroupsOnTheWire) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({EncrId::kBlowfish, EncrId::kCast}));
  auto offer = phase1_offer(connection("camellia256-sha256-modp2048s256,blowfish192-sha1-ecp224bp,"
                                       "cast128-sha384-ecp192,camellia-sha512-ecp512bp"),
                            AuthMethod::kPsk, XauthMode::kNone);
  ASSERT_EQ(offer.transforms.size(), 4u) << (offer.skipped.empty() ? "" : offer.skipped[0]);
  auto sa = phase1_sa_payload(offer.transforms);
  const std::uint64_t expected[][3] = {{8, 256, 24}, {3, 192, 27}, {6, 128, 25}, {8, 128, 30}};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& t = sa.proposals[0].transforms[i];
    EXPECT_EQ(t.attribute(w::Phase1Attribute::kEncryptionAlgorithm), expected[i][0]) << i;
    EXPECT_EQ(t.attribute(w::Phase1Attribute::kKeyLength), expected[i][1]) << i;
    EXPECT_EQ(t.attribute(w::Phase1Attribute::kGroupDescription), expected[i][2]) << i;
    auto parsed = parse_phase1_transform(t);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->proposal.transforms, offer.transforms[i].proposal.transforms);
  }
  // A Blowfish transform without Key Length means 128 bits (RFC 2409 appendix A).
  w::Transform bare;
  bare.attributes = {wire::DataAttribute::integer(w::Phase1Attribute::kEncryptionAlgorithm, 3),
                     wire::DataAttribute::integer(w::Phase1Attribute::kHashAlgorithm, 2),
                     wire::DataAttribute::integer(w::Phase1Attribute::kAuthenticationMethod, 1),
                     wire::DataAttribute::integer(w::Phase1Attribute::kGroupDescription, 2)};
  auto parsed = parse_phase1_transform(bare);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->proposal.first(TransformType::kEncr)->key_bits, 128u);
  ASSERT_TRUE(crypto::enable_legacy_ciphers({}));
}

// Legacy ciphers are neither offered nor accepted while oakley.legacy_ciphers leaves them off.
TEST(Phase1Proposals, LegacyCiphersOnlyWhenTurnedOn) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({EncrId::kCast}));
  auto offer = phase1_offer(connection("blowfish-sha1-modp2048,cast128-sha1-modp2048,"
                                       "des-sha1-modp2048"),
                            AuthMethod::kPsk, XauthMode::kNone);
  ASSERT_EQ(offer.transforms.size(), 1u);
  EXPECT_EQ(describe(offer.transforms[0]).substr(0, 12), "CAST_CBC_128");
  ASSERT_EQ(offer.skipped.size(), 2u);
  EXPECT_NE(offer.skipped[0].find("BLOWFISH_CBC is off"), std::string::npos) << offer.skipped[0];
  EXPECT_NE(offer.skipped[1].find("DES_CBC is off"), std::string::npos) << offer.skipped[1];
  auto esp = esp_offer(child("blowfish256-sha1,cast128-md5"), false, false);
  ASSERT_EQ(esp.transforms.size(), 1u);
  ASSERT_EQ(esp.skipped.size(), 1u);
  ASSERT_TRUE(crypto::enable_legacy_ciphers({}));
  EXPECT_TRUE(phase1_offer(connection("cast128-sha1-modp2048"), AuthMethod::kPsk, XauthMode::kNone)
                  .transforms.empty());
}

TEST(Phase1Proposals, LongerLifetimeIsNotAcceptableAndTheReasonSaysSo) {
  auto ours = phase1_offer(connection("aes128-sha1-modp2048"), AuthMethod::kPsk, XauthMode::kNone)
                  .transforms;
  auto theirs = ours;
  theirs[0].life_seconds = 86400;
  std::string why;
  EXPECT_FALSE(select_phase1(ours, phase1_sa_payload(theirs), 15840, &why));
  EXPECT_NE(why.find("transform #1 lifetime 86400s exceeds our 15840s"), std::string::npos) << why;
  theirs[0].life_seconds = 3600;
  auto choice = select_phase1(ours, phase1_sa_payload(theirs), 15840, &why);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->chosen.life_seconds, 3600u);
}

TEST(Phase1Proposals, TheAnswerMustBeATransformWeOffered) {
  auto ours = phase1_offer(connection("aes128-sha1-modp2048"), AuthMethod::kPsk, XauthMode::kNone)
                  .transforms;
  auto other =
      phase1_offer(connection("aes256-sha256-modp2048"), AuthMethod::kPsk, XauthMode::kNone)
          .transforms;
  EXPECT_TRUE(check_phase1_answer(ours, phase1_sa_payload(ours)));
  auto bad = check_phase1_answer(ours, phase1_sa_payload(other));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("which we did not offer"), std::string::npos);
}

TEST(EspProposals, AhIsRefusedCleanly) {
  w::SaPayload theirs;
  w::Proposal ah;
  ah.protocol = w::ProtocolId::kAh;
  ah.spi = {1, 2, 3, 4};
  ah.transforms = {w::Transform{1, static_cast<std::uint8_t>(w::AhTransformId::kSha), {}}};
  theirs.proposals = {ah};
  auto ours = esp_offer(child("aes128-sha1"), false, false).transforms;
  std::string why;
  EXPECT_FALSE(select_esp(ours, theirs, &why));
  EXPECT_NE(why.find("proposal #1 (PROTO_IPSEC_AH): only ESP is supported"), std::string::npos)
      << why;
}

TEST(EspProposals, ResponderAnswersWithTheChosenTransformUnchanged) {
  auto offered = esp_offer(child("aes256-sha256,aes128-sha1"), false, true).transforms;
  auto theirs = esp_sa_payload(offered, 0x11223344);
  auto ours = esp_offer(child("aes128-sha1"), false, true).transforms;
  std::string why;
  auto choice = select_esp(ours, theirs, &why);
  ASSERT_TRUE(choice) << why;
  EXPECT_EQ(choice->transform_index, 1u);
  auto answer = esp_answer(theirs, *choice, 0xaabbccdd);
  ASSERT_EQ(answer.proposals[0].transforms.size(), 1u);
  EXPECT_EQ(answer.proposals[0].transforms[0], theirs.proposals[0].transforms[1]);
  EXPECT_EQ(answer.proposals[0].spi, (Bytes{0xaa, 0xbb, 0xcc, 0xdd}));
  auto back = check_esp_answer(offered, answer);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->udp_encap);
  EXPECT_EQ(back->life_seconds, 3960u);
}

TEST(EspProposals, PfsGroupAndModeMustMatch) {
  auto pfs = esp_offer(child("aes128-sha1-modp2048"), false, false).transforms;
  auto plain = esp_offer(child("aes128-sha1"), false, false).transforms;
  auto transport = esp_offer(child("aes128-sha1"), true, false).transforms;
  std::string why;
  EXPECT_FALSE(select_esp(plain, esp_sa_payload(pfs, 1000), &why));
  EXPECT_FALSE(select_esp(plain, esp_sa_payload(transport, 1000), &why));
  EXPECT_NE(why.find("TRANSPORT"), std::string::npos) << why;
}

// ESP transform IDs 22 (Camellia-CBC), 7 (Blowfish), 6 (CAST) with Key Length; Camellia CTR and
// CCM have no IKEv1 ESP number (charon has none either) and are left out with the reason.
TEST(EspProposals, CamelliaBlowfishCastTransformIds) {
  ASSERT_TRUE(crypto::enable_legacy_ciphers({EncrId::kBlowfish, EncrId::kCast}));
  auto offer = esp_offer(child("camellia192-sha256-ecp256bp,blowfish256-sha1,cast128-sha512,"
                               "camellia128ctr-sha256,camellia128ccm16"),
                         false, false);
  ASSERT_EQ(offer.transforms.size(), 3u);
  ASSERT_EQ(offer.skipped.size(), 2u);
  EXPECT_NE(offer.skipped[0].find("no IKEv1 ESP transform ID"), std::string::npos);
  auto sa = esp_sa_payload(offer.transforms, 0x01020304);
  const std::uint8_t ids[] = {22, 7, 6};
  const std::uint64_t bits[] = {192, 256, 128};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& t = sa.proposals[0].transforms[i];
    EXPECT_EQ(t.id, ids[i]);
    EXPECT_EQ(t.attribute(w::IpsecAttribute::kKeyLength), bits[i]);
  }
  EXPECT_EQ(sa.proposals[0].transforms[0].attribute(w::IpsecAttribute::kGroupDescription), 28u);
  std::string why;
  auto choice = select_esp(offer.transforms, sa, &why);
  ASSERT_TRUE(choice) << why;
  EXPECT_EQ(choice->transform_index, 0u);
  ASSERT_TRUE(crypto::enable_legacy_ciphers({}));
}

TEST(EspProposals, ResponderLifetimeAttributesRoundTrip) {
  std::uint64_t s = 0, kb = 0;
  parse_lifetime_attributes(lifetime_attributes(1320, 500000), s, kb);
  EXPECT_EQ(s, 1320u);
  EXPECT_EQ(kb, 500000u);
}

TEST(PayloadRules, SayWhatWasExpectedAndWhatCame) {
  std::vector<w::Payload> mm5 = {w::Payload{w::IdPayload::fqdn("a")},
                                 w::Payload{w::HashPayload{Bytes(20, 1)}}};
  auto clear = check_payload_rules(MessageKind::kMm5, mm5, false);
  ASSERT_TRUE(clear);
  EXPECT_NE(clear->find("MM5 must be encrypted"), std::string::npos) << *clear;
  EXPECT_FALSE(check_payload_rules(MessageKind::kMm5, mm5, true));
  std::vector<w::Payload> qm = {w::Payload{w::NoncePayload{Bytes(16, 2)}},
                                w::Payload{w::HashPayload{Bytes(20, 1)}}};
  auto q = check_payload_rules(MessageKind::kQm1, qm, true);
  ASSERT_TRUE(q);
  EXPECT_NE(q->find("QM1 must start with HASH"), std::string::npos) << *q;
  std::vector<w::Payload> mm3 = {w::Payload{w::KePayload{Bytes(128, 3)}}};
  auto m = check_payload_rules(MessageKind::kMm3, mm3, false);
  ASSERT_TRUE(m);
  EXPECT_NE(m->find("MM3 needs 1 No payload(s), got 0"), std::string::npos) << *m;
}

TEST(Crypter, CbcWithTheIvChainOfRfc2409) {
  auto key = crypto::random_secret(16);
  auto c = Crypter::create(EncrId::kAesCbc, key);
  ASSERT_TRUE(c);
  Bytes iv_send(16, 7), iv_recv(16, 7);
  Bytes plain(37, 0x5a);
  auto first = c->encrypt(plain, iv_send);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), 48u);  // zero padding to the block
  EXPECT_EQ(iv_send, Bytes(first->end() - 16, first->end()));
  auto second = c->encrypt(plain, iv_send);
  EXPECT_NE(*first, *second);  // the next message continues the chain
  auto back1 = c->decrypt(*first, iv_recv);
  auto back2 = c->decrypt(*second, iv_recv);
  ASSERT_TRUE(back1 && back2);
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(), back2->view().begin()));
  EXPECT_FALSE(c->decrypt(Bytes(17, 0), iv_recv));
}

TEST(Cookies, NonZeroAndDistinct) {
  CookieFactory f;
  Endpoint peer{*IpAddress::parse("192.0.2.9"), 500};
  auto a = f.make(peer), b = f.make(peer);
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace oakley::ikev1
