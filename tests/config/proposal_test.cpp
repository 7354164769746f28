#include "config/proposal.hpp"

#include <gtest/gtest.h>

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
  EXPECT_EQ(ike[0].to_string(),
            "IKE:AES_CBC_128/AES_CBC_192/AES_CBC_256/AES_CTR_128/AES_CTR_192/AES_CTR_256/"
            "3DES_CBC/HMAC_SHA2_256_128/HMAC_SHA2_384_192/HMAC_SHA2_512_256/HMAC_SHA1_96/"
            "AES_XCBC_96/AES_CMAC_96/PRF_HMAC_SHA2_256/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/"
            "PRF_AES128_XCBC/PRF_AES128_CMAC/PRF_HMAC_SHA1/CURVE_25519/CURVE_448/ECP_256/ECP_384/"
            "ECP_521/MODP_3072/MODP_4096/MODP_6144/MODP_8192/MODP_2048");
  EXPECT_EQ(ike[1].to_string(),
            "IKE:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/AES_CCM_16_128/AES_CCM_16_192/"
            "AES_CCM_16_256/CHACHA20_POLY1305/AES_GCM_12_128/AES_GCM_12_192/AES_GCM_12_256/"
            "AES_GCM_8_128/AES_GCM_8_192/AES_GCM_8_256/AES_CCM_12_128/AES_CCM_12_192/"
            "AES_CCM_12_256/AES_CCM_8_128/AES_CCM_8_192/AES_CCM_8_256/PRF_HMAC_SHA2_256/"
            "PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_XCBC/PRF_AES128_CMAC/PRF_HMAC_SHA1/"
            "CURVE_25519/CURVE_448/ECP_256/ECP_384/ECP_521/MODP_3072/MODP_4096/MODP_6144/"
            "MODP_8192/MODP_2048");
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

TEST(Proposal, StrongSwanAlgorithmsOakleyDoesNotImplement) {
  EXPECT_EQ(error_of(SaProtocol::kIke, "camellia256-sha256-modp2048"),
            "proposal 'camellia256-sha256-modp2048': encryption algorithm 'camellia256' is not "
            "implemented by oakley");
  EXPECT_EQ(error_of(SaProtocol::kIke, "aes128-sha256-ecp256bp"),
            "proposal 'aes128-sha256-ecp256bp': DH group 'ecp256bp' is not implemented by oakley");
  EXPECT_EQ(error_of(SaProtocol::kEsp, "aes128-sha256_96"),
            "proposal 'aes128-sha256_96': integrity algorithm 'sha256_96' is not implemented by "
            "oakley");
  for (auto kw : {"blowfish", "serpent256", "twofish", "cast128", "md5_128", "sha1_160",
                  "modp1024s160", "ecp192", "ecp224", "ntru128", "chacha20poly1305compat"}) {
    std::string text = std::string("aes128-sha256-modp2048-") + kw;
    EXPECT_NE(error_of(SaProtocol::kIke, text.c_str()).find("is not implemented by oakley"),
              std::string::npos)
        << kw;
  }
}

}  // namespace
}  // namespace oakley::config
