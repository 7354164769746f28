// PRF known answers. Sources: RFC 2202 (HMAC-MD5/SHA1) and RFC 4231 test cases 1, 3, 4, 6, 7
// (HMAC-SHA2) via strongswan test_vectors md5_hmac/sha1_hmac/sha2_hmac.json; RFC 3566/4434 via
// aes_xcbc.json; RFC 4493/4615 via aes_cmac.json; NIST CAVP SP 800-135 via kdf_prf.json and
// kdf_prf_plus.json; strongSwan's test_prf_plus.c via prf_plus_sha256.json.
#include "crypto/prf.hpp"

#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;
using test::hex_of;

std::optional<PrfId> prf_from_name(const std::string& name) {
  if (name == "PRF_HMAC_MD5") return PrfId::kHmacMd5;
  if (name == "PRF_HMAC_SHA1") return PrfId::kHmacSha1;
  if (name == "PRF_HMAC_SHA2_256") return PrfId::kHmacSha256;
  if (name == "PRF_HMAC_SHA2_384") return PrfId::kHmacSha384;
  if (name == "PRF_HMAC_SHA2_512") return PrfId::kHmacSha512;
  if (name == "PRF_AES128_XCBC") return PrfId::kAes128Xcbc;
  if (name == "PRF_AES128_CMAC") return PrfId::kAes128Cmac;
  return std::nullopt;
}

// Runs every prf_test_vector_t of a file; returns how many ran.
int run_prf_vectors(const std::string& file) {
  auto json = test::load_vectors(file);
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    if (v["vector_type"] != "prf_test_vector_t") continue;
    auto id = prf_from_name(v["alg"]);
    if (!id) continue;
    auto prf = Prf::create(*id);
    EXPECT_TRUE(prf.ok());
    Bytes key = hex(v, "key");
    Bytes seed = hex(v, "seed");
    key.resize(v.value("key_size", key.size()));
    seed.resize(v.value("len", seed.size()));
    SecretBytes out = prf->compute(key, {seed});
    EXPECT_EQ(hex_of(out), v["out"].get<std::string>()) << v["name"];
    ++ran;
  }
  return ran;
}

TEST(Prf, HmacMd5Rfc2202) {
  EXPECT_EQ(run_prf_vectors("strongswan/test_vectors/md5_hmac.json"), 6);
}
TEST(Prf, HmacSha1Rfc2202) {
  EXPECT_EQ(run_prf_vectors("strongswan/test_vectors/sha1_hmac.json"), 6);
}
TEST(Prf, HmacSha2Rfc4231) {
  EXPECT_EQ(run_prf_vectors("strongswan/test_vectors/sha2_hmac.json"), 15);
}
TEST(Prf, AesXcbcRfc3566And4434) {
  // Includes RFC 4434's 10-byte (zero padded) and 18-byte (reduced) keys.
  EXPECT_EQ(run_prf_vectors("strongswan/test_vectors/aes_xcbc.json"), 7);
}
TEST(Prf, AesCmacRfc4493And4615) {
  // Includes RFC 4615's 10-byte and 18-byte keys.
  EXPECT_EQ(run_prf_vectors("strongswan/test_vectors/aes_cmac.json"), 7);
}

// RFC 4231 test case 2 (short key "Jefe"), typed in from the RFC.
TEST(Prf, HmacSha2Rfc4231Case2) {
  auto data = as_bytes("what do ya want for nothing?");
  auto key = as_bytes("Jefe");
  EXPECT_EQ(hex_of(Prf::create(PrfId::kHmacSha256)->compute(key, {data})),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex_of(Prf::create(PrfId::kHmacSha512)->compute(key, {data})),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f"
            "65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(Prf, KeyedPrfReusedAndSplitInput) {
  auto v = test::vectors_for(test::load_vectors("strongswan/test_vectors/sha2_hmac.json"),
                             "PRF_HMAC_SHA2_256")[1];  // RFC 4231 test case 3
  Bytes key = hex(v, "key"), seed = hex(v, "seed");
  key.resize(v["key_size"]);
  auto keyed = KeyedPrf::create(PrfId::kHmacSha256, key);
  ASSERT_TRUE(keyed.ok());
  ByteView s(seed);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(hex_of(keyed->compute({s.first(7), s.subspan(7)})), v["out"].get<std::string>());
}

TEST(Prf, Sizes) {
  EXPECT_EQ(prf_output_size(PrfId::kHmacSha1), 20u);
  EXPECT_EQ(prf_output_size(PrfId::kHmacSha384), 48u);
  EXPECT_EQ(prf_key_size(PrfId::kHmacSha512), 64u);
  EXPECT_EQ(prf_key_size(PrfId::kAes128Xcbc), 16u);
  EXPECT_EQ(prf_output_size(PrfId::kAes128Cmac), 16u);
}

TEST(Prf, UnsupportedIdRejected) {
  EXPECT_FALSE(Prf::create(static_cast<PrfId>(3)).ok());  // PRF_HMAC_TIGER
  EXPECT_FALSE(KeyedPrf::create(static_cast<PrfId>(99), as_bytes("k")).ok());
}

// KDF_PRF vectors: out = prf(salt, key), the SKEYSEED shape (CAVP SP 800-135).
TEST(PrfPlus, CavpSkeyseedShape) {
  auto json = test::load_vectors("strongswan/test_vectors/kdf_prf.json");
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    auto id = prf_from_name(v["arg.prf"]);
    ASSERT_TRUE(id.has_value());
    SecretBytes out = Prf::create(*id)->compute(hex(v, "salt"), {hex(v, "key")});
    EXPECT_EQ(hex_of(out), v["out"].get<std::string>()) << v["name"];
    ++ran;
  }
  EXPECT_EQ(ran, 6);
}

TEST(PrfPlus, CavpVectors) {
  auto json = test::load_vectors("strongswan/test_vectors/kdf_prf_plus.json");
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    auto id = prf_from_name(v["arg.prf"]);
    ASSERT_TRUE(id.has_value());
    Bytes expected = hex(v, "out");
    auto out = prf_plus(*id, hex(v, "key"), hex(v, "salt"), expected.size());
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(hex_of(*out), to_hex(expected)) << v["name"];
    ++ran;
  }
  EXPECT_EQ(ran, 7);
}

TEST(PrfPlus, StrongswanSha256) {
  auto json = test::load_vectors("strongswan/libstrongswan_tests/prf_plus_sha256.json");
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    Bytes expected = hex(v, "expected");
    auto out = prf_plus(PrfId::kHmacSha256, hex(v, "key"), hex(v, "seed"), expected.size());
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(hex_of(*out), to_hex(expected));
    ++ran;
  }
  EXPECT_EQ(ran, 3);
}

// test_prf_plus.c: 255 blocks is the limit, one byte more must fail.
TEST(PrfPlus, RefusesToWrapTheCounter) {
  auto key = as_bytes("key");
  auto seed = as_bytes("seed");
  EXPECT_TRUE(prf_plus(PrfId::kHmacSha256, key, seed, 32 * 255 - 1).ok());
  EXPECT_TRUE(prf_plus(PrfId::kHmacSha256, key, seed, 32 * 255).ok());
  EXPECT_FALSE(prf_plus(PrfId::kHmacSha256, key, seed, 32 * 255 + 1).ok());
}

}  // namespace
}  // namespace oakley::crypto
