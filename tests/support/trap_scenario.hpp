// start_action = trap on a connection without one peer (remote_addrs %any, a subnet or a range),
// for the trap tests of both IKE versions: as charon, an acquire initiates to the destination of
// the packet that hit the trap when remote_addrs holds it, and an SA with that peer is reused
// rather than doubled. Left (192.0.2.1) traps 192.0.2.1 === 192.0.2.0/24; right (192.0.2.2)
// answers.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "support/test_config.hpp"
#include "support/two_engines.hpp"

namespace oakley::test_support {

template <class PeerT>
class TrapScenario : public TwoEnginesTest<PeerT> {
 protected:
  void start_trap(int version, const std::string& remote_addrs) {
    SideOptions o;
    o.local_ts = "192.0.2.1/32";
    o.remote_ts = "192.0.2.0/24";
    auto r = side_config(version, false, o);
    o.extra_child = "start_action = trap";
    auto l = side_config(version, true, o);
    l.replace(l.find("remote_addrs = 192.0.2.2"), 24, "remote_addrs = " + remote_addrs);
    this->start(l, r);
    auto policies = this->left->backend.policies();
    auto trap = std::find_if(policies.begin(), policies.end(), [](const auto& p) {
      return p.action == dataplane::PolicyAction::kTrap;
    });
    ASSERT_NE(trap, policies.end()) << "no trap policy";
    trap_reqid_ = trap->reqid;
  }

  // The trapped packet 192.0.2.1 -> `destination`, as the data plane reports it.
  void acquire(const char* destination) {
    auto host = [](const char* a) {
      return TrafficSelector::from_prefix(*IpAddress::parse(a), 32);
    };
    this->left->engine->on_dataplane_event(
        dataplane::AcquireEvent{trap_reqid_, host("192.0.2.1"), host(destination)});
    this->settle(std::chrono::seconds(2));
  }

  void expect_any_peer_initiates_to_the_packets_destination(int version) {
    start_trap(version, "%any");
    acquire("192.0.2.2");
    ASSERT_EQ(this->left->installed_children(), 1u) << this->logs_text();
    EXPECT_EQ(this->right->installed_children(), 1u);
    EXPECT_EQ(this->left->sas().at(0).remote, "192.0.2.2[500]");
    EXPECT_TRUE(this->log_contains("initiating to the destination"));
    // Another packet to the same peer: the SA that is up already carries the child.
    acquire("192.0.2.2");
    EXPECT_EQ(this->left->engine->ike_sa_count(), 1u);
    EXPECT_EQ(this->left->installed_children(), 1u);
    EXPECT_EQ(this->left->engine->stats().acquires, 2u);
  }

  void expect_a_range_initiates_to_a_destination_inside(int version) {
    start_trap(version, "192.0.2.2-192.0.2.9");
    acquire("192.0.2.2");
    EXPECT_EQ(this->left->installed_children(), 1u) << this->logs_text();
  }

  void expect_no_initiation_outside_remote_addrs(int version) {
    start_trap(version, "192.0.2.128/25");
    acquire("192.0.2.2");
    EXPECT_EQ(this->left->engine->ike_sa_count(), 0u);
    EXPECT_EQ(this->right->engine->ike_sa_count(), 0u);
    EXPECT_TRUE(this->log_contains("destination 192.0.2.2 is not in remote_addrs"))
        << this->logs_text();
  }

  // Two trapped children of a connection with one peer, hit one right after the other: the first
  // acquire starts the IKE SA, the second must ride on it rather than be dropped because an SA
  // is under way, or start a second one; each child comes up once.
  void expect_two_children_hit_while_the_sa_comes_up(int version) {
    SideOptions o;
    o.more_children =
        "net2 {\n local_ts = 10.1.1.0/24\n remote_ts = 10.2.1.0/24\n"
        " start_action = trap\n }";
    auto r = side_config(version, false, o);
    r.replace(r.find("local_ts = 10.1.1.0/24"), 22, "local_ts = 10.2.1.0/24");
    r.replace(r.find("remote_ts = 10.2.1.0/24"), 23, "remote_ts = 10.1.1.0/24");
    r.replace(r.find(" start_action = trap"), 20, "");
    o.extra_child = "start_action = trap";
    this->start(side_config(version, true, o), r);
    auto to_net = TrafficSelector::from_prefix(*IpAddress::parse("10.2.0.1"), 32);
    auto to_net2 = TrafficSelector::from_prefix(*IpAddress::parse("10.2.1.1"), 32);
    std::uint32_t reqid = 0, reqid2 = 0;
    for (const auto& p : this->left->backend.policies()) {
      if (p.action != dataplane::PolicyAction::kTrap) continue;
      (p.remote_ts.contains(to_net) ? reqid : reqid2) = p.reqid;
    }
    ASSERT_NE(reqid, 0u);
    ASSERT_NE(reqid2, 0u);
    auto from = [](const char* a) {
      return TrafficSelector::from_prefix(*IpAddress::parse(a), 32);
    };
    this->left->engine->on_dataplane_event(
        dataplane::AcquireEvent{reqid, from("10.1.0.1"), to_net});
    this->left->engine->on_dataplane_event(
        dataplane::AcquireEvent{reqid2, from("10.1.1.1"), to_net2});
    // The same packet again, before anything is up: nothing doubles.
    this->left->engine->on_dataplane_event(
        dataplane::AcquireEvent{reqid, from("10.1.0.1"), to_net});
    this->settle(std::chrono::seconds(3));
    EXPECT_EQ(this->left->engine->ike_sa_count(), 1u) << this->logs_text();
    EXPECT_EQ(this->left->installed_children(), 2u) << this->logs_text();
    EXPECT_EQ(this->right->installed_children(), 2u);
  }

 private:
  std::uint32_t trap_reqid_ = 0;
};

}  // namespace oakley::test_support
