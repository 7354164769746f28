// KeyLog (bounded, wiped, on only when asked) and the Wireshark 4.0 tables made from it, row by
// row: field order, algorithm names as Wireshark spells them, SAs it cannot decrypt.
#include "ike/key_log.hpp"

#include <gtest/gtest.h>

#include "ike/wireshark_keys.hpp"

namespace oakley::ike {
namespace {

SecretBytes bytes(std::initializer_list<std::uint8_t> b) {
  return SecretBytes(Bytes(b));
}

std::string str(const SecretBytes& s) {
  return std::string(reinterpret_cast<const char*>(s.data()), s.size());
}

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

IkeSaKeys ikev2_cbc() {
  return {2,
          0x0123456789abcdefull,
          0xfedcba9876543210ull,
          EncrId::kAesCbc,
          256,
          IntegId::kHmacSha256_128,
          bytes({0x01, 0x02}),
          bytes({0x03, 0x04}),
          bytes({0xa1}),
          bytes({0xb2})};
}

const std::string kHeader =
    "# Written by oakley: secret keys of live SAs. Anyone holding this file can read the "
    "traffic.\n";

TEST(KeyLog, KeepsNothingUntilEnabledAndWipesWhenDisabled) {
  KeyLog log;
  log.add_ike(ikev2_cbc());
  EXPECT_TRUE(log.ike_sas().empty());
  log.set_enabled(true);
  log.add_ike(ikev2_cbc());
  log.add_esp({ip("192.0.2.1"), ip("192.0.2.2"), 0x1001, EncrId::kAesCbc, 128,
               IntegId::kHmacSha1_96, bytes({1}), bytes({2})});
  EXPECT_EQ(log.ike_sas().size(), 1u);
  EXPECT_EQ(log.esp_sas().size(), 1u);
  log.set_enabled(false);
  EXPECT_TRUE(log.ike_sas().empty());
  EXPECT_TRUE(log.esp_sas().empty());
}

TEST(KeyLog, RemovesBySpisAndTellsEveryChange) {
  KeyLog log;
  int changes = 0;
  log.set_on_change([&] { ++changes; });
  log.set_enabled(true);
  log.add_ike(ikev2_cbc());
  log.add_esp({ip("192.0.2.1"), ip("192.0.2.2"), 0x1001, EncrId::kAesCbc, 128,
               IntegId::kHmacSha1_96, bytes({1}), bytes({2})});
  log.remove_ike(2, 0x0123456789abcdefull, 0xfedcba9876543210ull);
  log.remove_ike(2, 1, 2);                  // not there: no change
  log.remove_esp(ip("192.0.2.1"), 0x1001);  // the SPI belongs to another destination
  log.remove_esp(ip("192.0.2.2"), 0x1001);
  EXPECT_TRUE(log.ike_sas().empty());
  EXPECT_TRUE(log.esp_sas().empty());
  EXPECT_EQ(changes, 5);  // enable, 2 adds, 2 removals
}

TEST(KeyLog, IsBoundedAndDropsTheOldestFirst) {
  KeyLog log(3);
  log.set_enabled(true);
  for (std::uint64_t i = 1; i <= 5; ++i) {
    auto k = ikev2_cbc();
    k.spi_i = i;
    log.add_ike(std::move(k));
  }
  auto kept = log.ike_sas();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].spi_i, 3u);
  EXPECT_EQ(kept[2].spi_i, 5u);
  EXPECT_EQ(log.evicted(), 2u);
}

TEST(WiresharkTables, Ikev2RowsInWireshark40sFormat) {
  auto gcm = ikev2_cbc();
  gcm.encr = EncrId::kAesGcm16;
  gcm.encr_key_bits = 128;
  gcm.integ = IntegId::kNone;
  gcm.integ_i = {};
  gcm.integ_r = {};
  auto chacha = ikev2_cbc();
  chacha.encr = EncrId::kChacha20Poly1305;
  auto t = wireshark_tables({ikev2_cbc(), gcm, chacha}, {});
  EXPECT_EQ(str(t.ikev2_decryption_table),
            kHeader +
                "0123456789abcdef,fedcba9876543210,0102,0304,"
                "\"AES-CBC-256 [RFC3602]\",a1,b2,\"HMAC_SHA2_256_128 [RFC4868]\"\n"
                "0123456789abcdef,fedcba9876543210,0102,0304,"
                "\"AES-GCM-128 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"\n"
                "# 0123456789abcdef fedcba9876543210: CHACHA20_POLY1305 cannot be decrypted by "
                "Wireshark 4.0\n");
  EXPECT_EQ(str(t.ikev1_decryption_table), kHeader);
  EXPECT_EQ(str(t.esp_sa), kHeader);
}

