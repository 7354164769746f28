// How an IKEv2 engine is set up by its owner (the daemon, oakload, tests); exchanges read it
// through their ExchangeContext.
#pragma once

#include <cstddef>

namespace oakley::ikev2 {

struct EngineOptions {
  // Install CHILD_SAs and policies into the data plane (the load generator turns this off).
  bool install_children = true;
  // Run start_action=start/trap when a config is applied.
  bool run_start_actions = true;
  std::size_t nonce_size = 32;
};

}  // namespace oakley::ikev2
