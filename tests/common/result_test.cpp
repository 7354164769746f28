#include "common/result.hpp"

#include <gtest/gtest.h>

namespace oakley {
namespace {

Result<int> half(int v) {
  if (v % 2) return make_error("odd value", 7);
  return v / 2;
}

TEST(Result, ValueAndError) {
  auto ok = half(4);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 2);
  auto bad = half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "odd value");
  EXPECT_EQ(bad.error().code, 7);
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  Status f = make_error("nope");
  EXPECT_FALSE(f.ok());
}

}  // namespace
}  // namespace oakley
