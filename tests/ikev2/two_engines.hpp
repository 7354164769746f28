// Two IKEv2 engines in one process: the shared two-engine harness (tests/support/two_engines.hpp:
// fake network, hand-driven clock, inline crypto work, recording data planes) for ikev2::Engine.
#pragma once

#include <string>

#include "ikev2/engine.hpp"
#include "support/two_engines.hpp"

namespace oakley::ikev2::testing {

using test_support::Datagram;
using test_support::FakeNet;
using test_support::FakeSender;

using Peer = test_support::EnginePeer<Engine, EngineDeps, EngineOptions>;
using TwoEngines = test_support::TwoEnginesTest<Peer>;

// A config for one side of the standard net-to-net test tunnel; `extra_conn` goes into the
// connection, `extra_child` into the child, `extra_top` after the secrets.
inline std::string side_config(bool left,
                               const std::string& proposals = "aes128gcm16-prfsha256-x25519",
                               const std::string& esp = "aes128gcm16",
                               const std::string& extra_conn = "",
                               const std::string& extra_child = "",
                               const std::string& psk = "test-psk-0123456789",
                               const std::string& extra_top = "") {
  test_support::SideOptions o;
  o.proposals = proposals;
  o.esp = esp;
  o.extra_conn = extra_conn;
  o.extra_child = extra_child;
  o.psk = psk;
  o.extra_top = extra_top;
  return test_support::side_config(2, left, o);
}

}  // namespace oakley::ikev2::testing
