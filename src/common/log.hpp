// Logging: one line per event to stderr (journald adds its own timestamps when it captures us,
// so the line is "LEVEL [subsystem] message"), plus extra sinks for `oakctl trace` and tests.
// A line may carry a context (connection, peer, SPIs: log_context.hpp), which puts the SPIs in
// its text. Key material never goes through here unless the operator asked for key export.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <string_view>

namespace oakley::log {

enum class Level { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3, kTrace = 4 };

std::string_view level_name(Level level);
bool parse_level(std::string_view text, Level& out);

// The daemon's level: what reaches stderr (the log file, the journal).
void set_level(Level level);
Level level();
// The most verbose level anyone wants now: the daemon's, or a sink's that asked for more
// (log_context.hpp: add_record_sink). Lines beyond it are not even formatted.
Level verbosity();
inline bool enabled(Level l) {
  return static_cast<int>(l) <= static_cast<int>(verbosity());
}

// stderr output can be turned off (tests that collect lines through a sink).
void set_stderr(bool on);
void set_timestamps(bool on);

using Sink = std::function<void(Level, std::string_view subsystem, std::string_view message)>;
int add_sink(Sink sink);
void remove_sink(int id);

// With the context of this thread's ContextScope, if any (log_context.hpp).
void write(Level level, std::string_view subsystem, std::string_view message);

template <typename... Args>
void emit(Level lv, std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(lv)) write(lv, sub, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  emit(Level::kError, sub, f, std::forward<Args>(args)...);
}
template <typename... Args>
void warn(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  emit(Level::kWarn, sub, f, std::forward<Args>(args)...);
}
template <typename... Args>
void info(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  emit(Level::kInfo, sub, f, std::forward<Args>(args)...);
}
template <typename... Args>
void debug(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  emit(Level::kDebug, sub, f, std::forward<Args>(args)...);
}
template <typename... Args>
void trace(std::string_view sub, fmt::format_string<Args...> f, Args&&... args) {
  emit(Level::kTrace, sub, f, std::forward<Args>(args)...);
}

}  // namespace oakley::log
