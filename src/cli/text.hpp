// Small text helpers shared by the formatters.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace oakley::cli {

// Joins the non-empty parts: absent fields leave no stray separators.
inline std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// Appends `indent` + `text` + "\n", or nothing for an empty text.
inline void add_line(std::string& out, std::string_view indent, const std::string& text) {
  if (!text.empty()) out += fmt::format("{}{}\n", indent, text);
}

}  // namespace oakley::cli
