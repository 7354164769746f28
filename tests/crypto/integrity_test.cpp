// Integrity transforms (truncated MACs). Sources: RFC 2202 (HMAC-MD5-96/128, HMAC-SHA1-96/160) via
// strongswan test_vectors md5_hmac/sha1_hmac.json; RFC 4868 (HMAC-SHA2-256-128/384-192/512-256,
// and truncated to 96 bits for strongSwan's HMAC_SHA2_256_96) via sha2_hmac.json; RFC 3566
// (AES-XCBC-MAC-96) via aes_xcbc.json; RFC 4494 (AES-CMAC-96) via aes_cmac.json.
#include "crypto/cipher.hpp"
#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;

std::optional<IntegId> integ_from_name(const std::string& name) {
  if (name == "AUTH_HMAC_MD5_96") return IntegId::kHmacMd5_96;
  if (name == "AUTH_HMAC_MD5_128") return IntegId::kHmacMd5_128;
  if (name == "AUTH_HMAC_SHA1_96") return IntegId::kHmacSha1_96;
  if (name == "AUTH_HMAC_SHA1_160") return IntegId::kHmacSha1_160;
  if (name == "AUTH_HMAC_SHA2_256_128") return IntegId::kHmacSha256_128;
  if (name == "AUTH_HMAC_SHA2_384_192") return IntegId::kHmacSha384_192;
  if (name == "AUTH_HMAC_SHA2_512_256") return IntegId::kHmacSha512_256;
  if (name == "AUTH_AES_XCBC_96") return IntegId::kAesXcbc96;
  if (name == "AUTH_AES_CMAC_96") return IntegId::kAesCmac96;
  return std::nullopt;  // e.g. strongSwan's HMAC-SHA1-128: not an IKE/ESP transform
}

int run_signer_vectors(const std::string& file) {
  int ran = 0;
  auto json = test::load_vectors(file);
  for (const auto& v : json["vectors"]) {
    if (v["vector_type"] != "signer_test_vector_t") continue;
    auto id = integ_from_name(v["alg"]);
    if (!id) continue;
    auto integ = Integrity::create(*id, hex(v, "key"));
    EXPECT_TRUE(integ.ok()) << v["name"] << (integ.ok() ? "" : integ.error().message);
    if (!integ.ok()) continue;
    Bytes data = hex(v, "data");
    data.resize(v["len"]);
    // sha1_hmac_s4's literal carries 4 extra bytes; strongSwan compares the ICV length only.
    Bytes expected = hex(v, "mac");
    expected.resize(integ_icv_size(*id));
    Bytes icv((*integ)->icv_size());
    (*integ)->compute({data}, icv);
    EXPECT_EQ(to_hex(icv), to_hex(expected)) << v["name"];
    EXPECT_TRUE((*integ)->verify({data}, expected)) << v["name"];
    expected.back() ^= 1;
    EXPECT_FALSE((*integ)->verify({data}, expected)) << v["name"] << " tampered ICV accepted";
    ++ran;
  }
  return ran;
}

TEST(Integrity, HmacMd5_96And128) {
  EXPECT_EQ(run_signer_vectors("strongswan/test_vectors/md5_hmac.json"), 4);
}
TEST(Integrity, HmacSha1_96And160) {
  EXPECT_EQ(run_signer_vectors("strongswan/test_vectors/sha1_hmac.json"), 4);
}
TEST(Integrity, HmacSha2) {
  EXPECT_EQ(run_signer_vectors("strongswan/test_vectors/sha2_hmac.json"), 9);
}
TEST(Integrity, AesXcbc96) {
  EXPECT_EQ(run_signer_vectors("strongswan/test_vectors/aes_xcbc.json"), 5);
}
TEST(Integrity, AesCmac96) {
  EXPECT_EQ(run_signer_vectors("strongswan/test_vectors/aes_cmac.json"), 4);
}

// HMAC_SHA2_256_96 (the truncation Linux used before RFC 4868): the first 12 bytes of the RFC 4868
// HMAC-SHA-256 values, a 32-byte key like HMAC_SHA2_256_128.
TEST(Integrity, HmacSha256_96IsTheRfc4868ValueTruncated) {
  int ran = 0;
  auto json = test::load_vectors("strongswan/test_vectors/sha2_hmac.json");
  for (const auto& v : test::vectors_for(json, "AUTH_HMAC_SHA2_256_128")) {
    auto integ = Integrity::create(IntegId::kHmacSha256_96, hex(v, "key"));
    ASSERT_TRUE(integ.ok()) << integ.error().message;
    EXPECT_EQ((*integ)->icv_size(), 12u);
    Bytes data = hex(v, "data");
    data.resize(v["len"]);
    Bytes icv(12);
    (*integ)->compute({data}, icv);
    EXPECT_EQ(to_hex(icv), to_hex(hex(v, "mac")).substr(0, 24)) << v["name"];
    EXPECT_TRUE((*integ)->verify({data}, icv));
    EXPECT_FALSE((*integ)->verify({data}, ByteView(hex(v, "mac")).first(16)));  // the 128-bit ICV
    ++ran;
  }
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(integ_key_size(IntegId::kHmacSha256_96), 32u);
}

// The MAC covers the concatenation of the parts, however split (ESP: header | payload | ESN).
TEST(Integrity, PartsAreConcatenated) {
  auto v = test::vectors_for(test::load_vectors("strongswan/test_vectors/aes_xcbc.json"),
                             "AUTH_AES_XCBC_96")[4];  // RFC 3566 case 5, 32 bytes
  auto integ = Integrity::create(IntegId::kAesXcbc96, hex(v, "key"));
  ASSERT_TRUE(integ.ok());
  Bytes data = hex(v, "data");
  ByteView d(data);
  Bytes expected = hex(v, "mac");
  for (std::size_t split : {0, 1, 15, 16, 17, 31, 32}) {
    Bytes icv(12);
    (*integ)->compute({d.first(split), ByteView{}, d.subspan(split)}, icv);
    EXPECT_EQ(to_hex(icv), to_hex(expected)) << "split at " << split;
  }
}

TEST(Integrity, WrongIcvLengthRejected) {
  auto integ = Integrity::create(IntegId::kHmacSha256_128, Bytes(32, 0x0b));
  ASSERT_TRUE(integ.ok());
  Bytes data = hex("4869205468657265");
  Bytes icv(16);
  (*integ)->compute({data}, icv);
  EXPECT_TRUE((*integ)->verify({data}, icv));
  EXPECT_FALSE((*integ)->verify({data}, ByteView(icv).first(12)));
  Bytes longer = icv;
  longer.push_back(0);
  EXPECT_FALSE((*integ)->verify({data}, longer));
}

TEST(Integrity, KeySizesEnforced) {
  EXPECT_FALSE(Integrity::create(IntegId::kHmacSha1_96, Bytes(16)).ok());
  EXPECT_FALSE(Integrity::create(IntegId::kAesXcbc96, Bytes(20)).ok());
  EXPECT_FALSE(Integrity::create(IntegId::kNone, Bytes{}).ok());
  EXPECT_EQ(integ_key_size(IntegId::kHmacSha384_192), 48u);
  EXPECT_EQ(integ_icv_size(IntegId::kHmacSha512_256), 32u);
  EXPECT_EQ(integ_icv_size(IntegId::kAesCmac96), 12u);
}

}  // namespace
}  // namespace oakley::crypto
