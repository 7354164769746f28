// Arbitrary text into the swanctl.conf loader: the lexer, references, every value parser and the
// validation must reject anything without crashing, hanging or leaking. Includes are off: the
// fuzzer must not read the file system.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

namespace {

// Printing walks what the loader built, so a half-initialised model would show up here too.
std::size_t touch(const oakley::config::Config& config) {
  std::size_t n = 0;
  for (const auto& c : config.connections) {
    n += oakley::config::to_string(c.proposals).size();
    for (const auto& a : c.remote_addrs)
      n += a.to_string().size();
    for (const auto& r : c.local)
      n += r.id.to_string().size();
    for (const auto& r : c.remote)
      n += r.id.to_string().size();
    for (const auto& ch : c.children) {
      n += oakley::config::to_string(ch.esp_proposals).size();
      for (const auto& ts : ch.local_ts)
        n += ts.to_string().size();
      for (const auto& ts : ch.remote_ts)
        n += ts.to_string().size();
    }
  }
  for (const auto& p : config.pools)
    n += p.size() & 1;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  oakley::config::LoadOptions options;
  options.allow_includes = false;
  auto config = oakley::config::load_string(text, "fuzz.conf", options);
  if (config.ok()) {
    volatile std::size_t sink = touch(*config);
    (void)sink;
  }
  return 0;
}
