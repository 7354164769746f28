// Keyword values ("tunnel", "ifasked", "replace") to enums, with an error that lists the choices.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "config/values.hpp"

namespace oakley::config {

template <typename E>
using EnumTable = std::vector<std::pair<std::string_view, E>>;

template <typename E>
Result<E> parse_enum(std::string_view text, const EnumTable<E>& table) {
  text = trim(text);
  for (const auto& [name, value] : table) {
    if (iequals(name, text)) return value;
  }
  std::string choices;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (i) choices += i + 1 == table.size() ? " or " : ", ";
    choices += table[i].first;
  }
  return make_error(fmt::format("expected {}", choices));
}

// A parser for SectionReader::read().
template <typename E>
auto enum_parser(EnumTable<E> table) {
  return [table = std::move(table)](std::string_view text) { return parse_enum(text, table); };
}

}  // namespace oakley::config
