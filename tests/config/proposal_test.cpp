#include "config/proposal.hpp"

#include <gtest/gtest.h>

#include "config/proposal_keywords.hpp"

namespace oakley::config {
namespace {

struct OracleCase {
  SaProtocol protocol;
  const char* text;
  const char* charon;  // what charon 5.9.8 logs for it ("proposals = ..." at cfg level 2)
};

// Recorded from Debian 12's charon 5.9.8 (plugins openssl xcbc cmac ...) loading each string with
// swanctl --load-conns; the expected strings are charon's own output
// (tests/config/record_charon_proposals.sh reproduces them).
const OracleCase kOracle[] = {
    {SaProtocol::kIke, "aes128gcm16-prfsha256-x25519",
     "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"},
    {SaProtocol::kIke, "aes256-sha256-modp2048",
     "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"},
    {SaProtocol::kIke, "aes128-sha1-modp1024",
     "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"},
    {SaProtocol::kIke, "3des-sha1-modp1024", "IKE:3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"},
    {SaProtocol::kIke, "chacha20poly1305-prfsha256-x25519",
     "IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519"},
    {SaProtocol::kIke, "aes256gcm16-prfsha384-ecp384",
     "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384"},
    {SaProtocol::kIke, "aes128-aes256-sha256-sha1-modp2048-ecp256",
     "IKE:AES_CBC_128/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA1_96/PRF_HMAC_SHA2_256/PRF_HMAC_SHA1/"
     "MODP_2048/ECP_256"},
    {SaProtocol::kIke, "aes128gcm16-sha256-x25519",
     "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"},
    {SaProtocol::kIke, "aes-md5-modp768", "IKE:AES_CBC_128/HMAC_MD5_96/PRF_HMAC_MD5/MODP_768"},
    {SaProtocol::kIke, "aes128ctr-aesxcbc-x448",
     "IKE:AES_CTR_128/AES_XCBC_96/PRF_AES128_XCBC/CURVE_448"},
    {SaProtocol::kIke, "aes128-aescmac-curve25519",
     "IKE:AES_CBC_128/AES_CMAC_96/PRF_AES128_CMAC/CURVE_25519"},
    {SaProtocol::kIke, "aes192gcm64-prfaesxcbc-ecp521",
     "IKE:AES_GCM_8_192/PRF_AES128_XCBC/ECP_521"},
    {SaProtocol::kIke, "aes256ccm96-prfsha512-modp8192",
     "IKE:AES_CCM_12_256/PRF_HMAC_SHA2_512/MODP_8192"},
    {SaProtocol::kIke, "null-sha512-modp4096",
     "IKE:NULL/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_4096"},
    {SaProtocol::kIke, "aes128-sha2_256-prfmd5-modp6144",
     "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_MD5/MODP_6144"},
    {SaProtocol::kIke, "aes128-sha256-none-modp2048",
     "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"},
    {SaProtocol::kIke, "aes128-sha256-esn-modp2048",
     "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048/EXT_SEQ"},
    {SaProtocol::kIke, "aes192-sha384-modp1536",
     "IKE:AES_CBC_192/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_1536"},
    {SaProtocol::kIke, "aes128gcm-aes256gcm128-prfsha256-ecp256",
     "IKE:AES_GCM_16_128/AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256"},
    {SaProtocol::kIke, "aes128ccm-aes192ccm8-prfsha1-ecp384",
     "IKE:AES_CCM_16_128/AES_CCM_8_192/PRF_HMAC_SHA1/ECP_384"},
    {SaProtocol::kIke, "aes256gcm12-prfsha256-modp3072",
     "IKE:AES_GCM_12_256/PRF_HMAC_SHA2_256/MODP_3072"},
    {SaProtocol::kIke, "aes128-sha-prfsha384-modp2048",
     "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA2_384/MODP_2048"},
    {SaProtocol::kIke, "des-md5-modp768", "IKE:DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_768"},
    {SaProtocol::kIke, "aes128ctr-aes256ctr-sha512-modp2048",
     "IKE:AES_CTR_128/AES_CTR_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_2048"},
    {SaProtocol::kIke, "aes128-sha256-modp2048 , aes256gcm16-prfsha384-ecp384",
     "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048, "
     "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384"},
    {SaProtocol::kEsp, "aes128gcm16", "ESP:AES_GCM_16_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256", "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128gcm16-sha256", "ESP:AES_GCM_16_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128", "ESP:AES_CBC_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256-modp2048",
     "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128gcm16-x25519-esn", "ESP:AES_GCM_16_128/CURVE_25519/EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256-esn-noesn",
     "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256-prfsha256", "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128gmac", "ESP:NULL_AES_GMAC_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "null-sha1", "ESP:NULL/HMAC_SHA1_96/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128gcm16-modpnone", "ESP:AES_GCM_16_128/KE_NONE/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256-none",
     "ESP:AES_CBC_128/HMAC_SHA2_256_128/KE_NONE/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128gcm16,aes128-sha256",
     "ESP:AES_GCM_16_128/NO_EXT_SEQ, ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "chacha20poly1305", "ESP:CHACHA20_POLY1305/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes256ctr-sha384-ecp384",
     "ESP:AES_CTR_256/HMAC_SHA2_384_192/ECP_384/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "3des-md5", "ESP:3DES_CBC/HMAC_MD5_96/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes256gcm16-aes128gcm16", "ESP:AES_GCM_16_256/AES_GCM_16_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-aes256-sha1-sha256-aesxcbc-ecp256-modp2048",
     "ESP:AES_CBC_128/AES_CBC_256/HMAC_SHA1_96/HMAC_SHA2_256_128/AES_XCBC_96/ECP_256/MODP_2048/"
     "NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes192ccm12-noesn", "ESP:AES_CCM_12_192/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes256gmac-esn", "ESP:NULL_AES_GMAC_256/EXT_SEQ"},
    {SaProtocol::kAh, "sha256", "AH:HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kAh, "sha256-modp2048", "AH:HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ"},
    {SaProtocol::kAh, "aes128-sha256", "AH:HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kAh, "sha1-sha512-esn", "AH:HMAC_SHA1_96/HMAC_SHA2_512_256/EXT_SEQ"},
    {SaProtocol::kAh, "md5-aesxcbc-aescmac", "AH:HMAC_MD5_96/AES_XCBC_96/AES_CMAC_96/NO_EXT_SEQ"},
    // Camellia, Blowfish, CAST, the RFC 5114 / P-192 / P-224 / Brainpool groups, HMAC-MD5-128,
    // HMAC-SHA1-160 and strongSwan's HMAC_SHA2_256_96.
    {SaProtocol::kIke, "camellia128-sha256-ecp224bp",
     "IKE:CAMELLIA_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_224_BP"},
    {SaProtocol::kIke, "camellia192ctr-sha384-ecp256bp",
     "IKE:CAMELLIA_CTR_192/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_256_BP"},
    {SaProtocol::kIke, "camellia256ccm16-prfsha256-ecp384bp",
     "IKE:CAMELLIA_CCM_16_256/PRF_HMAC_SHA2_256/ECP_384_BP"},
    {SaProtocol::kIke, "camellia128ccm8-prfsha1-ecp512bp",
     "IKE:CAMELLIA_CCM_8_128/PRF_HMAC_SHA1/ECP_512_BP"},
    {SaProtocol::kIke, "camellia128ccm64-camellia192ccm96-camellia256ccm128-prfsha256-x25519",
     "IKE:CAMELLIA_CCM_8_128/CAMELLIA_CCM_12_192/CAMELLIA_CCM_16_256/PRF_HMAC_SHA2_256/"
     "CURVE_25519"},
    {SaProtocol::kIke, "blowfish-sha1-modp2048s224",
     "IKE:BLOWFISH_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048_224"},
    {SaProtocol::kIke, "blowfish256-md5-modp2048s256",
     "IKE:BLOWFISH_CBC_256/HMAC_MD5_96/PRF_HMAC_MD5/MODP_2048_256"},
    {SaProtocol::kIke, "blowfish128-blowfish192-sha1-modp1024",
     "IKE:BLOWFISH_CBC_128/BLOWFISH_CBC_192/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"},
    {SaProtocol::kIke, "cast128-sha256-ecp192",
     "IKE:CAST_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_192"},
    {SaProtocol::kIke, "camellia256-sha512-ecp224",
     "IKE:CAMELLIA_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_224"},
    {SaProtocol::kIke, "camellia-sha256_96-prfsha256-modp1024s160",
     "IKE:CAMELLIA_CBC_128/HMAC_SHA2_256_96/PRF_HMAC_SHA2_256/MODP_1024_160"},
    {SaProtocol::kIke, "camellia-sha256_96-sha256-modp2048",
     "IKE:CAMELLIA_CBC_128/HMAC_SHA2_256_96/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"},
    {SaProtocol::kIke, "aes-md5_128-modp2048",
     "IKE:AES_CBC_128/HMAC_MD5_128/PRF_HMAC_MD5/MODP_2048"},
    {SaProtocol::kIke, "aes-sha1_160-modp2048",
     "IKE:AES_CBC_128/HMAC_SHA1_160/PRF_HMAC_SHA1/MODP_2048"},
    {SaProtocol::kEsp, "camellia128-sha256_96", "ESP:CAMELLIA_CBC_128/HMAC_SHA2_256_96/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "camellia256ctr-sha2_256_96-ecp224bp",
     "ESP:CAMELLIA_CTR_256/HMAC_SHA2_256_96/ECP_224_BP/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "camellia192ccm12-modp2048s256",
     "ESP:CAMELLIA_CCM_12_192/MODP_2048_256/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "blowfish192-sha1", "ESP:BLOWFISH_CBC_192/HMAC_SHA1_96/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "cast128-md5", "ESP:CAST_CBC_128/HMAC_MD5_96/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "camellia-sha256", "ESP:CAMELLIA_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes128-sha256_96-esn", "ESP:AES_CBC_128/HMAC_SHA2_256_96/EXT_SEQ"},
    {SaProtocol::kEsp, "aes-md5_128", "ESP:AES_CBC_128/HMAC_MD5_128/NO_EXT_SEQ"},
    {SaProtocol::kEsp, "aes-sha1_160", "ESP:AES_CBC_128/HMAC_SHA1_160/NO_EXT_SEQ"},
    {SaProtocol::kAh, "sha256_96", "AH:HMAC_SHA2_256_96/NO_EXT_SEQ"},
    {SaProtocol::kAh, "sha2_256_96-modp2048s224", "AH:HMAC_SHA2_256_96/MODP_2048_224/NO_EXT_SEQ"},
};

TEST(Proposal, MatchesCharonTableDriven) {
  for (const auto& c : kOracle) {
    auto p = parse_proposals(c.protocol, c.text);
    ASSERT_TRUE(p.ok()) << c.text << ": " << p.error().message;
    EXPECT_EQ(to_string(*p), c.charon) << c.text;
  }
}

Transform tr(TransformType type, std::uint16_t id, std::uint16_t bits = 0) {
  return Transform{type, id, bits};
}

TEST(Proposal, TransformIdsAreIana) {
  using T = TransformType;
  auto p = (*parse_proposals(SaProtocol::kIke, "aes128gcm16-prfsha256-x25519"))[0];
  EXPECT_EQ(p.transforms,
            (std::vector<Transform>{tr(T::kEncr, 20, 128), tr(T::kPrf, 5), tr(T::kDh, 31)}));
  p = (*parse_proposals(SaProtocol::kIke, "aes256-sha256-modp2048"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 12, 256), tr(T::kInteg, 12),
                                                  tr(T::kPrf, 5), tr(T::kDh, 14)}));
  p = (*parse_proposals(SaProtocol::kIke, "3des-sha1-modp1024"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 3), tr(T::kInteg, 2), tr(T::kPrf, 2),
                                                  tr(T::kDh, 2)}));
  p = (*parse_proposals(SaProtocol::kIke, "chacha20poly1305-prfsha256-x25519"))[0];
  EXPECT_EQ(p.transforms,
            (std::vector<Transform>{tr(T::kEncr, 28), tr(T::kPrf, 5), tr(T::kDh, 31)}));
  p = (*parse_proposals(SaProtocol::kIke, "aes256gcm16-prfsha384-ecp384"))[0];
  EXPECT_EQ(p.transforms,
            (std::vector<Transform>{tr(T::kEncr, 20, 256), tr(T::kPrf, 6), tr(T::kDh, 20)}));
  p = (*parse_proposals(SaProtocol::kEsp, "aes128gcm16"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 20, 128), tr(T::kEsn, 0)}));
  p = (*parse_proposals(SaProtocol::kEsp, "aes128-sha256-modp2048-esn"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 12, 128), tr(T::kInteg, 12),
                                                  tr(T::kDh, 14), tr(T::kEsn, 1)}));
  p = (*parse_proposals(SaProtocol::kIke, "aes128-sha256-x448-ecp521-modp8192-curve448"))[0];
  EXPECT_EQ(p.of_type(T::kDh), (std::vector<Transform>{tr(T::kDh, 32), tr(T::kDh, 21),
                                                       tr(T::kDh, 18), tr(T::kDh, 32)}));
}

