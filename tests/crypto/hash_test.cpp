// Hashes and randomness. Sources: RFC 1321 (MD5) and FIPS 180 example values (SHA-1/SHA-2) via
// strongswan test_vectors md5.json, sha1.json, sha2.json. The NAT-D value was computed here with
// Python's hashlib.
#include "crypto/hash.hpp"

#include <map>

#include "crypto/random.hpp"
#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;

int run_hash_file(const std::string& file) {
  static const std::map<std::string, HashAlg> algs = {{"HASH_MD5", HashAlg::kMd5},
                                                      {"HASH_SHA1", HashAlg::kSha1},
                                                      {"HASH_SHA256", HashAlg::kSha256},
                                                      {"HASH_SHA384", HashAlg::kSha384},
                                                      {"HASH_SHA512", HashAlg::kSha512}};
  auto json = test::load_vectors(file);
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    auto it = algs.find(v["alg"]);
    if (it == algs.end()) continue;  // SHA-224 is not used by IKE
    Bytes data = hex(v, "data");
    data.resize(v["len"]);
    Bytes h = hash(it->second, {data});
    EXPECT_EQ(to_hex(h), v["hash"].get<std::string>()) << v["name"];
    EXPECT_EQ(h.size(), hash_size(it->second));
    ++ran;
  }
  return ran;
}

TEST(Hash, Md5) {
  EXPECT_EQ(run_hash_file("strongswan/test_vectors/md5.json"), 7);
}
TEST(Hash, Sha1) {
  EXPECT_EQ(run_hash_file("strongswan/test_vectors/sha1.json"), 4);
}
TEST(Hash, Sha2) {
  EXPECT_EQ(run_hash_file("strongswan/test_vectors/sha2.json"), 9);
}

TEST(Hash, PartsConcatenate) {
  EXPECT_EQ(to_hex(hash(HashAlg::kMd5, {as_bytes("ab"), {}, as_bytes("c")})),
            "900150983cd24fb0d6963f7d28e17f72");  // RFC 1321 "abc"
}

TEST(Hash, Ikev2NatDetection) {
  Bytes ip = {192, 0, 2, 1};
  EXPECT_EQ(to_hex(ikev2_nat_hash(hex("63ff9cfe89d87d4d"), hex("f5d983d823f8368e"), ip, 4500)),
            "e6864bbe8bc821515773ebca9f8108274d9b3faa");
}

TEST(Hash, HmacHashMapping) {
  EXPECT_EQ(hmac_hash(PrfId::kHmacSha384), HashAlg::kSha384);
  EXPECT_FALSE(hmac_hash(PrfId::kAes128Xcbc).has_value());
}

TEST(Random, LengthsAndVariety) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(33).size(), 33u);
  EXPECT_EQ(random_secret(32).size(), 32u);
  // 2^-128 chance of a false failure.
  EXPECT_NE(to_hex(random_bytes(16)), to_hex(random_bytes(16)));
  EXPECT_FALSE(random_secret(16) == random_secret(16));
  EXPECT_FALSE(random_u64() == random_u64() && random_u64() == random_u64());
  std::uint32_t ored = 0;
  for (int i = 0; i < 64; ++i)
    ored |= random_u32();
  EXPECT_EQ(ored, 0xffffffffu);  // every bit set at least once (fails with chance ~2^-59)
}

}  // namespace
}  // namespace oakley::crypto
