// Test helpers: vector files under tests/data/crypto (copied from the steering vectors, see
// tests/data/crypto/SOURCES.md) and hex conversion.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/bytes.hpp"
#include "common/secret.hpp"

namespace oakley::crypto::test {

inline nlohmann::json load_vectors(const std::string& relative) {
  std::ifstream in(std::string(OAKLEY_TEST_DATA) + "/crypto/" + relative);
  EXPECT_TRUE(in.good()) << "missing test data " << relative;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

inline Bytes hex(const std::string& text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex in vector: " << text;
  return b.value_or(Bytes{});
}

// A hex field of a JSON vector; an absent field is empty.
inline Bytes hex(const nlohmann::json& v, const char* field) {
  return v.contains(field) ? hex(v[field].get<std::string>()) : Bytes{};
}

inline std::string hex_of(ByteView b) {
  return to_hex(b);
}
inline std::string hex_of(const SecretBytes& s) {
  return to_hex(s.view());
}

// Vectors of a strongSwan test_vectors file whose "alg" (or "method") is `alg`.
inline std::vector<nlohmann::json> vectors_for(const nlohmann::json& file, const std::string& alg) {
  std::vector<nlohmann::json> out;
  for (const auto& v : file["vectors"]) {
    std::string a = v.contains("alg") ? v["alg"].get<std::string>() : v.value("method", "");
    if (a == alg) out.push_back(v);
  }
  return out;
}

}  // namespace oakley::crypto::test
