// Small helpers shared by the wire tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "common/bytes.hpp"

namespace oakley::wire::test {

inline Bytes hex(const std::string& text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex: " << text;
  return b.value_or(Bytes{});
}

}  // namespace oakley::wire::test
