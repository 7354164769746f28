// load, stats, log-level, diagnose, version.
#include <fmt/format.h>

#include "common/log.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon.hpp"
#include "daemon/stats_json.hpp"
#include "ike/diagnosis/finding.hpp"

#ifndef OAKLEY_VERSION
#define OAKLEY_VERSION "0.0.0"
#endif

namespace oakley::daemon {

using control::Json;
using control::ReplyPtr;

namespace {

void load(Daemon& daemon, const ReplyPtr& reply) {
  if (auto st = daemon.reload(); !st) {
    return reply->fail(fmt::format("{} not loaded, the running configuration is kept:\n{}",
                                   daemon.config_path(), st.error().message));
  }
  const auto& config = daemon.engines().config();
  reply->ok(
      {{"message", fmt::format("loaded {}: {} connection(s), {} secret(s)", daemon.config_path(),
                               config.connections.size(), config.secrets.size())}});
}

void set_log_level(const Json& args, const ReplyPtr& reply) {
  log::Level level;
  if (!log::parse_level(args.value("level", std::string()), level)) {
    return reply->fail("level must be one of error, warn, info, debug, trace");
  }
  if (args.contains("subsystem")) {
    return reply->fail("per-subsystem log levels are not supported; omit the subsystem");
  }
  log::set_level(level);
  reply->ok({{"message", fmt::format("log level is now {}", log::level_name(level))}});
}

// An engine's finding line (ike/diagnosis/finding.hpp) as JSON: severity and text as always,
// and what it rests on, what to do and its stable code when the rules named them.
Json finding(std::string_view line) {
  auto f = ike::diagnosis::parse_line(line);
  return {{"severity", ike::diagnosis::severity_name(f.severity)},
          {"text", f.text},
          {"code", f.code.empty() ? Json(nullptr) : Json(f.code)},
          {"evidence", f.evidence},
          {"fix", f.fix.empty() ? Json(nullptr) : Json(f.fix)}};
}

void diagnose(Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  auto connection = args.value("connection", std::string());
  if (connection.empty()) return reply->fail("diagnose needs a connection");
  bool up = false;
  for (const auto& sa : daemon.engines().list_sas()) {
    up = up || (sa.connection == connection && sa.state == "ESTABLISHED");
  }
  Json findings = Json::array();
  for (const auto& line : daemon.engines().diagnose(connection))
    findings.push_back(finding(line));
  reply->ok({{"connection", connection}, {"state", up ? "up" : "down"}, {"findings", findings}});
}

}  // namespace

void register_admin_commands(control::Server& server, Daemon& daemon) {
  server.register_command("load", [&daemon](const Json&, ReplyPtr reply) { load(daemon, reply); });
  server.register_command(
      "stats", [&daemon](const Json&, ReplyPtr reply) { reply->ok(stats_json(daemon)); });
  server.register_command("log-level",
                          [](const Json& args, ReplyPtr reply) { set_log_level(args, reply); });
  server.register_command(
      "diagnose", [&daemon](const Json& args, ReplyPtr reply) { diagnose(daemon, args, reply); });
  server.register_command("version", [](const Json&, ReplyPtr reply) {
    reply->ok({{"version", OAKLEY_VERSION}});
  });
}

}  // namespace oakley::daemon
