#include "config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/file_permissions.hpp"
#include "common/secret.hpp"
#include "config/loaders.hpp"
#include "config/settings_parser.hpp"
#include "config/suggest.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kTopSections = {"connections", "secrets", "pools", "oakley",
                                               "authorities"};

void check_top_level(const SettingsTree& tree, ErrorList& errors) {
  for (const auto& v : tree.root.values) {
    errors.add(v.location, fmt::format("key '{}' outside of any section (swanctl.conf keys "
                                       "live in connections, secrets, pools, authorities or "
                                       "oakley)",
                                       v.key));
  }
  for (const auto& s : tree.root.sections) {
    bool known = std::find(kTopSections.begin(), kTopSections.end(), s.name) != kTopSections.end();
    if (known || tree.referenced.count(s.name)) continue;  // referenced: a template section
    errors.add(s.location, fmt::format("unknown section '{}' at top level{} (expected "
                                       "connections, secrets, pools, authorities or oakley)",
                                       s.name, did_you_mean(s.name, kTopSections)));
  }
}

Config build(SettingsTree& tree, ErrorList& errors) {
  Config config;
  config.files = tree.files;
  check_top_level(tree, errors);
  const SettingsSection& root = tree.root;
  if (const auto* s = root.section("oakley")) config.daemon = load_daemon_settings(*s, errors);
  if (const auto* s = root.section("secrets")) load_secrets(*s, errors, config);
  if (const auto* s = root.section("pools")) config.pools = load_pools(*s, errors);
  if (const auto* s = root.section("authorities"))
    config.authorities = load_authorities(*s, errors);
  if (const auto* s = root.section("connections")) {
    SectionReader r(*s, "the connections section", errors, {});
    r.check_keys();
    for (const auto& conn : s->sections) {
      config.connections.push_back(load_connection(conn, config.daemon, errors));
    }
  }
  cross_check(config, errors);
  return config;
}

// Secret values were copied into SecretBytes; the tree's plain copies go away wiped.
void wipe_secrets(SettingsSection& s) {
  for (auto& v : s.values) {
    if (v.key == "secret" || v.key == "pin") secure_wipe(v.value.data(), v.value.size());
  }
  for (auto& sub : s.sections)
    wipe_secrets(sub);
}

// Every file a secret was read from, once, at each load: the operator sees the warning again on
// every reload until the mode is fixed.
void warn_about_exposed_secret_files(const Config& config) {
  std::set<std::string> files;
  for (const auto& s : config.secrets)
    files.insert(s.location.file);
  for (const auto& p : config.key_passphrases)
    files.insert(p.location.file);
  for (const auto& f : files)
    warn_if_secret_file_exposed(f, "configuration file with secrets");
}

Result<Config> finish(Result<SettingsTree> tree) {
  if (!tree) return tree.take_error();
  ErrorList errors;
  Config config = build(tree.value(), errors);
  wipe_secrets(tree.value().root);
  if (!errors.empty()) return errors.to_error();
  warn_about_exposed_secret_files(config);
  config.warnings = errors.warnings();
  return config;
}

}  // namespace

const Connection* Config::find_connection(std::string_view name) const {
  for (const auto& c : connections) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const Pool* Config::find_pool(std::string_view name) const {
  for (const auto& p : pools) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const SharedSecret* Config::ike_secret(const Identity& local, const Identity& remote) const {
  return best_ike_secret(secrets, local, remote);
}

Result<Config> load_file(const std::string& path, const LoadOptions& options) {
  ParseOptions parse;
  parse.allow_includes = options.allow_includes;
  return finish(parse_settings_file(path, parse));
}

Result<Config> load_string(std::string_view text, const std::string& name,
                           const LoadOptions& options) {
  ParseOptions parse;
  parse.allow_includes = options.allow_includes;
  return finish(parse_settings_string(text, name, parse));
}

Result<std::shared_ptr<const Config>> load_shared(const std::string& path) {
  auto config = load_file(path);
  if (!config) return config.take_error();
  return std::shared_ptr<const Config>(std::make_shared<Config>(std::move(config).value()));
}

}  // namespace oakley::config
