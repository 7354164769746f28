#include "common/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "common/log_context.hpp"

namespace oakley::log {
namespace {

struct SinkEntry {
  RecordSink sink;
  Level verbosity = Level::kError;
};

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<int> g_verbosity{static_cast<int>(Level::kInfo)};  // max(g_level, sink verbosities)
std::atomic<bool> g_stderr{true};
std::atomic<bool> g_timestamps{false};
std::atomic<bool> g_have_sinks{false};
std::mutex g_mutex;  // serialises stderr lines and guards the sink table
std::map<int, SinkEntry>& sinks() {
  static std::map<int, SinkEntry> table;
  return table;
}
int g_next_sink = 1;

constexpr std::string_view kNames[] = {"error", "warn", "info", "debug", "trace"};

bool within(Level line, Level limit) {
  return static_cast<int>(line) <= static_cast<int>(limit);
}

// Called with g_mutex held.
void update_verbosity() {
  int v = g_level;
  for (const auto& [id, entry] : sinks())
    v = std::max(v, static_cast<int>(entry.verbosity));
  g_verbosity = v;
  g_have_sinks = !sinks().empty();
}

void print_line(Level lv, std::string_view sub, std::string_view text) {
  if (g_timestamps) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    fmt::print(stderr, "{}.{:03d} ", ms / 1000, static_cast<int>(ms % 1000));
  }
  fmt::print(stderr, "{:<5} [{}] {}\n", level_name(lv), sub, text);
  std::fflush(stderr);
}

}  // namespace

std::string_view level_name(Level level) {
  return kNames[static_cast<int>(level)];
}

bool parse_level(std::string_view text, Level& out) {
  for (int i = 0; i < 5; ++i) {
    if (text == kNames[i]) {
      out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

void set_level(Level l) {
  std::lock_guard lock(g_mutex);
  g_level = static_cast<int>(l);
  update_verbosity();
}
Level level() {
  return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
Level verbosity() {
  return static_cast<Level>(g_verbosity.load(std::memory_order_relaxed));
}
void set_stderr(bool on) {
  g_stderr = on;
}
void set_timestamps(bool on) {
  g_timestamps = on;
}

int add_record_sink(RecordSink sink, Level verbosity) {
  std::lock_guard lock(g_mutex);
  int id = g_next_sink++;
  sinks().emplace(id, SinkEntry{std::move(sink), verbosity});
  update_verbosity();
  return id;
}

int add_sink(Sink sink) {
  return add_record_sink(
      [sink = std::move(sink)](const Record& r) { sink(r.level, r.subsystem, r.text); });
}

void remove_sink(int id) {
  SinkEntry removed;  // dies after the lock is released: what a sink owns may log when freed
  std::lock_guard lock(g_mutex);
  if (auto it = sinks().find(id); it != sinks().end()) {
    removed = std::move(it->second);
    sinks().erase(it);
  }
  update_verbosity();
}

void write(Level lv, std::string_view sub, std::string_view message) {
  write_context(current_context(), lv, sub, message);
}

void write_context(const Context* context, Level lv, std::string_view sub,
                   std::string_view message) {
  std::string with_prefix;
  std::string_view text = message;
  if (context) {
    with_prefix = prefix(*context);
    if (!with_prefix.empty()) {
      with_prefix += message;
      text = with_prefix;
    }
  }
  std::lock_guard lock(g_mutex);
  Level daemon_level = level();
  if (g_stderr && within(lv, daemon_level)) print_line(lv, sub, text);
  if (!g_have_sinks) return;
  Record record{lv, sub, text, context};
  for (auto& [id, entry] : sinks()) {
    if (within(lv, daemon_level) || within(lv, entry.verbosity)) entry.sink(record);
  }
}

}  // namespace oakley::log
