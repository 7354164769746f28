// Scalar value types of swanctl.conf and their text forms: durations ("30", "30s", "5m", "1h",
// "2d"), byte and packet counts with k/m/g suffixes (binary, as strongSwan), booleans
// (yes/no/true/false/1/0/enabled/disabled), unsigned numbers, and comma-separated lists. Parsers
// return an Error whose message explains what is accepted; the caller adds file:line and key.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace oakley::config {

using Seconds = std::chrono::seconds;

Result<Seconds> parse_duration(std::string_view text);
// The largest unit that represents the value exactly: "1h", "90s", "2d", "0s".
std::string to_string(Seconds d);

Result<std::uint64_t> parse_count(std::string_view text);  // "1000", "500k", "1m", "4g"
std::string count_to_string(std::uint64_t n);              // "1g" when exact, else digits

Result<bool> parse_bool(std::string_view text);
const char* to_string(bool b);  // "yes" / "no"

// Decimal, or hexadecimal with 0x (strongSwan reads numbers with strtoul base 0).
Result<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);
// A non-negative decimal fraction such as "4.0" or "1.8".
Result<double> parse_decimal(std::string_view text);

// Splits at `sep`, trims blanks around each item and drops empty items.
std::vector<std::string> split_list(std::string_view text, char sep = ',');
std::string_view trim(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool all_digits(std::string_view text);  // non-empty and only 0-9

}  // namespace oakley::config
