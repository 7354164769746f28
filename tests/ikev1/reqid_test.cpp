// A responder whose one IKEv1 connection serves many peers (remote_addrs = %any) gives each
// negotiated selector set its own reqid: the data plane sends a policy's traffic with the newest
// outbound SA of the policy's reqid, so a shared reqid would send every peer's traffic to the
// last peer. And kilobyte lifetimes become the data plane's byte limits.
#include <fmt/format.h>

#include <set>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

std::string secrets() {
  return R"(secrets {
  ike-all {
    secret = "reqid-test-psk-0123456789"
  }
}
)";
}

// The left side plays two peers: two connections with their own identity and network.
std::string two_clients() {
  std::string out = "connections {\n";
  for (int i : {1, 3}) {
    out += fmt::format(R"(  c{i} {{
    version = 1
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128-sha256-modp2048
    local {{
      auth = psk
      id = client{i}@example.test
    }}
    remote {{
      auth = psk
      id = gw@example.test
    }}
    children {{
      net {{
        local_ts = 10.{i}.0.0/24
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128-sha256
      }}
    }}
  }}
)",
                       fmt::arg("i", i));
  }
  return out + "}\n" + secrets();
}

std::string gateway() {
  return R"(connections {
  rw {
    version = 1
    local_addrs = 192.0.2.2
    remote_addrs = %any
    proposals = aes128-sha256-modp2048
    local {
      auth = psk
      id = gw@example.test
    }
    remote {
      auth = psk
      id = *@example.test
    }
    children {
      net {
        local_ts = 10.2.0.0/24
        remote_ts = 10.0.0.0/8
        esp_proposals = aes128-sha256
      }
    }
  }
}
)" + secrets();
}

TEST_F(TwoEngines, EachPeerOfAManyPeerConnectionHasItsOwnReqid) {
  start(two_clients(), gateway());
  for (const char* conn : {"c1", "c3"}) {
    std::optional<Status> result;
    ASSERT_TRUE(left->engine->initiate(conn, "net", [&](const Status& s) { result = s; }));
    settle(std::chrono::seconds(5));
    ASSERT_TRUE(result && *result) << conn << "\n" << logs_text();
  }
  auto sas = right->sas();
  ASSERT_EQ(sas.size(), 2u);
  ASSERT_EQ(sas[0].children.size(), 1u);
  ASSERT_EQ(sas[1].children.size(), 1u);
  const auto& a = sas[0].children[0];
  const auto& b = sas[1].children[0];
  EXPECT_NE(a.reqid, b.reqid);
  std::map<std::string, std::uint32_t> reqid_of_net;
  for (const auto& p : right->backend.policies()) {
    if (p.action == dataplane::PolicyAction::kProtect)
      reqid_of_net[p.remote_ts.to_string()] = p.reqid;
  }
  ASSERT_EQ(reqid_of_net.size(), 2u);
  EXPECT_NE(reqid_of_net["10.1.0.0/24"], reqid_of_net["10.3.0.0/24"]);
  std::set<std::uint32_t> child_reqids{a.reqid, b.reqid};
  EXPECT_TRUE(child_reqids.contains(reqid_of_net["10.1.0.0/24"]));
  EXPECT_TRUE(child_reqids.contains(reqid_of_net["10.3.0.0/24"]));
  for (const auto& c : {a, b}) {
    auto out = right->backend.find_sa(dataplane::Direction::kOutbound, c.spi_out);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->reqid, c.reqid);
  }
  // A rekey of one peer's pair keeps its reqid.
  std::optional<Status> rekeyed;
  ASSERT_TRUE(left->engine->rekey_child(left->sas()[0].children[0].id,
                                        [&](const Status& s) { rekeyed = s; }));
  settle(std::chrono::seconds(5));
  ASSERT_TRUE(rekeyed && *rekeyed);
  std::set<std::uint32_t> after;
  for (const auto& s : right->sas())
    for (const auto& c : s.children)
      if (c.state == "INSTALLED") after.insert(c.reqid);
  EXPECT_EQ(after, child_reqids);
}

TEST_F(TwoEngines, KilobyteLifetimeBecomesTheByteLimits) {
  SideOptions o;
  o.extra_child = "life_bytes = 1000000";  // 977 kB: negotiated as a kilobyte lifetime
  start(side_config(true, o), side_config(false, {}));
  ASSERT_TRUE(initiate_left());
  for (auto* peer : {left.get(), right.get()}) {
    auto sas = peer->backend.sas();
    ASSERT_FALSE(sas.empty());
    for (const auto& s : sas) {
      // 977 kB, or the configured 1000000 bytes where that is the lower (the initiator).
      EXPECT_LE(s.hard_limit.bytes, 977u * 1024);
      EXPECT_GE(s.hard_limit.bytes, 1000000u);
      EXPECT_GT(s.soft_limit.bytes, 0u);
      EXPECT_LT(s.soft_limit.bytes, s.hard_limit.bytes);
    }
  }
  // The responder had no byte limit of its own: only the negotiated one applies there.
  EXPECT_EQ(right->backend.sas()[0].hard_limit.bytes, 977u * 1024);
}

}  // namespace
}  // namespace oakley::ikev1::testing