TEST(Proposal, KeywordAliases) {
  auto same = [](const char* a, const char* b) {
    EXPECT_EQ(to_string(*parse_proposals(SaProtocol::kEsp, a)),
              to_string(*parse_proposals(SaProtocol::kEsp, b)))
        << a << " vs " << b;
  };
  same("aes128gcm64", "aes128gcm8");
  same("aes128gcm96", "aes128gcm12");
  same("aes128gcm128", "aes128gcm16");
  same("aes128gcm", "aes128gcm16");
  same("aes256ccm64", "aes256ccm8");
  same("aes256ccm128", "aes256ccm");
  same("aes", "aes128");
  same("aes-sha", "aes128-sha1");
  same("aes-sha2_256", "aes128-sha256");
  same("aes-sha2_384-sha2_512", "aes128-sha384-sha512");
  same("aes-sha256-curve25519", "aes128-sha256-x25519");
  same("aes-sha256-curve448", "aes128-sha256-x448");
  same("aes-sha256-modpnone", "aes128-sha256-none");
}

TEST(Proposal, DefaultKeyword) {
  auto ike = *parse_proposals(SaProtocol::kIke, "default");
  ASSERT_EQ(ike.size(), 2u);
  // Both recorded from charon 5.9.8 (record_charon_proposals.sh ike default).
  EXPECT_EQ(ike[0].to_string(),
            "IKE:AES_CBC_128/AES_CBC_192/AES_CBC_256/AES_CTR_128/AES_CTR_192/AES_CTR_256/"
            "CAMELLIA_CBC_128/CAMELLIA_CBC_192/CAMELLIA_CBC_256/CAMELLIA_CTR_128/CAMELLIA_CTR_192/"
            "CAMELLIA_CTR_256/3DES_CBC/HMAC_SHA2_256_128/HMAC_SHA2_384_192/HMAC_SHA2_512_256/"
            "HMAC_SHA1_96/AES_XCBC_96/AES_CMAC_96/PRF_HMAC_SHA2_256/PRF_HMAC_SHA2_384/"
            "PRF_HMAC_SHA2_512/PRF_AES128_XCBC/PRF_AES128_CMAC/PRF_HMAC_SHA1/CURVE_25519/CURVE_448/"
            "ECP_256/ECP_384/ECP_521/ECP_256_BP/ECP_384_BP/ECP_512_BP/MODP_3072/MODP_4096/"
            "MODP_6144/MODP_8192/MODP_2048");
  EXPECT_EQ(ike[1].to_string(),
            "IKE:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/AES_CCM_16_128/AES_CCM_16_192/"
            "AES_CCM_16_256/CHACHA20_POLY1305/AES_GCM_12_128/AES_GCM_12_192/AES_GCM_12_256/"
            "AES_GCM_8_128/AES_GCM_8_192/AES_GCM_8_256/AES_CCM_12_128/AES_CCM_12_192/"
            "AES_CCM_12_256/AES_CCM_8_128/AES_CCM_8_192/AES_CCM_8_256/PRF_HMAC_SHA2_256/"
            "PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_XCBC/PRF_AES128_CMAC/PRF_HMAC_SHA1/"
            "CURVE_25519/CURVE_448/ECP_256/ECP_384/ECP_521/ECP_256_BP/ECP_384_BP/ECP_512_BP/"
            "MODP_3072/MODP_4096/MODP_6144/MODP_8192/MODP_2048");
  const char* esp_classic =
      "ESP:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA2_384_192/"
      "HMAC_SHA2_512_256/HMAC_SHA1_96/AES_XCBC_96/NO_EXT_SEQ";
  const char* esp_aead = "ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/NO_EXT_SEQ";
  // charon: an explicit "default" lists the classic proposal first ...
  EXPECT_EQ(to_string(*parse_proposals(SaProtocol::kEsp, "default")),
            std::string(esp_classic) + ", " + esp_aead);
  // ... while the default for an unset esp_proposals lists AEAD first.
  EXPECT_EQ(to_string(default_proposals(SaProtocol::kEsp, true)),
            std::string(esp_aead) + ", " + esp_classic);
  EXPECT_EQ(to_string(*parse_proposals(SaProtocol::kAh, "default")),
            "AH:HMAC_SHA2_256_128/HMAC_SHA2_384_192/HMAC_SHA2_512_256/HMAC_SHA1_96/AES_XCBC_96/"
            "NO_EXT_SEQ");
  // "default" may be combined with own proposals, in the written order.
  auto mixed = *parse_proposals(SaProtocol::kIke, "aes128-sha256-x25519, default");
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[0].to_string(),
            "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
}

