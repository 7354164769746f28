#include "common/secret.hpp"

#include <gtest/gtest.h>

namespace oakley {
namespace {

TEST(SecretBytes, CompareAndSlice) {
  SecretBytes a(as_bytes("0123456789"));
  SecretBytes b(as_bytes("0123456789"));
  SecretBytes c(as_bytes("0123456780"));
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_TRUE(a.slice(2, 3) == SecretBytes(as_bytes("234")));
  EXPECT_FALSE(a == a.slice(0, 9));  // a prefix is not equal
  EXPECT_TRUE(SecretBytes() == SecretBytes());
}

TEST(SecretBytes, WipeClearsMemory) {
  std::uint8_t buf[4] = {1, 2, 3, 4};
  secure_wipe(buf, sizeof buf);
  for (auto b : buf)
    EXPECT_EQ(b, 0);
}

}  // namespace
}  // namespace oakley
