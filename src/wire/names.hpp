// Number → name tables for log lines, shared by both IKE versions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace oakley::wire {

struct NameEntry {
  std::uint32_t value;
  std::string_view name;
};

// The name of `value` in `table`, or "<unknown_prefix>(<value>)" when it has none.
std::string lookup_name(std::span<const NameEntry> table, std::uint32_t value,
                        std::string_view unknown_prefix);
// "<prefix>(<value>)", the name of a number no table knows.
std::string unknown_name(std::string_view prefix, std::uint32_t value);

}  // namespace oakley::wire
