// A responder whose one connection serves many peers (remote_addrs = %any) must give each peer's
// CHILD_SA its own reqid: the data plane sends a policy's traffic with the newest outbound SA of
// the policy's reqid, so a shared reqid would send every peer's traffic to the last peer.
#include <set>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

std::string secrets() {
  return R"(secrets {
  ike-all {
    id-1 = client1@example.test
    id-3 = client3@example.test
    id-gw = gw@example.test
    secret = "reqid-test-psk-0123456789"
  }
}
)";
}

// The left side plays two road warriors: two connections with their own identity and network.
std::string two_clients() {
  std::string out = "connections {\n";
  for (int i : {1, 3}) {
    out += fmt::format(R"(  c{i} {{
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
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
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = %any
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
      }
    }
  }
}
)" + secrets();
}

class Reqids : public TwoEngines {};

TEST_F(Reqids, EachPeerOfAManyPeerConnectionHasItsOwnReqid) {
  start(two_clients(), gateway());
  for (const char* conn : {"c1", "c3"}) {
    std::optional<Status> result;
    ASSERT_TRUE(left->engine->initiate(conn, "net", [&](const Status& s) { result = s; }));
    settle(std::chrono::seconds(5));
    ASSERT_TRUE(result && *result) << conn;
  }
  auto sas = right->sas();
  ASSERT_EQ(sas.size(), 2u);
  ASSERT_EQ(sas[0].children.size(), 1u);
  ASSERT_EQ(sas[1].children.size(), 1u);
  const auto& a = sas[0].children[0];
  const auto& b = sas[1].children[0];
  EXPECT_NE(a.reqid, b.reqid);
  // Each peer network's protect policy carries that peer's reqid.
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
  // Each reqid's outbound SA is the one of that peer's CHILD_SA.
  for (const auto& c : {a, b}) {
    auto out = right->backend.find_sa(dataplane::Direction::kOutbound, c.spi_out);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->reqid, c.reqid);
  }
}

}  // namespace
}  // namespace oakley::ikev2::testing
