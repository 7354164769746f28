// Helpers for the config tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "config/config.hpp"

namespace oakley::config::testing {

inline std::string data_path(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/config/" + name;
}

inline std::string examples_path(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/../../examples/" + name;
}

// Loads text that must be valid; fails the test with the loader's message otherwise.
inline Config load_ok(const std::string& text) {
  auto c = load_string(text, "swanctl.conf");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : Config{};
}

// The error message of text that must be rejected.
inline std::string load_error(const std::string& text) {
  auto c = load_string(text, "swanctl.conf");
  EXPECT_FALSE(c.ok()) << "expected an error for:\n" << text;
  return c.ok() ? std::string{} : c.error().message;
}

// A minimal valid connection around a fragment of connection-level keys.
inline std::string conn(const std::string& keys, const std::string& child_keys = "") {
  return "connections {\n  c {\n" + keys + "\n    children {\n      net {\n" + child_keys +
         "\n      }\n    }\n  }\n}\n";
}

}  // namespace oakley::config::testing
