// The IKEv2 payload rules: repeated payloads are capped (ike/payload_counts.hpp), the one order
// RFC 7296 requires of a plaintext message (N(COOKIE) first in a retried IKE_SA_INIT, 2.6) is
// enforced and no other, and the IKE_SA_INIT messages of real implementations in the capture
// files of tests/data/wire pass unchanged.
#include "ikev2/payload_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ike/payload_counts.hpp"
#include "wire/ikev2/message.hpp"
#include "wire/pcap.hpp"

namespace oakley::ikev2 {
namespace {

namespace w = wire::ikev2;
using w::ExchangeType;
using w::NotifyType;

w::Payload notify(NotifyType type) {
  return w::Payload{w::NotifyPayload::of(type, Bytes(20, 7)), false};
}

std::vector<w::Payload> sa_init() {
  return {w::Payload{w::SaPayload{}, false}, w::Payload{w::KePayload{}, false},
          w::Payload{w::NoncePayload{Bytes(32, 1)}, false}};
}

std::vector<w::Payload> with(std::vector<w::Payload> base, const w::Payload& extra, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    base.push_back(extra);
  return base;
}

TEST(Ikev2PayloadRules, NotifyFloodInIkeSaInitIsRefused) {
  auto nat = notify(NotifyType::kNatDetectionSourceIp);
  EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, false,
                                   with(sa_init(), nat, ike::kMaxNotifies)));
  auto bad = check_payload_rules(ExchangeType::kIkeSaInit, false,
                                 with(sa_init(), nat, ike::kMaxNotifies + 1));
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "65 payloads of type N (at most 64)");
}

TEST(Ikev2PayloadRules, VendorIdAndCertreqFloodsInIkeSaInitAreRefused) {
  w::Payload vid{w::VendorIdPayload{Bytes(16, 2)}, false};
  w::Payload certreq{w::CertreqPayload{w::CertEncoding::kX509Signature, Bytes(20, 3)}, false};
  for (bool response : {false, true}) {
    EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, response,
                                     with(sa_init(), vid, ike::kMaxVendorIds)));
    EXPECT_TRUE(check_payload_rules(ExchangeType::kIkeSaInit, response,
                                    with(sa_init(), vid, ike::kMaxVendorIds + 1)));
    EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, response,
                                     with(sa_init(), certreq, ike::kMaxCertreqs)));
    EXPECT_TRUE(check_payload_rules(ExchangeType::kIkeSaInit, response,
                                    with(sa_init(), certreq, ike::kMaxCertreqs + 1)));
  }
}

TEST(Ikev2PayloadRules, CertificateFloodInIkeAuthIsRefused) {
  std::vector<w::Payload> auth = {w::Payload{w::IdPayload{}, false},
                                  w::Payload{w::AuthPayload{}, false}};
  w::Payload cert{w::CertPayload{w::CertEncoding::kX509Signature, Bytes(600, 4)}, false};
  EXPECT_FALSE(
      check_payload_rules(ExchangeType::kIkeAuth, false, with(auth, cert, ike::kMaxCerts)));
  auto bad =
      check_payload_rules(ExchangeType::kIkeAuth, false, with(auth, cert, ike::kMaxCerts + 1));
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "17 payloads of type CERT (at most 16)");
}

TEST(Ikev2PayloadRules, DeleteFloodInInformationalIsRefused) {
  w::Payload del{w::DeletePayload::child(w::ProtocolId::kEsp, {0x1000}), false};
  EXPECT_FALSE(
      check_payload_rules(ExchangeType::kInformational, false, with({}, del, ike::kMaxDeletes)));
  EXPECT_TRUE(check_payload_rules(ExchangeType::kInformational, false,
                                  with({}, del, ike::kMaxDeletes + 1)));
}

TEST(Ikev2PayloadRules, CookieThatIsNotTheFirstPayloadIsRefused) {
  auto cookie = notify(NotifyType::kCookie);
  auto first = sa_init();
  first.insert(first.begin(), cookie);
  EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, false, first));
  auto bad = check_payload_rules(ExchangeType::kIkeSaInit, false, with(sa_init(), cookie, 1));
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "N(COOKIE) must be the first payload (RFC 7296 2.6)");
  // The responder's answer is the cookie alone; the rule is the initiator's.
  EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, true, {cookie}));
}

TEST(Ikev2PayloadRules, OtherwiseAnyOrderIsAccepted) {
  // RFC 7296 shows SA, KE, Ni and the NAT detection notifies in that order but does not require it.
  std::vector<w::Payload> reversed = {
      notify(NotifyType::kNatDetectionDestinationIp),
      w::Payload{w::NoncePayload{Bytes(32, 1)}, false}, w::Payload{w::KePayload{}, false},
      notify(NotifyType::kNatDetectionSourceIp), w::Payload{w::SaPayload{}, false}};
  EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, false, reversed));
  EXPECT_FALSE(check_payload_rules(ExchangeType::kIkeSaInit, true, reversed));
}

// Every plaintext IKEv2 message of the well-formed captures (tcpdump's, Wireshark's and
// Suricata's test files: other implementations' IKE_SA_INIT pairs, see tests/data/wire/SOURCES.md).
TEST(Ikev2PayloadRules, CapturedIkeSaInitMessagesPass) {
  std::size_t checked = 0;
  for (const char* file :
       {"tcpdump/ikev2pI2.pcap", "tcpdump/ikev2four.pcap", "wireshark_wiki/ipsec_ikev2_subset.pcap",
        "suricata/IKEv2_SA_INIT_2-8-weak.pcap"}) {
    std::string error;
    auto datagrams = wire::test::read_udp_datagrams(wire::test::data_path(file), &error);
    ASSERT_TRUE(error.empty()) << file << ": " << error;
    for (const auto& d : datagrams) {
      if (!d.is_ike()) continue;
      auto m = w::parse_message(d.payload);
      if (!m) continue;  // IKEv1 or truncated: the wire tests cover those
      if (w::find<w::SkPayload>(m->payloads)) continue;  // the rules see the decrypted content
      auto bad = check_payload_rules(m->header.exchange_type, m->header.response(), m->payloads);
      EXPECT_FALSE(bad) << file << " frame " << d.frame << ": " << *bad;
      ++checked;
    }
  }
  EXPECT_GE(checked, 6u);
}

}  // namespace
}  // namespace oakley::ikev2