std::string error_of(SaProtocol protocol, const char* text) {
  auto p = parse_proposals(protocol, text);
  return p.ok() ? "(accepted)" : p.error().message;
}

TEST(Proposal, Errors) {
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha999"),
            "proposal 'aes128-sha999': unknown integrity algorithm 'sha999'");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-modp2047"),
            "proposal 'aes128-sha256-modp2047': unknown DH group 'modp2047' (did you mean "
            "'modp2048'?)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes129-sha256-modp2048"),
            "proposal 'aes129-sha256-modp2048': unknown encryption algorithm 'aes129' (did you "
            "mean 'aes128'?)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-prfsha257-modp2048"),
            "proposal 'aes128-sha256-prfsha257-modp2048': unknown PRF 'prfsha257' (did you mean "
            "'prfsha256'?)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "AES128-SHA256-MODP2048"),
            "proposal 'AES128-SHA256-MODP2048': unknown encryption algorithm 'AES128' (did you "
            "mean 'aes128'?)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128"),
            "proposal 'aes128': a PRF is mandatory in IKE proposals (add one such as prfsha256; "
            "with an AEAD cipher it cannot be derived from an integrity algorithm)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128gcm16-x25519"),
            "proposal 'aes128gcm16-x25519': a PRF is mandatory in IKE proposals (add one such as "
            "prfsha256; with an AEAD cipher it cannot be derived from an integrity algorithm)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256"),
            "proposal 'aes128-sha256': a DH group is mandatory in IKE proposals (add one such as "
            "x25519, ecp256 or modp2048)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-modpnone"),
            "proposal 'aes128-sha256-modpnone': a DH group is mandatory in IKE proposals (add one "
            "such as x25519, ecp256 or modp2048)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-prfsha256-x25519"),
            "proposal 'aes128-prfsha256-x25519': an integrity algorithm is mandatory in IKE "
            "proposals with a classic (non-AEAD) cipher (add one such as sha256)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128gcm16-aes128-sha256-x25519"),
            "proposal 'aes128gcm16-aes128-sha256-x25519': classic and combined-mode (AEAD) "
            "ciphers cannot be in the same proposal; make them two proposals separated by a "
            "comma");
  EXPECT_EQ(error_of(SaProtocol::kEsp, "sha256"),
            "proposal 'sha256': an encryption algorithm is mandatory in ESP proposals");
  EXPECT_EQ(error_of(SaProtocol::kAh, "aes128"),
            "proposal 'aes128': an integrity algorithm is mandatory in AH proposals");
  EXPECT_EQ(error_of(SaProtocol::kAh, "aes128gmac"),
            "proposal 'aes128gmac': AES-GMAC is not implemented by oakley for AH");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-default"),
            "proposal 'aes128-sha256-default': 'default' must be a proposal of its own, "
            "separated by a comma");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha1-modp1024!"),
            "proposal 'aes128-sha1-modp1024!': 'modp1024!': the '!' suffix is ipsec.conf syntax; "
            "swanctl.conf proposals are always used as written (add 'default' to the list for "
            "the defaults)");
  EXPECT_EQ(error_of(SaProtocol::kIke, " , "), "expected at least one proposal");
}

