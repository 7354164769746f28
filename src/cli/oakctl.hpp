// oakctl's logic, apart from main() so tests can run it against an in-process server.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace oakley::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitRefused = 1,  // the daemon said no, or the command did not succeed (initiate timed out)
  kExitUsage = 2,
  kExitNoDaemon = 3,  // cannot connect to the control socket
};

struct Environment {
  std::ostream& out;
  std::ostream& err;
  std::string default_control;        // $OAKLEY_CONTROL, else kDefaultControlPath
  std::function<bool()> interrupted;  // Ctrl-C was pressed
};

// `args` excludes the program name. Never throws.
int run(const std::vector<std::string>& args, const Environment& env);

}  // namespace oakley::cli
