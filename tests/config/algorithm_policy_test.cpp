// What a configuration may do with the algorithms it names: the legacy-provider ciphers only with
// oakley.legacy_ciphers (a load error with file:line otherwise), a warning with file:line for
// every weak algorithm, the child option sha256_96.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::conn;
using testing::load_error;
using testing::load_ok;

TEST(AlgorithmPolicy, LegacyCiphersKey) {
  EXPECT_TRUE(load_ok("").daemon.legacy_ciphers.empty());
  auto d = load_ok("oakley {\n  legacy_ciphers = blowfish, des, cast128, des\n}\n").daemon;
  EXPECT_EQ(d.legacy_ciphers,
            (std::vector<EncrId>{EncrId::kBlowfish, EncrId::kDes, EncrId::kCast}));
  EXPECT_EQ(load_error("oakley {\n  legacy_ciphers = des, idea\n}\n"),
            "swanctl.conf:2: invalid legacy_ciphers 'des, idea' in the oakley section: 'idea': "
            "expected des, blowfish or cast (the ciphers of OpenSSL's legacy provider)");
}

TEST(AlgorithmPolicy, LegacyCipherNeedsTheSetting) {
  EXPECT_EQ(load_error(conn("proposals = blowfish256-sha256-modp2048")),
            "swanctl.conf:3: the IKE proposals of connection 'c' use BLOWFISH_CBC_256, which is "
            "off: it is weak and needs OpenSSL's legacy provider; to use it with an old peer "
            "anyway, add 'blowfish' to legacy_ciphers in the oakley section");
  EXPECT_EQ(load_error(conn("", "esp_proposals = aes128-sha1, cast128-sha1")),
            "swanctl.conf:6: the esp_proposals of child 'net' of connection 'c' use CAST_CBC_128, "
            "which is off: it is weak and needs OpenSSL's legacy provider; to use it with an old "
            "peer anyway, add 'cast' to legacy_ciphers in the oakley section");
  EXPECT_NE(load_error(conn("proposals = des-md5-modp1024")).find("add 'des' to legacy_ciphers"),
            std::string::npos);
  // Listing one does not allow the others.
  EXPECT_NE(load_error("oakley {\n  legacy_ciphers = cast\n}\n" +
                       conn("proposals = blowfish-sha1-modp2048"))
                .find("BLOWFISH_CBC_128, which is off"),
            std::string::npos);
  auto ok = load_ok("oakley {\n  legacy_ciphers = blowfish, cast\n}\n" +
                    conn("proposals = blowfish-sha1-modp2048", "esp_proposals = cast128-sha1"));
  ASSERT_EQ(ok.connections.size(), 1u);
}

TEST(AlgorithmPolicy, WeakAlgorithmsAreWarnedAboutWithTheirPlace) {
  auto c = load_ok(conn("proposals = aes128-sha256-modp1024s160, aes256-md5-ecp192",
                        "esp_proposals = aes128gcm16-modp2048s256"));
  ASSERT_EQ(c.warnings.size(), 5u);
  EXPECT_EQ(c.warnings[0],
            "swanctl.conf:3: the IKE proposals of connection 'c' use the weak MODP_1024_160: an "
            "RFC 5114 group: parameters without a verifiable origin, a short subgroup (RFC 8247: "
            "SHOULD NOT)");
  EXPECT_EQ(c.warnings[1],
            "swanctl.conf:3: the IKE proposals of connection 'c' use the weak HMAC_MD5_96: "
            "HMAC-MD5 (RFC 8221: MUST NOT)");
  EXPECT_EQ(c.warnings[2],
            "swanctl.conf:3: the IKE proposals of connection 'c' use the weak PRF_HMAC_MD5: "
            "HMAC-MD5 as PRF (RFC 8247: MUST NOT)");
  EXPECT_EQ(c.warnings[3],
            "swanctl.conf:3: the IKE proposals of connection 'c' use the weak ECP_192: a 192-bit "
            "curve (about 96-bit security)");
  EXPECT_EQ(c.warnings[4],
            "swanctl.conf:6: the esp_proposals of child 'net' of connection 'c' use the weak "
            "MODP_2048_256: an RFC 5114 group: parameters without a verifiable origin, a short "
            "subgroup (RFC 8247: SHOULD NOT)");
  auto legacy = load_ok("oakley {\n  legacy_ciphers = blowfish\n}\n" +
                        conn("", "esp_proposals = blowfish-sha256_96"));
  ASSERT_EQ(legacy.warnings.size(), 2u);
  EXPECT_NE(legacy.warnings[0].find("BLOWFISH_CBC_128: a 64-bit block cipher"), std::string::npos);
  EXPECT_NE(legacy.warnings[1].find("HMAC_SHA2_256_96: a non-standard 96-bit truncation"),
            std::string::npos);
}

// Neither the defaults nor the usual modern proposals warn.
TEST(AlgorithmPolicy, ModernAndDefaultProposalsDoNotWarn) {
  EXPECT_TRUE(load_ok(conn("")).warnings.empty());
  EXPECT_TRUE(load_ok(conn("proposals = default, camellia256-sha384-ecp384bp",
                           "esp_proposals = default, camellia128ccm16-ecp224"))
                  .warnings.empty());
}

TEST(AlgorithmPolicy, Sha256_96ChildOption) {
  auto off = load_ok(conn(""));
  EXPECT_FALSE(off.connections[0].children[0].sha256_96);
  auto on = load_ok(conn("", "esp_proposals = aes128-sha256\nsha256_96 = yes"));
  EXPECT_TRUE(on.connections[0].children[0].sha256_96);
  ASSERT_EQ(on.warnings.size(), 1u);
  EXPECT_EQ(on.warnings[0],
            "swanctl.conf:7: sha256_96 = yes in child 'net' of connection 'c': HMAC_SHA2_256_128 "
            "is installed with the non-standard 96-bit ICV of old Linux kernels (not negotiated: "
            "the peer must do the same)");
  EXPECT_NE(load_error(conn("", "sha256_96 = maybe")).find("invalid sha256_96 'maybe'"),
            std::string::npos);
}

}  // namespace
}  // namespace oakley::config
