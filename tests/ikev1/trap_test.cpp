// start_action = trap on a connection without one peer (remote_addrs %any, a subnet or a range):
// as charon, an acquire starts Main Mode to the destination of the packet that hit the trap, when
// remote_addrs holds it, and an ISAKMP SA with that peer is reused rather than doubled.
#include <algorithm>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using namespace std::chrono_literals;

TrafficSelector host(const char* address) {
  return TrafficSelector::from_prefix(*IpAddress::parse(address), 32);
}

class Trap : public TwoEngines {
 protected:
  // left traps 192.0.2.1 === 192.0.2.0/24 with `remote_addrs`; right (192.0.2.2) answers it.
  void start_trap(const std::string& remote_addrs) {
    test_support::SideOptions o;
    o.local_ts = "192.0.2.1/32";
    o.remote_ts = "192.0.2.0/24";
    auto r = test_support::side_config(1, false, o);
    o.extra_child = "start_action = trap";
    auto l = test_support::side_config(1, true, o);
    l.replace(l.find("remote_addrs = 192.0.2.2"), 24, "remote_addrs = " + remote_addrs);
    start(l, r);
    auto policies = left->backend.policies();
    auto trap = std::find_if(policies.begin(), policies.end(), [](const auto& p) {
      return p.action == dataplane::PolicyAction::kTrap;
    });
    ASSERT_NE(trap, policies.end()) << "no trap policy";
    trap_reqid_ = trap->reqid;
  }
  // The trapped packet 192.0.2.1 -> `destination`, as the data plane reports it.
  void acquire(const char* destination) {
    left->engine->on_dataplane_event(
        dataplane::AcquireEvent{trap_reqid_, host("192.0.2.1"), host(destination)});
    settle(2s);
  }

 private:
  std::uint32_t trap_reqid_ = 0;
};

TEST_F(Trap, AnyPeerInitiatesToThePacketsDestination) {
  start_trap("%any");
  acquire("192.0.2.2");
  ASSERT_EQ(left->installed_children(), 1u) << logs_text();
  EXPECT_EQ(right->installed_children(), 1u);
  EXPECT_EQ(left->sas().at(0).remote, "192.0.2.2[500]");
  EXPECT_TRUE(log_contains("initiating to the destination 192.0.2.2"));
  // Another packet to the same peer: the SA that is up already carries the IPsec SA.
  acquire("192.0.2.2");
  EXPECT_EQ(left->engine->ike_sa_count(), 1u);
  EXPECT_EQ(left->installed_children(), 1u);
  EXPECT_EQ(left->engine->stats().acquires, 2u);
}

TEST_F(Trap, ARangeOfPeersInitiatesToADestinationInside) {
  start_trap("192.0.2.2-192.0.2.9");
  acquire("192.0.2.2");
  EXPECT_EQ(left->installed_children(), 1u) << logs_text();
}

TEST_F(Trap, ADestinationOutsideRemoteAddrsIsNotInitiated) {
  start_trap("192.0.2.128/25");
  acquire("192.0.2.2");
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  EXPECT_EQ(right->engine->ike_sa_count(), 0u);
  EXPECT_TRUE(log_contains("destination 192.0.2.2 is not in remote_addrs")) << logs_text();
}

}  // namespace
}  // namespace oakley::ikev1::testing