TEST(Proposal, TransformIdsOfTheNewAlgorithms) {
  using T = TransformType;
  auto p = (*parse_proposals(SaProtocol::kIke, "camellia256ccm12-prfsha256-ecp512bp"))[0];
  EXPECT_EQ(p.transforms,
            (std::vector<Transform>{tr(T::kEncr, 26, 256), tr(T::kPrf, 5), tr(T::kDh, 30)}));
  p = (*parse_proposals(SaProtocol::kEsp, "camellia128ctr-sha256_96-modp1024s160"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 24, 128), tr(T::kInteg, 1026),
                                                  tr(T::kDh, 22), tr(T::kEsn, 0)}));
  p = (*parse_proposals(SaProtocol::kEsp, "cast128-md5_128-ecp192"))[0];
  EXPECT_EQ(p.transforms, (std::vector<Transform>{tr(T::kEncr, 6, 128), tr(T::kInteg, 6),
                                                  tr(T::kDh, 25), tr(T::kEsn, 0)}));
  // Like charon: HMAC_SHA2_256_96 has no PRF to derive, so IKE needs an explicit one.
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256_96-modp2048"),
            "proposal 'aes128-sha256_96-modp2048': a PRF is mandatory in IKE proposals (add one "
            "such as prfsha256; with an AEAD cipher it cannot be derived from an integrity "
            "algorithm)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-modp2048s256-camellia192ccm8"),
            "proposal 'aes128-sha256-modp2048s256-camellia192ccm8': classic and combined-mode "
            "(AEAD) ciphers cannot be in the same proposal; make them two proposals separated by "
            "a comma");
}

