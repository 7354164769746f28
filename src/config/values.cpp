#include "config/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace oakley::config {

namespace {

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

// Leading decimal digits as a number; `rest` gets what follows.
Result<std::uint64_t> leading_number(std::string_view text, std::string_view& rest) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc::result_out_of_range) return make_error("number is too large");
  if (ec != std::errc{} || end == text.data()) return make_error("expected a number");
  rest = text.substr(static_cast<std::size_t>(end - text.data()));
  return n;
}

Result<std::uint64_t> scaled(std::uint64_t n, std::uint64_t factor) {
  if (factor && n > kMaxU64 / factor) return make_error("number is too large");
  return n * factor;
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

std::vector<std::string> split_list(std::string_view text, char sep) {
  std::vector<std::string> out;
  while (true) {
    auto at = text.find(sep);
    auto item = trim(text.substr(0, at));
    if (!item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

Result<Seconds> parse_duration(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  auto n = leading_number(text, rest);
  if (!n || rest.size() > 1) {
    return make_error("expected a time such as 30 (seconds), 30s, 5m, 1h or 2d");
  }
  std::uint64_t factor = 1;
  if (!rest.empty()) {
    switch (rest[0]) {
      case 's':
        break;
      case 'm':
        factor = 60;
        break;
      case 'h':
        factor = 3600;
        break;
      case 'd':
        factor = 86400;
        break;
      default:
        return make_error(fmt::format("unknown time unit '{}' (use s, m, h or d)", rest));
    }
  }
  auto total = scaled(*n, factor);
  if (!total || *total > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error("time is too long");
  }
  return Seconds(static_cast<Seconds::rep>(*total));
}

std::string to_string(Seconds d) {
  auto s = d.count();
  if (s != 0 && s % 86400 == 0) return fmt::format("{}d", s / 86400);
  if (s != 0 && s % 3600 == 0) return fmt::format("{}h", s / 3600);
  if (s != 0 && s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

Result<std::uint64_t> parse_count(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  auto n = leading_number(text, rest);
  if (!n || rest.size() > 1) {
    return make_error("expected a number with an optional k, m or g suffix (1024-based)");
  }
  std::uint64_t factor = 1;
  if (!rest.empty()) {
    switch (std::tolower(static_cast<unsigned char>(rest[0]))) {
      case 'k':
        factor = 1024;
        break;
      case 'm':
        factor = 1024 * 1024;
        break;
      case 'g':
        factor = 1024 * 1024 * 1024;
        break;
      default:
        return make_error(fmt::format("unknown suffix '{}' (use k, m or g)", rest));
    }
  }
  return scaled(*n, factor);
}

std::string count_to_string(std::uint64_t n) {
  constexpr std::uint64_t kK = 1024;
  if (n != 0 && n % (kK * kK * kK) == 0) return fmt::format("{}g", n / (kK * kK * kK));
  if (n != 0 && n % (kK * kK) == 0) return fmt::format("{}m", n / (kK * kK));
  if (n != 0 && n % kK == 0) return fmt::format("{}k", n / kK);
  return std::to_string(n);
}

Result<bool> parse_bool(std::string_view text) {
  text = trim(text);
  for (auto yes : {"yes", "true", "enabled", "1"}) {
    if (iequals(text, yes)) return true;
  }
  for (auto no : {"no", "false", "disabled", "0"}) {
    if (iequals(text, no)) return false;
  }
  return make_error("expected yes or no");
}

const char* to_string(bool b) {
  return b ? "yes" : "no";
}

Result<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
  text = trim(text);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n, base);
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && n > max)) {
    return make_error(fmt::format("must be at most {}", max));
  }
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
    return make_error("expected a whole number");
  }
  return n;
}

Result<double> parse_decimal(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  auto whole = leading_number(text, rest);
  if (!whole) return make_error("expected a number such as 4 or 1.8");
  double value = static_cast<double>(*whole);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() == 1) return make_error("expected a number such as 4 or 1.8");
    double scale = 0.1;
    for (char c : rest.substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return make_error("expected a number such as 4 or 1.8");
      }
      value += (c - '0') * scale;
      scale /= 10;
    }
  }
  return value;
}

}  // namespace oakley::config
