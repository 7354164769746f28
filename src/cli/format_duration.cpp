#include <fmt/format.h>

#include "cli/format.hpp"

namespace oakley::cli {

std::string format_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  constexpr std::int64_t kMinute = 60, kHour = 3600, kDay = 86400;
  auto pair = [](std::int64_t major, char major_unit, std::int64_t minor, char minor_unit) {
    return minor == 0 ? fmt::format("{}{}", major, major_unit)
                      : fmt::format("{}{}{}{}", major, major_unit, minor, minor_unit);
  };
  if (seconds < kMinute) return fmt::format("{}s", seconds);
  if (seconds < kHour) return fmt::format("{}m", seconds / kMinute);
  if (seconds < kDay) return pair(seconds / kHour, 'h', seconds % kHour / kMinute, 'm');
  return pair(seconds / kDay, 'd', seconds % kDay / kHour, 'h');
}

}  // namespace oakley::cli
