// oakctl's command line → the control request to send. Parsing only: no I/O, so it is tested alone.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/json_access.hpp"

namespace oakley::cli {

inline constexpr const char* kDefaultControlPath = "/run/oakley/oakley.ctl";

struct Invocation {
  std::string control_path;
  std::string command;  // the control protocol's command name
  Json args = Json::object();
  bool json_output = false;
  // How long to wait for the daemon's final answer; nullopt waits for ever (trace).
  std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds(30);
};

struct ParsedArgs {
  std::optional<Invocation> invocation;  // set when a request should be sent
  int exit_code = 0;                     // otherwise: 0 after --help, 2 for a usage error
  std::string output;                    // the help text or the usage error
};

// `args` excludes the program name. `default_control` is $OAKLEY_CONTROL or kDefaultControlPath.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::string& default_control);

}  // namespace oakley::cli