TEST(WiresharkTables, Ikev1RowsAreTheInitiatorCookieAndTheKey) {
  IkeSaKeys v1{.version = 1,
               .spi_i = 0x1122334455667788ull,
               .spi_r = 0x99,
               .encr = EncrId::kAesCbc,
               .encr_key_bits = 128,
               .encr_i = bytes({0xde, 0xad, 0xbe, 0xef})};
  auto t = wireshark_tables({v1}, {});
  EXPECT_EQ(str(t.ikev1_decryption_table), kHeader + "1122334455667788,deadbeef\n");
  EXPECT_EQ(str(t.ikev2_decryption_table), kHeader);
}

TEST(WiresharkTables, EspRowsForBothFamiliesAndCommentsForWhatWiresharkCannotDecrypt) {
  std::vector<EspSaKeys> esp = {
      {ip("192.0.2.1"), ip("192.0.2.2"), 0xc0000001, EncrId::kAesCbc, 128, IntegId::kHmacSha256_128,
       bytes({0x0a, 0x0b}), bytes({0x0c})},
      {ip("2001:db8::2"),
       ip("2001:db8::1"),
       0x00001234,
       EncrId::kAesGcm16,
       256,
       IntegId::kNone,
       bytes({0xff}),
       {}},
      {ip("192.0.2.1"), ip("192.0.2.2"), 7, EncrId::kAesCcm16, 128, IntegId::kNone, bytes({1}), {}},
      {ip("192.0.2.1"), ip("192.0.2.2"), 8, EncrId::k3Des, 192, IntegId::kAesXcbc96, bytes({2}),
       bytes({3})},
  };
  auto t = wireshark_tables({}, esp);
  EXPECT_EQ(str(t.esp_sa),
            kHeader +
                "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0xc0000001\",\"AES-CBC [RFC3602]\","
                "\"0x0a0b\",\"HMAC-SHA-256-128 [RFC4868]\",\"0x0c\"\n"
                "\"IPv6\",\"2001:db8::2\",\"2001:db8::1\",\"0x00001234\","
                "\"AES-GCM with 16 octet ICV [RFC4106]\",\"0xff\",\"NULL\",\"\"\n"
                "# 192.0.2.1 -> 192.0.2.2 SPI 0x00000007: AES_CCM_16 cannot be decrypted by "
                "Wireshark 4.0\n"
                "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x00000008\",\"TripleDES-CBC [RFC2451]\","
                "\"0x02\",\"ANY 96 bit authentication [no checking]\",\"0x03\"\n");
}

TEST(WiresharkTables, AlgorithmNames) {
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kAesCbc, 192), "AES-CBC-192 [RFC3602]");
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kAesCtr, 128), "AES-CTR-128 [RFC5930]");
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kAesGcm8, 256), "AES-GCM-256 with 8 octet ICV [RFC5282]");
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kAesCcm12, 192),
            "AES-CCM-192 with 12 octet ICV [RFC5282]");
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::k3Des, 192), "3DES [RFC2451]");
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kAesCbc, 100), std::nullopt);
  EXPECT_EQ(wireshark_ikev2_encr(EncrId::kChacha20Poly1305, 256), std::nullopt);
  EXPECT_EQ(wireshark_ikev2_integ(IntegId::kHmacSha1_96), "HMAC_SHA1_96 [RFC2404]");
  EXPECT_EQ(wireshark_ikev2_integ(IntegId::kHmacSha512_256), "HMAC_SHA2_512_256 [RFC4868]");
  EXPECT_EQ(wireshark_ikev2_integ(IntegId::kAesCmac96),
            "ANY 96-bits of Authentication [No Checking]");
  EXPECT_EQ(wireshark_esp_encr(EncrId::kAesGcm12, 128), "AES-GCM with 12 octet ICV [RFC4106]");
  EXPECT_EQ(wireshark_esp_encr(EncrId::kNull, 0), "NULL");
  EXPECT_EQ(wireshark_esp_encr(EncrId::kNullAuthAesGmac, 128), std::nullopt);
  EXPECT_EQ(wireshark_esp_integ(IntegId::kHmacSha1_96), "HMAC-SHA-1-96 [RFC2404]");
  EXPECT_EQ(wireshark_esp_integ(IntegId::kHmacSha384_192), "HMAC-SHA-384-192 [RFC4868]");
}

}  // namespace
}  // namespace oakley::ike