// Each strongSwan keyword oakley does not implement says why, and nothing is half-parsed.
TEST(Proposal, StrongSwanAlgorithmsOakleyDoesNotImplement) {
  EXPECT_EQ(error_of(SaProtocol::kIke, "twofish256-sha256-modp2048"),
            "proposal 'twofish256-sha256-modp2048': encryption algorithm 'twofish256' is not "
            "implemented by oakley: OpenSSL has no Twofish");
  EXPECT_EQ(error_of(SaProtocol::kEsp, "serpent-sha1"),
            "proposal 'serpent-sha1': encryption algorithm 'serpent' is not implemented by oakley: "
            "OpenSSL has no Serpent");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-x25519-mlkem768"),
            "proposal 'aes128-sha256-x25519-mlkem768': DH group 'mlkem768' is not implemented by "
            "oakley: ML-KEM (strongSwan 6) needs OpenSSL 3.5 or liboqs; Debian 12's OpenSSL 3.0 "
            "has none");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-x25519-ke1_mlkem768"),
            "proposal 'aes128-sha256-x25519-ke1_mlkem768': DH group 'ke1_mlkem768' is not "
            "implemented by oakley: ML-KEM (strongSwan 6) needs OpenSSL 3.5 or liboqs; Debian 12's "
            "OpenSSL 3.0 has none");
  EXPECT_EQ(
      error_of(SaProtocol::kEsp, "camellia256gcm16"),
      "proposal 'camellia256gcm16': encryption algorithm 'camellia256gcm16' is not "
      "implemented by oakley: there is no Camellia-GCM transform in IKEv2 or ESP (RFC 5529 "
      "defines Camellia CBC, CTR and CCM: camellia128, camellia128ctr, camellia128ccm16 ...)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-ntru128"),
            "proposal 'aes128-sha256-ntru128': DH group 'ntru128' is not implemented by oakley: "
            "NTRU key exchange (strongSwan's ntru plugin) is not in OpenSSL 3.0");
  for (auto kw : {"twofish", "serpent128", "camelliaxcbc", "prfcamelliaxcbc", "modpnull",
                  "newhope128", "mlkem512", "mlkem1024", "ke2_mlkem512", "kyber3", "ke7_ntru128",
                  "chacha20poly1305compat", "camellia128gcm8"}) {
    std::string text = std::string("aes128-sha256-modp2048-") + kw;
    EXPECT_NE(error_of(SaProtocol::kIke, text.c_str()).find("is not implemented by oakley: "),
              std::string::npos)
        << kw;
  }
  // Look-alikes that are simply unknown keep the suggestion.
  EXPECT_EQ(error_of(SaProtocol::kEsp, "camelia128"),
            "proposal 'camelia128': unknown algorithm 'camelia128' (did you mean 'camellia128'?)");
}

