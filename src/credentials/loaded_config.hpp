// LoadedConfig: a configuration together with the certificates and keys it names, loaded together
// (credentials::load_config) and swapped together on reload. This is what the daemon and the
// engines hold, as shared_ptr<const LoadedConfig>; every SA keeps the snapshot it was made with.
// The pairing lives here, not in config::Config, because the config layer sits below this one
// and must not know about certificates.
#pragma once

#include <memory>
#include <utility>

#include "config/config.hpp"

namespace oakley::credentials {

class Store;

struct LoadedConfig : config::Config {
  LoadedConfig() = default;
  explicit LoadedConfig(config::Config config, std::shared_ptr<const Store> store = nullptr)
      : config::Config(std::move(config)), credentials(std::move(store)) {}

  // null when the text was loaded without credentials (text-only test configurations, oakload).
  std::shared_ptr<const Store> credentials;
};

}  // namespace oakley::credentials
