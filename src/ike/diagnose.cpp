#include "ike/diagnose.hpp"

#include <fmt/format.h>

namespace oakley::ike {

void Diagnostics::note_failure(const std::string& connection, const std::string& why) {
  if (known_ && !known_->contains(connection)) return;
  last_failure_[connection] = why;
}

void Diagnostics::keep_only(const config::Config& config) {
  known_.emplace();
  for (const auto& c : config.connections)
    known_->insert(c.name);
  std::erase_if(last_failure_, [&](const auto& entry) { return !known_->contains(entry.first); });
}

void Diagnostics::note_success(const std::string& connection) {
  last_failure_.erase(connection);
}

std::vector<std::string> Diagnostics::report(const config::Config& config,
                                             std::string_view connection,
                                             const EngineFindings& engine) const {
  Findings out;
  const auto* conn = config.find_connection(connection);
  if (!conn) {
    out.push_back(
        fmt::format("error: no connection named '{}' in the loaded configuration", connection));
    return out;
  }
  if (engine.version && !engine.version(*conn, out)) return out;
  if (!conn->can_initiate()) {
    out.push_back("info: remote_addrs names no single host: this side can only respond");
  }
  if (engine.configuration) engine.configuration(*conn, out);
  if (conn->children.empty()) out.push_back("warning: the connection has no children");
  bool any_sa = engine.sas && engine.sas(*conn, out);
  auto failure = last_failure_.find(connection);
  if (failure != last_failure_.end())
    out.push_back("error: last attempt failed: " + failure->second);
  if (!any_sa && failure == last_failure_.end()) {
    out.push_back(fmt::format(
        "info: no {} exists; start it with `oakctl initiate {}` or by traffic if a child has "
        "start_action = trap",
        engine.sa_name, connection));
  }
  if (engine.evidence) engine.evidence(*conn, out);
  return out;
}

}  // namespace oakley::ike
