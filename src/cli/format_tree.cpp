// stats and any other free-form result: an indented "key: value" tree.
#include <fmt/format.h>

#include <algorithm>

#include "cli/format.hpp"
#include "cli/text.hpp"

namespace oakley::cli {
namespace {

bool is_scalar(const Json& value) {
  return !value.is_object() && !value.is_array();
}

bool all_scalars(const Json& array) {
  return std::all_of(array.begin(), array.end(), [](const Json& v) { return is_scalar(v); });
}

std::string leaf_text(const Json& value) {
  if (value.is_null()) return "-";
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& item : value)
      items.push_back(item.is_null() ? "-" : scalar_text(item));
    return items.empty() ? "-" : join(items, ", ");
  }
  if (value.is_object()) return "-";  // an empty object
  return scalar_text(value);
}

bool is_leaf(const Json& value) {
  return is_scalar(value) || value.empty() || (value.is_array() && all_scalars(value));
}

void render(std::string& out, const Json& value, int indent);

void render_entry(std::string& out, const std::string& key, const Json& value, int indent) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (is_leaf(value)) {
    out += fmt::format("{}{}: {}\n", pad, key, leaf_text(value));
    return;
  }
  out += fmt::format("{}{}:\n", pad, key);
  render(out, value, indent + 2);
}

void render(std::string& out, const Json& value, int indent) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items())
      render_entry(out, key, item, indent);
  } else if (value.is_array()) {
    std::size_t index = 0;
    for (const auto& item : value)
      render_entry(out, fmt::format("[{}]", index++), item, indent);
  } else {
    out +=
        fmt::format("{}{}\n", std::string(static_cast<std::size_t>(indent), ' '), leaf_text(value));
  }
}

}  // namespace

std::string format_tree(const Json& value) {
  std::string out;
  render(out, value, 0);
  return out;
}

}  // namespace oakley::cli
