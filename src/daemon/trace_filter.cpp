#include "daemon/trace_filter.hpp"

#include <fmt/format.h>

namespace oakley::daemon {
namespace {

Result<std::string> string_arg(const control::Json& args, const char* key) {
  const auto& value = args.at(key);
  if (!value.is_string() || value.get<std::string>().empty())
    return make_error(fmt::format("trace: {} must be a non-empty string", key));
  return value.get<std::string>();
}

}  // namespace

Result<log::Filter> trace_filter(const control::Json& args, log::Level daemon_level) {
  if (!args.is_object()) return make_error("trace: args must be an object");
  log::Filter filter;
  filter.level = daemon_level;
  for (const auto& [key, value] : args.items()) {
    if (key != "level" && key != "connection" && key != "peer")
      return make_error(
          fmt::format("trace: unknown argument '{}' (known: level, connection, peer)", key));
  }
  if (args.contains("level")) {
    auto text = string_arg(args, "level");
    if (!text || !log::parse_level(*text, filter.level))
      return make_error("level must be one of error, warn, info, debug, trace");
  }
  if (args.contains("connection")) {
    auto name = string_arg(args, "connection");
    if (!name) return name.take_error();
    filter.connection = *name;
  }
  if (args.contains("peer")) {
    auto text = string_arg(args, "peer");
    if (!text) return text.take_error();
    filter.peer = IpAddress::parse(*text);
    if (!filter.peer)
      return make_error(fmt::format("trace: peer '{}' is not an IP address", *text));
  }
  return filter;
}

std::string describe_trace(const log::Filter& filter) {
  std::string what = fmt::format("tracing {} lines", log::level_name(filter.level));
  if (!filter.connection.empty()) what += fmt::format(" of connection {}", filter.connection);
  if (filter.peer) {
    what += fmt::format("{} peer {}", filter.connection.empty() ? " of" : " with",
                        filter.peer->to_string());
  }
  return what;
}

}  // namespace oakley::daemon
