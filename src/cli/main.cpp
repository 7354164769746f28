// oakctl: the operator's tool. Everything but signal set-up lives in oakctl.cpp.
#include <signal.h>

#include <cstdlib>
#include <iostream>

#include "cli/args.hpp"
#include "cli/oakctl.hpp"

namespace {

volatile sig_atomic_t g_interrupted = 0;

void on_interrupt(int) {
  g_interrupted = 1;
}

// Ctrl-C ends `trace` cleanly (exit 0) instead of killing us mid-line. No SA_RESTART: the
// client's poll() returns at once.
void catch_interrupt() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
  catch_interrupt();
  const char* env_control = std::getenv("OAKLEY_CONTROL");
  oakley::cli::Environment env{
      std::cout, std::cerr,
      env_control && *env_control ? env_control : oakley::cli::kDefaultControlPath,
      [] { return g_interrupted != 0; }};
  return oakley::cli::run({argv + 1, argv + argc}, env);
}