// RFC 9370: ke1_ ... ke7_ with every DH keyword, in IKE and ESP proposals, NONE kept (optional).
TEST(Proposal, AdditionalKeyExchanges) {
  auto p =
      parse_proposals(SaProtocol::kIke, "aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(to_string(*p),
            "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ECP_384/KE2_MODP_3072");
  EXPECT_TRUE(uses_additional_ke(*p));
  auto optional = parse_proposals(SaProtocol::kIke, "aes128-sha256-x25519-ke1_x448-ke1_none");
  ASSERT_TRUE(optional) << optional.error().message;
  EXPECT_EQ(
      to_string(*optional),
      "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519/KE1_CURVE_448/KE1_NONE");
  auto esp = parse_proposals(SaProtocol::kEsp, "aes128gcm16-ecp256-ke3_modp2048bp");
  EXPECT_FALSE(esp);
  esp = parse_proposals(SaProtocol::kEsp, "aes128gcm16-ecp256-ke3_ecp256bp-ke7_x25519");
  ASSERT_TRUE(esp) << esp.error().message;
  EXPECT_EQ(to_string(*esp),
            "ESP:AES_GCM_16_128/ECP_256/KE3_ECP_256_BP/KE7_CURVE_25519/NO_EXT_SEQ");
  auto only_none = parse_proposals(SaProtocol::kIke, "aes128-sha256-x25519-ke1_none");
  ASSERT_TRUE(only_none);
  EXPECT_FALSE(uses_additional_ke(*only_none));
  EXPECT_FALSE(uses_additional_ke(*parse_proposals(SaProtocol::kIke, "aes128-sha256-x25519")));
}

