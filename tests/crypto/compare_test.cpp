// equal_constant_time: the comparison the IKE layers use for HASH payloads, AUTH data and cookies.
// Its timing is OpenSSL's (CRYPTO_memcmp); these tests pin the verdicts, including the length rule
// (a HASH of the right bytes but a different length must not verify).
#include "crypto/compare.hpp"

#include <gtest/gtest.h>

#include "common/secret.hpp"

namespace oakley::crypto {
namespace {

TEST(EqualConstantTime, SameBytesAreEqual) {
  Bytes a = {1, 2, 3, 4, 5, 6, 7, 8};
  Bytes b = a;
  EXPECT_TRUE(equal_constant_time(a, b));
}

TEST(EqualConstantTime, ADifferenceAnywhereIsUnequal) {
  Bytes a(20, 0x5a);
  for (std::size_t i = 0; i < a.size(); ++i) {
    Bytes b = a;
    b[i] ^= 0x01;
    EXPECT_FALSE(equal_constant_time(a, b)) << "byte " << i;
  }
}

TEST(EqualConstantTime, APrefixOrExtensionIsUnequal) {
  Bytes a = {9, 8, 7, 6};
  Bytes shorter = {9, 8, 7};
  Bytes longer = {9, 8, 7, 6, 0};
  EXPECT_FALSE(equal_constant_time(a, shorter));
  EXPECT_FALSE(equal_constant_time(shorter, a));
  EXPECT_FALSE(equal_constant_time(a, longer));
  EXPECT_FALSE(equal_constant_time(a, Bytes{}));
}

TEST(EqualConstantTime, EmptyEqualsEmpty) {
  EXPECT_TRUE(equal_constant_time(Bytes{}, Bytes{}));
  EXPECT_TRUE(equal_constant_time(ByteView{}, ByteView{}));
}

TEST(EqualConstantTime, ComparesSecretsWithoutCopyingThem) {
  SecretBytes s(ByteView(Bytes{'p', 'w'}));
  EXPECT_TRUE(equal_constant_time(s, Bytes{'p', 'w'}));
  EXPECT_FALSE(equal_constant_time(s, Bytes{'p', 'x'}));
}

}  // namespace
}  // namespace oakley::crypto
