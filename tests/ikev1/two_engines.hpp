// Two IKEv1 engines in one process: the shared two-engine harness (tests/support/two_engines.hpp:
// fake network, hand-driven clock, inline crypto work, recording data planes) for ikev1::Engine,
// plus what only IKEv1 tests need.
#pragma once

#include <string>

#include "ikev1/engine.hpp"
#include "support/two_engines.hpp"
#include "wire/ikev1/message.hpp"

namespace oakley::ikev1::testing {

using test_support::Datagram;
using test_support::expect_mirrored_child;
using test_support::FakeNet;
using test_support::FakeSender;
using test_support::SideOptions;

// RecordingBackend hands out the same SPIs on both sides; IKEv1 KEYMAT depends on the SPI, so the
// right side skips 16 to keep the two directions' keys apart, and a second client (side 2) skips
// 32 so that no two clients' SAs share an SPI on the right side.
// (The shared fixture passes a skip count of 0; this side's own rule replaces it.)
struct Peer : test_support::EnginePeer<Engine, EngineDeps, EngineOptions> {
  Peer(FakeNet& net, int side, IpAddress addr, TimerHeap& timers, const std::string& config_text,
       EngineOptions options = {}, int /*skip_spis*/ = 0,
       std::shared_ptr<credentials::RevocationFetcher> fetcher = nullptr,
       NameResolver* resolver = nullptr)
      : EnginePeer(net, side, addr, timers, config_text, options,
                   side == 1   ? 16
                   : side == 2 ? 32
                               : 0,
                   std::move(fetcher), resolver) {}
};

// The ISAKMP header of a datagram (exchange type, message ID, flags) for filters.
wire::ikev1::Header header_of(const Datagram& d);

// One side of the standard net-to-net IKEv1 test tunnel (connection "t", child "net").
inline std::string side_config(bool left, const SideOptions& o = {}) {
  return test_support::side_config(1, left, o);
}

class TwoEngines : public test_support::TwoEnginesTest<Peer> {
 protected:
  using TwoEnginesTest::start;
  void start(const SideOptions& both) { start(side_config(true, both), side_config(false, both)); }
};

}  // namespace oakley::ikev1::testing