TEST(Proposal, EveryDhKeywordWorksAsAdditionalKeyExchange) {
  for (const auto& k : all_keywords()) {
    if (k.transform.type != TransformType::kDh) continue;
    for (int n = 1; n <= 7; ++n) {
      std::string text = "aes128-sha256-x25519-ke" + std::to_string(n) + "_" + k.name;
      auto p = parse_proposals(SaProtocol::kIke, text);
      ASSERT_TRUE(p) << text << ": " << p.error().message;
      auto addke = p->front().of_type(additional_ke(n));
      ASSERT_EQ(addke.size(), 1u) << text;
      EXPECT_EQ(addke[0].id, k.transform.id) << text;
    }
  }
}

TEST(Proposal, AdditionalKeyExchangeNeedsAFirstKeyExchange) {
  EXPECT_EQ(error_of(SaProtocol::kEsp, "aes128gcm16-ke1_x25519"),
            "proposal 'aes128gcm16-ke1_x25519': additional key exchanges (ke1_ ... ke7_) need a DH "
            "group in the proposal (the first key exchange, e.g. x25519-ke1_ecp384)");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-ke8_x25519-x25519"),
            "proposal 'aes128-sha256-ke8_x25519-x25519': unknown algorithm 'ke8_x25519' (did you "
            "mean 'ke1_x25519'?)");
}

}  // namespace
}  // namespace oakley::config
