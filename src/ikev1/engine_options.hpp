// The IKEv1 engine's settings that are not configuration: what tests, the fuzz harness and the
// daemon choose when they build an engine. Its own header so that the exchanges can read them
// (ExchangeContext::options()) without seeing the engine.
#pragma once

#include <chrono>
#include <cstddef>

#include "common/timer_service.hpp"

namespace oakley::ikev1 {

struct EngineOptions {
  // Install IPsec SAs and policies into the data plane.
  bool install_children = true;
  // Run start_action=start/trap of version = 1 connections when a config is applied.
  bool run_start_actions = true;
  std::size_t nonce_size = 32;
  // Announce Cisco Unity (peers then expect Unity Mode Config attributes).
  bool send_unity_vid = false;
  // A completed Quick Mode is kept this long to answer a retransmitted QM2 with QM3 again.
  Duration quick_mode_linger = std::chrono::seconds(30);
};

}  // namespace oakley::ikev1
