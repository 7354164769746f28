// ike::ChildManager: what both engines do with their children apart from negotiating them. The
// engine tests cover it end to end; these pin the rules both versions rely on: which engine a
// connection belongs to, reqid naming, start and trap actions, and event routing.
#include "ike/child_manager.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.hpp"
#include "support/recording_backend.hpp"

namespace oakley::ike {
namespace {

namespace dp = dataplane;

Selectors net(const char* address, unsigned prefix) {
  return {TrafficSelector::from_prefix(IpAddress::parse(address).value(), prefix)};
}

// Connections of each version: "one" (IKEv1, a trap child with two selector pairs), "two"
// (IKEv2, a start child), "any" (version 0, a trap child) and "many" (IKEv2, any peer).
constexpr const char* kConfig = R"(connections {
  one {
    version = 1
    remote_addrs = 192.0.2.2
    local { auth = psk }
    remote { auth = psk }
    children {
      net {
        local_ts = 10.1.0.0/24, 10.3.0.0/24
        remote_ts = 10.2.0.0/24
        start_action = trap
      }
    }
  }
  two {
    version = 2
    remote_addrs = 192.0.2.3
    local { auth = psk }
    remote { auth = psk }
    children {
      net {
        local_ts = 10.1.0.0/24
        remote_ts = 10.4.0.0/24
        start_action = start
      }
    }
  }
  any {
    version = 0
    remote_addrs = 192.0.2.4
    local { auth = psk }
    remote { auth = psk }
    children {
      net {
        local_ts = 10.1.0.0/24
        remote_ts = 10.5.0.0/24
        start_action = trap
      }
    }
  }
  many {
    version = 2
    remote_addrs = %any
    local { auth = psk }
    remote { auth = psk }
    children {
      road {
        local_ts = 10.1.0.0/24
      }
    }
  }
}
secrets {
  ike-all {
    secret = "not-used-here"
  }
}
)";

class ChildManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = config::load_string(kConfig, "children.conf");
    ASSERT_TRUE(loaded) << loaded.error().message;
    config_ = std::move(*loaded);
  }
  ChildManager manager(config::IkeVersion engine, bool install = true) {
    return ChildManager(engine, backend_, reqids_, 64, nullptr, install);
  }
  const config::Connection& conn(std::string_view name) {
    const auto* c = config_.find_connection(name);
    EXPECT_NE(c, nullptr) << name;
    return *c;
  }

  config::Config config_;
  dp::RecordingBackend backend_;
  ReqidAllocator reqids_;
};

TEST_F(ChildManagerTest, EachConnectionBelongsToOneEngine) {
  auto v1 = manager(config::IkeVersion::kIkev1);
  auto v2 = manager(config::IkeVersion::kIkev2);
  EXPECT_TRUE(v1.serves(conn("one")));
  EXPECT_FALSE(v2.serves(conn("one")));
  for (auto name : {"two", "any", "many"}) {
    EXPECT_FALSE(v1.serves(conn(name))) << name;
    EXPECT_TRUE(v2.serves(conn(name))) << name;
  }
}

TEST_F(ChildManagerTest, EachSelectorPairHasItsOwnReqidName) {
  auto v1 = manager(config::IkeVersion::kIkev1);
  const auto& one = conn("one");
  const auto& net = one.children.front();
  auto first = v1.reqid_for(one, net);
  auto second = v1.reqid_for(one, net, 1);
  EXPECT_NE(first, second);
  EXPECT_EQ(v1.reqid_for(one, net, 0), first);
  ASSERT_TRUE(reqids_.lookup(first));
  EXPECT_EQ(reqids_.lookup(first)->second, "net");
  ASSERT_TRUE(reqids_.lookup(second));
  EXPECT_EQ(reqids_.lookup(second)->second, "net#2");
}

TEST_F(ChildManagerTest, ManyPeersGetAReqidPerSelectorSet) {
  auto v2 = manager(config::IkeVersion::kIkev2);
  const auto& many = conn("many");
  const auto& road = many.children.front();
  auto local = net("10.1.0.0", 24);
  auto peer = [](const char* address) { return net(address, 32); };
  auto a = v2.reqid_for_child(many, road, 0, local, peer("10.9.0.1"));
  auto b = v2.reqid_for_child(many, road, 0, local, peer("10.9.0.2"));
  EXPECT_NE(a, b);
  EXPECT_EQ(v2.reqid_for_child(many, road, 0, local, peer("10.9.0.1")), a);
  // One peer: one reqid per child, whatever was negotiated.
  const auto& two = conn("two");
  EXPECT_EQ(v2.reqid_for_child(two, two.children.front(), 0, local, peer("10.9.0.1")),
            v2.reqid_for(two, two.children.front()));
}

