// IKEv1 traps without one peer: see support/trap_scenario.hpp.
#include "support/trap_scenario.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using Trap = test_support::TrapScenario<Peer>;

TEST_F(Trap, AnyPeerInitiatesToThePacketsDestination) {
  expect_any_peer_initiates_to_the_packets_destination(1);
}

TEST_F(Trap, ARangeOfPeersInitiatesToADestinationInside) {
  expect_a_range_initiates_to_a_destination_inside(1);
}

TEST_F(Trap, ADestinationOutsideRemoteAddrsIsNotInitiated) {
  expect_no_initiation_outside_remote_addrs(1);
}

TEST_F(Trap, TwoChildrenHitWhileTheSaComesUpBothComeUpOnce) {
  expect_two_children_hit_while_the_sa_comes_up(1);
}

}  // namespace
}  // namespace oakley::ikev1::testing
