#include "wire/names.hpp"

#include <fmt/format.h>

namespace oakley::wire {

std::string lookup_name(std::span<const NameEntry> table, std::uint32_t value,
                        std::string_view unknown_prefix) {
  for (const auto& e : table) {
    if (e.value == value) return std::string(e.name);
  }
  return unknown_name(unknown_prefix, value);
}

std::string unknown_name(std::string_view prefix, std::uint32_t value) {
  return fmt::format("{}({})", prefix, value);
}

std::string cfg_type_short_name(std::uint32_t type) {
  static constexpr NameEntry kCfgTypes[] = {{1, "CPRQ"}, {2, "CPRP"}, {3, "CPS"}, {4, "CPA"}};
  return lookup_name(kCfgTypes, type, "CP");
}

}  // namespace oakley::wire