TEST_F(ChildManagerTest, StartActionsOfItsOwnConnectionsOnly) {
  for (auto engine : {config::IkeVersion::kIkev1, config::IkeVersion::kIkev2}) {
    SCOPED_TRACE(engine == config::IkeVersion::kIkev1 ? "IKEv1" : "IKEv2");
    dp::RecordingBackend backend;
    ChildManager m(engine, backend, reqids_, 64, nullptr, true);
    std::vector<std::string> initiated;
    m.run_start_actions(
        config_, [](const config::Connection&) { return false; },
        [&](const config::Connection& c) {
          initiated.push_back(c.name);
          return Status{};
        });
    std::vector<std::string> remote_nets;
    for (const auto& p : backend.policies()) {
      EXPECT_EQ(p.action, dp::PolicyAction::kTrap);
      remote_nets.push_back(p.remote_ts.to_string());
    }
    if (engine == config::IkeVersion::kIkev1) {
      EXPECT_TRUE(initiated.empty());
      EXPECT_EQ(remote_nets.size(), 2u);  // both selector pairs of one/net
      for (const auto& r : remote_nets)
        EXPECT_EQ(r, "10.2.0.0/24");
    } else {
      EXPECT_EQ(initiated, std::vector<std::string>{"two"});
      EXPECT_EQ(remote_nets, std::vector<std::string>{"10.5.0.0/24"});
    }
  }
}

TEST_F(ChildManagerTest, NoSecondIkeSaAndNoTrapsWithoutInstalling) {
  auto v2 = manager(config::IkeVersion::kIkev2, false);
  int initiated = 0;
  v2.run_start_actions(
      config_, [](const config::Connection&) { return true; },
      [&](const config::Connection&) {
        ++initiated;
        return Status{};
      });
  EXPECT_EQ(initiated, 0);
  EXPECT_TRUE(backend_.policies().empty());
  // Nor SPIs from the data plane: any random one from 256 up.
  auto spi = v2.allocate_spi();
  ASSERT_TRUE(spi);
  EXPECT_GE(*spi, 256u);
  EXPECT_TRUE(backend_.log().empty());
}

TEST_F(ChildManagerTest, RoutesAcquiresByVersionAndLimitsToBoth) {
  auto v1 = manager(config::IkeVersion::kIkev1);
  auto v2 = manager(config::IkeVersion::kIkev2);
  auto second_pair = v1.reqid_for(conn("one"), conn("one").children.front(), 1);
  struct Seen {
    std::vector<std::string> acquires, rekeys;
    int hard = 0;
  };
  auto handlers = [](Seen& seen) {
    ChildEventHandlers h;
    h.acquire = [&seen](const config::Connection& c, const std::string& child,
                        const dp::AcquireEvent&) { seen.acquires.push_back(c.name + "/" + child); };
    h.rekey = [&seen](const dp::SaId&, const char* why) { seen.rekeys.push_back(why); };
    h.hard_expire = [&seen](const dp::SaId&) { ++seen.hard; };
    return h;
  };
  Seen s1, s2;
  auto both = [&](const dp::Event& e) {
    v1.route(config_, e, handlers(s1));
    v2.route(config_, e, handlers(s2));
  };
  dp::AcquireEvent acq;
  acq.reqid = second_pair;
  both(acq);
  acq.reqid = v2.reqid_for(conn("any"), conn("any").children.front());
  both(acq);
  acq.reqid = 9999;  // no child of ours
  both(acq);
  dp::SaId sa{dp::Direction::kInbound, 0xc0000001, IpAddress::parse("192.0.2.2").value()};
  both(dp::SoftExpireEvent{sa, second_pair});
  both(dp::SequenceOverflowEvent{sa, second_pair, 1});
  both(dp::HardExpireEvent{sa, second_pair});
  EXPECT_EQ(s1.acquires, std::vector<std::string>{"one/net#2"});
  EXPECT_EQ(s2.acquires, std::vector<std::string>{"any/net"});
  for (const auto* s : {&s1, &s2}) {
    EXPECT_EQ(s->rekeys, (std::vector<std::string>{"soft byte/packet limit reached",
                                                   "sequence numbers running out"}));
    EXPECT_EQ(s->hard, 1);
  }
}

TEST_F(ChildManagerTest, UninstallLeavesTrapPoliciesOfATrapChild) {
  auto v1 = manager(config::IkeVersion::kIkev1);
  const auto& one = conn("one");
  ChildSa child;
  child.config = &one.children.front();
  child.reqid = v1.reqid_for(one, *child.config);
  child.spi_in = 0xc0000001;
  child.spi_out = 0x1234;
  child.local_ts = net("10.1.0.0", 24);
  child.remote_ts = net("10.2.0.0", 24);
  Endpoint local{IpAddress::parse("192.0.2.1").value(), 500};
  Endpoint remote{IpAddress::parse("192.0.2.2").value(), 500};
  auto placement = placement_of(child, local, remote);

  // Another SA of the reqid still carries the policies: they stay as they are.
  v1.uninstall(placement, true, true, &one);
  EXPECT_TRUE(backend_.policies().empty());
  // The last one: its policies go, the child's trap policies come back (both selector pairs).
  v1.uninstall(placement, true, false, &one);
  ASSERT_EQ(backend_.policies().size(), 2u);
  for (const auto& p : backend_.policies())
    EXPECT_EQ(p.action, dp::PolicyAction::kTrap);
}

TEST_F(ChildManagerTest, UninstallLeavesNoPoliciesOfAStartChild) {
  auto v2 = manager(config::IkeVersion::kIkev2);
  const auto& two = conn("two");
  ChildSa child;
  child.config = &two.children.front();
  child.local_ts = net("10.1.0.0", 24);
  child.remote_ts = net("10.4.0.0", 24);
  Endpoint remote{IpAddress::parse("192.0.2.3").value(), 500};
  v2.uninstall(placement_of(child, {}, remote), true, false, &two);
  EXPECT_TRUE(backend_.policies().empty());
}

}  // namespace
}  // namespace oakley::ike
