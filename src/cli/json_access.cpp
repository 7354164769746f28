#include "cli/json_access.hpp"

#include <cmath>

namespace oakley::cli {
namespace {

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::optional<std::string> get_string(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<std::int64_t> get_int(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (!value) return std::nullopt;
  if (value->is_number_unsigned()) {
    auto u = value->get<std::uint64_t>();
    return u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
  }
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_number_float()) {
    double d = value->get<double>();
    if (std::isfinite(d) && std::fabs(d) < 9e18) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<bool> get_bool(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (!value || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

const Json& get_object(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::object();
  const Json* value = member(object, key);
  return value && value->is_object() ? *value : kEmpty;
}

const Json& get_array(const Json& object, std::string_view key) {
  static const Json kEmpty = Json::array();
  const Json* value = member(object, key);
  return value && value->is_array() ? *value : kEmpty;
}

std::vector<std::string> get_strings(const Json& object, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& item : get_array(object, key))
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string scalar_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number() || value.is_binary())
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return "";
}

}  // namespace oakley::cli
