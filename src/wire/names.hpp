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

// The short name of a configuration payload's type, the same numbers in IKEv1's Mode Config
// ATTRIBUTE payload and IKEv2's CP (RFC 7296 3.15): CPRQ, CPRP, CPS, CPA, else CP(n).
std::string cfg_type_short_name(std::uint32_t type);

}  // namespace oakley::wire
