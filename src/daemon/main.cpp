// oakleyd: the IKE daemon. Runs in the foreground and logs to stderr (journald adds time stamps).
//   oakleyd --config FILE [--control SOCKET] [--log-level LEVEL]
#include <CLI/CLI.hpp>
#include <cstdio>

#include "common/log.hpp"
#include "daemon/daemon.hpp"

#ifndef OAKLEY_VERSION
#define OAKLEY_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace oakley;
  CLI::App app{"oakleyd: IKEv1/IKEv2 daemon with a userspace ESP data plane"};
  daemon::DaemonOptions options;
  std::string control, level_text;
  bool timestamps = false;
  app.add_option("-c,--config", options.config_path, "swanctl.conf-style configuration file")
      ->required();
  app.add_option("--control", control, "control socket path (overrides oakley.control_socket)");
  app.add_option("--log-level", level_text, "error, warn, info, debug or trace");
  app.add_flag("--timestamps", timestamps, "prefix log lines with the time");
  app.set_version_flag("--version", std::string("oakleyd ") + OAKLEY_VERSION);
  CLI11_PARSE(app, argc, argv);

  if (!control.empty()) options.control_socket = control;
  if (!level_text.empty()) {
    log::Level level;
    if (!log::parse_level(level_text, level)) {
      std::fprintf(stderr, "oakleyd: unknown log level '%s'\n", level_text.c_str());
      return 2;
    }
    options.log_level = level;
  }
  log::set_stderr(true);
  log::set_timestamps(timestamps);

  auto d = daemon::Daemon::create(std::move(options));
  if (!d) {
    std::fprintf(stderr, "oakleyd: %s\n", d.error().message.c_str());
    return 1;
  }
  (*d)->run();
  log::info("daemon", "oakleyd stopped");
  return 0;
}
