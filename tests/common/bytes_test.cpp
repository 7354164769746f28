#include "common/bytes.hpp"

#include <gtest/gtest.h>

namespace oakley {
namespace {

TEST(Hex, RoundTrip) {
  Bytes b{0x00, 0x7f, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "007fabff");
  EXPECT_EQ(from_hex("007FABFF"), b);
  EXPECT_EQ(from_hex("0x00:7f ab ff"), b);
}

TEST(Hex, RejectsOddLengthAndBadDigits) {
  EXPECT_FALSE(from_hex("abc").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
}

TEST(BigEndian, StoreAndLoad) {
  std::uint8_t buf[8];
  store_be64(buf, 0x0102030405060708ULL);
  EXPECT_EQ(buf[0], 1);
  EXPECT_EQ(buf[7], 8);
  EXPECT_EQ(load_be64(buf), 0x0102030405060708ULL);
  EXPECT_EQ(load_be32(buf + 4), 0x05060708u);
  EXPECT_EQ(load_be16(buf + 6), 0x0708u);
}

}  // namespace
}  // namespace oakley
