// oakley's configuration: swanctl.conf (strongSwan's syntax and key names) plus an "oakley { }"
// section for the daemon. load_file()/load_string() read, validate and derive everything before
// returning: a file with any error returns every error found, each with file:line, and no partial
// model, so a reload applies a new file only when all of it is valid. The result is immutable;
// the daemon holds it as shared_ptr<const Config> and SAs keep pointers into it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "config/authorities.hpp"
#include "config/connection.hpp"
#include "config/daemon_settings.hpp"
#include "config/pools.hpp"
#include "config/secrets.hpp"

namespace oakley::config {

struct Config {
  DaemonSettings daemon;
  std::vector<Connection> connections;  // in file order
  std::vector<SharedSecret> secrets;
  std::vector<PrivateKeyPassphrase> key_passphrases;
  std::vector<Pool> pools;
  std::vector<Authority> authorities;
  std::vector<std::string> files;  // the main file and every included one, in reading order
  // The certificates and keys the connections name are not here: credentials::LoadedConfig pairs
  // a Config with them (the credentials layer sits above this one).
  // "<file:line>: ..." for what loads but deserves the operator's attention (weak algorithms); the
  // daemon logs them on every load.
  std::vector<std::string> warnings;

  const Connection* find_connection(std::string_view name) const;
  const Pool* find_pool(std::string_view name) const;
  // The PSK for an IKE SA between these identities (strongSwan's choice), or nullptr.
  const SharedSecret* ike_secret(const Identity& local, const Identity& remote) const;
};

struct LoadOptions {
  bool allow_includes = true;  // off for untrusted text (the fuzzer)
};

Result<Config> load_file(const std::string& path, const LoadOptions& options = {});
// `name` stands for the file name in messages; relative includes resolve against its folder.
Result<Config> load_string(std::string_view text, const std::string& name,
                           const LoadOptions& options = {});
// Convenience for the daemon: the same, already shared.
Result<std::shared_ptr<const Config>> load_shared(const std::string& path);

}  // namespace oakley::config
