#include "common/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>

namespace oakley::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<bool> g_stderr{true};
std::atomic<bool> g_timestamps{false};
std::atomic<bool> g_have_sinks{false};
std::mutex g_mutex;  // serialises stderr lines and guards the sink table
std::map<int, Sink>& sinks() {
  static std::map<int, Sink> table;
  return table;
}
int g_next_sink = 1;

constexpr std::string_view kNames[] = {"error", "warn", "info", "debug", "trace"};

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
  g_level = static_cast<int>(l);
}
Level level() {
  return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
void set_stderr(bool on) {
  g_stderr = on;
}
void set_timestamps(bool on) {
  g_timestamps = on;
}

int add_sink(Sink sink) {
  std::lock_guard lock(g_mutex);
  int id = g_next_sink++;
  sinks().emplace(id, std::move(sink));
  g_have_sinks = true;
  return id;
}

void remove_sink(int id) {
  std::lock_guard lock(g_mutex);
  sinks().erase(id);
  g_have_sinks = !sinks().empty();
}

void write(Level lv, std::string_view sub, std::string_view message) {
  std::lock_guard lock(g_mutex);
  if (g_stderr) {
    if (g_timestamps) {
      auto now = std::chrono::system_clock::now().time_since_epoch();
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
      fmt::print(stderr, "{}.{:03d} ", ms / 1000, static_cast<int>(ms % 1000));
    }
    fmt::print(stderr, "{:<5} [{}] {}\n", level_name(lv), sub, message);
    std::fflush(stderr);
  }
  if (g_have_sinks) {
    for (auto& [id, sink] : sinks())
      sink(lv, sub, message);
  }
}

}  // namespace oakley::log
