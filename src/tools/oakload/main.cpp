// oakload: the IKEv2 load generator (see README.md, "Load generator").
//   oakload --remote 192.0.2.2 --count 1000 --concurrency 100 --psk SECRET [--json] ...
#include <cstdio>
#include <string>
#include <vector>

#include "tools/oakload/load_app.hpp"
#include "tools/oakload/options.hpp"

int main(int argc, char** argv) {
  using namespace oakley::oakload;
  auto parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.options) {
    std::fputs(parsed.output.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  return run_load(*parsed.options);
}
