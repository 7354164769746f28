// Reading the daemon's JSON without trusting its shape: every field may be missing, null or of
// another type, and the formatters print what is there instead of throwing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oakley::cli {

using Json = nlohmann::json;

std::optional<std::string> get_string(const Json& object, std::string_view key);
std::optional<std::int64_t> get_int(const Json& object, std::string_view key);
std::optional<bool> get_bool(const Json& object, std::string_view key);
// The member if it is an object / array, else an empty one.
const Json& get_object(const Json& object, std::string_view key);
const Json& get_array(const Json& object, std::string_view key);
// The string elements of an array member.
std::vector<std::string> get_strings(const Json& object, std::string_view key);
// A scalar as text ("12", "true", "abc"); null and containers give "".
std::string scalar_text(const Json& value);

}  // namespace oakley::cli
