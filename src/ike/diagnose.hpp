// `oakctl diagnose CONN`: why a connection is not up, in words, one finding a line ("error: ...",
// "warning: ...", "info: ...", "ok: ..."). Written once for both versions: the report's order,
// the findings about the configuration that do not depend on the version, and the failures the
// engines saw. Each engine owns one Diagnostics, feeds it what goes wrong, and adds only what it
// alone can check (its version's authentication and proposals, the state of its SAs).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace oakley::ike {

using Findings = std::vector<std::string>;

class Diagnostics {
 public:
  // What an engine adds to the report of one connection; an empty hook adds nothing.
  struct EngineFindings {
    // How the report names the engine's SAs: "IKE SA", "ISAKMP SA".
    std::string_view sa_name;
    // Findings about the connection's IKE version, first; false: the connection is not this
    // engine's and the report ends there.
    std::function<bool(const config::Connection&, Findings&)> version;
    // Findings about authentication and proposals.
    std::function<void(const config::Connection&, Findings&)> configuration;
    // A line (or more) per SA of the connection; false: it has none.
    std::function<bool(const config::Connection&, Findings&)> sas;
    // Findings from what the engine saw on the wire (ike/diagnosis), last.
    std::function<void(const config::Connection&, Findings&)> evidence;
  };

  // The last attempt of `connection` failed (the newest reason is kept), or it came up.
  void note_failure(const std::string& connection, const std::string& why);
  void note_success(const std::string& connection);
  // After a (re)load: forgets the failures of connections `config` no longer has, and notes
  // none for them from now on (their SAs may still fail).
  void keep_only(const config::Config& config);

  std::vector<std::string> report(const config::Config& config, std::string_view connection,
                                  const EngineFindings& engine) const;

 private:
  std::map<std::string, std::string, std::less<>> last_failure_;  // per connection
  std::optional<std::set<std::string, std::less<>>> known_;       // keep_only()'s names
};

}  // namespace oakley::ike
