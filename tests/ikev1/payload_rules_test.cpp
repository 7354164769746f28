// The IKEv1 payload rules: repeated payloads are capped (ike/payload_counts.hpp), a message at a
// cap still passes, and the plaintext messages charon really sends (recorded charon <-> charon
// exchanges in tests/data/ikev1) pass unchanged.
#include "ikev1/payload_rules.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ike/payload_counts.hpp"
#include "wire/ikev1/message.hpp"

namespace oakley::ikev1 {
namespace {

namespace w = wire::ikev1;

std::vector<w::Payload> repeat(std::vector<w::Payload> base, const w::Payload& extra,
                               std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    base.push_back(extra);
  return base;
}

const w::Payload kSa{w::SaPayload{}};
const w::Payload kVid{w::VendorIdPayload{Bytes(16, 0xab)}};

TEST(Ikev1PayloadRules, VendorIdFloodInMainModeOneIsRefused) {
  auto at_cap = repeat({kSa}, kVid, ike::kMaxVendorIds);
  EXPECT_FALSE(check_payload_rules(MessageKind::kMm1, at_cap, false));
  auto over = repeat({kSa}, kVid, ike::kMaxVendorIds + 1);
  auto bad = check_payload_rules(MessageKind::kMm1, over, false);
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("MM1 needs 0 to 64 V payload(s), got 65"), std::string::npos) << *bad;
}

TEST(Ikev1PayloadRules, NatDiscoveryFloodInMainModeThreeIsRefused) {
  std::vector<w::Payload> mm3 = {w::Payload{w::KePayload{Bytes(256, 1)}},
                                 w::Payload{w::NoncePayload{Bytes(32, 2)}}};
  w::Payload natd{w::NatDPayload{Bytes(32, 3), false}};
  EXPECT_FALSE(
      check_payload_rules(MessageKind::kMm3, repeat(mm3, natd, ike::kMaxNatDiscovery), false));
  EXPECT_TRUE(
      check_payload_rules(MessageKind::kMm3, repeat(mm3, natd, ike::kMaxNatDiscovery + 1), false));
}

TEST(Ikev1PayloadRules, CertificateFloodInMainModeFiveIsRefused) {
  std::vector<w::Payload> mm5 = {w::Payload{w::IdPayload::fqdn("a")},
                                 w::Payload{w::SigPayload{Bytes(64, 1)}}};
  w::Payload cert{w::CertPayload{w::CertEncoding::kX509Signature, Bytes(500, 4)}};
  EXPECT_FALSE(check_payload_rules(MessageKind::kMm5, repeat(mm5, cert, ike::kMaxCerts), true));
  auto bad = check_payload_rules(MessageKind::kMm5, repeat(mm5, cert, ike::kMaxCerts + 1), true);
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("needs 0 to 16 CERT payload(s), got 17"), std::string::npos) << *bad;
}

TEST(Ikev1PayloadRules, NotifyAndDeleteFloodInInformationalIsRefused) {
  std::vector<w::Payload> info = {w::Payload{w::HashPayload{Bytes(20, 1)}}};
  w::Payload notify{w::NotifyPayload{}};
  w::Payload del{w::DeletePayload::ipsec(w::ProtocolId::kEsp, {0x1000})};
  EXPECT_FALSE(check_payload_rules(MessageKind::kInformational,
                                   repeat(info, notify, ike::kMaxNotifies), true));
  EXPECT_TRUE(check_payload_rules(MessageKind::kInformational,
                                  repeat(info, notify, ike::kMaxNotifies + 1), true));
  EXPECT_FALSE(
      check_payload_rules(MessageKind::kInformational, repeat(info, del, ike::kMaxDeletes), true));
  EXPECT_TRUE(check_payload_rules(MessageKind::kInformational,
                                  repeat(info, del, ike::kMaxDeletes + 1), true));
}

// charon_*.json: exchanges between two strongSwan 5.9.8 charons recorded here (SOURCES.md).
TEST(Ikev1PayloadRules, WhatCharonSendsInTheClearPasses) {
  std::size_t checked = 0;
  for (const char* name : {"charon_main_mode_3des_sha1_modp1024.json",
                           "charon_main_mode_aes128_sha256_modp2048_pfs.json",
                           "charon_aggressive_aes256_sha1_modp1536.json"}) {
    std::ifstream in(std::string(OAKLEY_TEST_DATA) + "/ikev1/" + name);
    ASSERT_TRUE(in.good()) << name;
    auto recorded = nlohmann::json::parse(in);
    const auto& messages = recorded["messages"];
    for (std::size_t i = 0; i < messages.size(); ++i) {
      auto bytes = from_hex(messages[i]["hex"].get<std::string>());
      ASSERT_TRUE(bytes) << name << " #" << i;
      auto m = w::parse_message(*bytes);
      ASSERT_TRUE(m) << name << " #" << i << ": " << m.error().message;
      if (m->header.encrypted()) continue;
      bool main_mode = m->header.exchange_type == w::ExchangeType::kIdentityProtection;
      ASSERT_TRUE(main_mode || m->header.exchange_type == w::ExchangeType::kAggressive);
      ASSERT_LT(i, main_mode ? 4u : 2u) << name << ": plaintext message #" << i;
      auto kind = static_cast<MessageKind>(
          static_cast<int>(main_mode ? MessageKind::kMm1 : MessageKind::kAm1) +
          static_cast<int>(i));
      auto bad = check_payload_rules(kind, m->payloads, false);
      EXPECT_FALSE(bad) << name << " " << message_kind_name(kind) << ": " << *bad;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 10u);  // MM1-MM4 twice, AM1-AM2
}

}  // namespace
}  // namespace oakley::ikev1
