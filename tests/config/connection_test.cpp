#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::conn;
using testing::load_ok;

const Connection& only_connection(const Config& c) {
  static const Connection kNone;
  EXPECT_EQ(c.connections.size(), 1u);
  return c.connections.empty() ? kNone : c.connections[0];
}

TEST(Connection, StrongSwanDefaults) {
  auto config = load_ok("connections {\n  c {\n  }\n}\n");
  const auto& c = only_connection(config);
  EXPECT_EQ(c.name, "c");
  EXPECT_EQ(c.location.line, 2);
  EXPECT_EQ(c.version, IkeVersion::kAny);
  ASSERT_EQ(c.local_addrs.size(), 1u);
  EXPECT_EQ(c.local_addrs[0].to_string(), "%any");
  EXPECT_EQ(c.remote_addrs[0].to_string(), "%any");
  EXPECT_EQ(c.local_port, 500);
  EXPECT_EQ(c.remote_port, 500);
  EXPECT_EQ(to_string(c.proposals), to_string(default_proposals(SaProtocol::kIke)));
  EXPECT_FALSE(c.aggressive);
  EXPECT_TRUE(c.pull);
  EXPECT_TRUE(c.mobike);
  EXPECT_FALSE(c.encap);
  EXPECT_EQ(c.fragmentation, Fragmentation::kYes);
  EXPECT_EQ(c.childless, Childless::kAllow);
  EXPECT_TRUE(c.send_certreq);
  EXPECT_EQ(c.send_cert, SendCert::kIfAsked);
  EXPECT_EQ(c.keyingtries, 1u);
  EXPECT_EQ(c.unique, Unique::kNo);
  // charon 5.9.8 logs rekey_time = 14400, over_time = 1440, rand_time = 1440 for this.
  EXPECT_EQ(c.reauth_time, Seconds{0});
  EXPECT_EQ(c.rekey_time, Seconds{14400});
  EXPECT_EQ(c.over_time, Seconds{1440});
  EXPECT_EQ(c.rand_time, Seconds{1440});
  EXPECT_EQ(c.dpd_delay, Seconds{0});
  ASSERT_EQ(c.local.size(), 1u);
  EXPECT_EQ(c.local[0].auth, AuthClass::kPubkey);
  EXPECT_TRUE(c.local[0].id.is_any());
  ASSERT_EQ(c.remote.size(), 1u);
  EXPECT_TRUE(c.children.empty());
  EXPECT_FALSE(c.remote_host());
}

// The derived lifetimes, each checked against what charon 5.9.8 logs for the same input.
TEST(Connection, IkeLifetimeDerivations) {
  auto c = only_connection(load_ok(conn("reauth_time = 2h")));
  EXPECT_EQ(c.rekey_time, Seconds{0});  // reauth_time set: no rekeying unless asked for
  EXPECT_EQ(c.over_time, Seconds{720});
  EXPECT_EQ(c.rand_time, Seconds{720});
  c = only_connection(load_ok(conn("reauth_time = 2h\nrekey_time = 1h")));
  EXPECT_EQ(c.rekey_time, Seconds{3600});
  EXPECT_EQ(c.over_time, Seconds{720});  // 10% of the longer
  EXPECT_EQ(c.rand_time, Seconds{720});
  c = only_connection(load_ok(conn("rekey_time = 1h\nover_time = 5m")));
  EXPECT_EQ(c.rand_time, Seconds{300});  // = over_time
  c = only_connection(load_ok(conn("rekey_time = 1h\nrand_time = 1m")));
  EXPECT_EQ(c.over_time, Seconds{360});
  EXPECT_EQ(c.rand_time, Seconds{60});
  c = only_connection(load_ok(conn("rekey_time = 10m\nover_time = 30m")));
  EXPECT_EQ(c.rand_time, Seconds{300});  // at most half of rekey_time
}

TEST(Connection, ChildDefaultsAndDerivations) {
  auto c = only_connection(load_ok(conn("")));
  ASSERT_EQ(c.children.size(), 1u);
  Child ch = c.children[0];
  EXPECT_EQ(ch.name, "net");
  ASSERT_EQ(ch.local_ts.size(), 1u);
  EXPECT_TRUE(ch.local_ts[0].dynamic);
  EXPECT_TRUE(ch.remote_ts[0].dynamic);
  EXPECT_EQ(to_string(ch.esp_proposals), to_string(default_proposals(SaProtocol::kEsp, true)));
  EXPECT_TRUE(ch.ah_proposals.empty());
  EXPECT_EQ(ch.mode, ChildMode::kTunnel);
  EXPECT_EQ(ch.start_action, (StartAction{false, false}));
  EXPECT_EQ(ch.dpd_action, ChildAction::kClear);
  EXPECT_EQ(ch.close_action, ChildAction::kClear);
  EXPECT_EQ(ch.rekey_time, Seconds{3600});
  EXPECT_EQ(ch.life_time, Seconds{3960});
  EXPECT_EQ(ch.rand_time, Seconds{360});
  EXPECT_EQ(ch.rekey_bytes, 0u);
  EXPECT_EQ(ch.life_bytes, 0u);
  EXPECT_EQ(ch.replay_window, 64u);  // the oakley section's default
  EXPECT_TRUE(ch.policies);
  EXPECT_TRUE(ch.copy_df);
  EXPECT_TRUE(ch.copy_ecn);
  EXPECT_EQ(ch.copy_dscp, CopyDscp::kOut);
  EXPECT_FALSE(ch.has_pfs());
  EXPECT_EQ(c.find_child("net"), &c.children[0]);

  // charon: rekey_time = 10m gives life 660, rand 60.
  ch = only_connection(load_ok(conn("", "rekey_time = 10m"))).children[0];
  EXPECT_EQ(ch.life_time, Seconds{660});
  EXPECT_EQ(ch.rand_time, Seconds{60});
  // charon: rekey_time = 0, rekey_bytes = 1g, rekey_packets = 1000.
  ch = only_connection(load_ok(conn("", "rekey_time = 0\nrekey_bytes = 1g\nrekey_packets = 1000")))
           .children[0];
  EXPECT_EQ(ch.life_time, Seconds{0});
  EXPECT_EQ(ch.rand_time, Seconds{0});
  EXPECT_EQ(ch.rekey_bytes, 1073741824u);
  EXPECT_EQ(ch.life_bytes, 1181116006u);
  EXPECT_EQ(ch.rand_bytes, 107374182u);
  EXPECT_EQ(ch.life_packets, 1100u);
  EXPECT_EQ(ch.rand_packets, 100u);
  // charon: life_time = 2h with the default rekey_time gives rand 3600.
  ch = only_connection(load_ok(conn("", "life_time = 2h"))).children[0];
  EXPECT_EQ(ch.rand_time, Seconds{3600});
}

TEST(Connection, EveryModelledKey) {
  auto config = load_ok(
      "oakley {\n  replay_window = 128\n}\n"
      "pools {\n  p {\n    addrs = 10.3.0.0/24\n  }\n}\n"
      "secrets {\n  ike-x {\n    secret = s\n  }\n}\n"
      "connections {\n  c {\n"
      "    version = 1\n    local_addrs = 192.0.2.1, 2001:db8::1\n"
      "    remote_addrs = 192.0.2.0/24, 198.51.100.1-198.51.100.9, 198.51.100.20\n"
      "    local_port = 4501\n    remote_port = 4502\n"
      "    proposals = aes128-sha256-modp2048, aes256-sha1-modp1024\n"
      "    vips = 0.0.0.0, ::\n    aggressive = yes\n    pull = no\n    dscp = 101110\n"
      "    encap = yes\n    mobike = no\n    dpd_delay = 30s\n    dpd_timeout = 150s\n"
      "    fragmentation = force\n    childless = never\n    send_certreq = no\n"
      "    send_cert = always\n    keyingtries = 0\n    unique = replace\n"
      "    pools = p\n    if_id_in = 0\n    if_id_out = 0\n    ocsp = both\n"
      "    local-1 {\n      round = 1\n      auth = xauth-pam\n      xauth_id = joe\n    }\n"
      "    local {\n      auth = psk\n      id = @gw.example\n    }\n"
      "    remote {\n      auth = eap-mschapv2\n      eap_id = %any\n      groups =\n"
      "      revocation = strict\n      cacerts = ca.pem\n      ca_id = C=CH, CN=CA\n    }\n"
      "    children {\n      net {\n        local_ts = 10.1.0.0/24\n"
      "        remote_ts = 10.2.0.0/24[tcp/443], 10.9.0.0/16\n"
      "        esp_proposals = aes128-sha256-modp2048\n        ah_proposals = sha256\n"
      "        mode = transport\n        start_action = trap|start\n        dpd_action = restart\n"
      "        close_action = trap\n        inactivity = 5m\n        reqid = 7\n"
      "        priority = 100\n        interface = eth0\n        policies = no\n"
      "        policies_fwd_out = yes\n        copy_df = no\n        copy_ecn = no\n"
      "        copy_dscp = yes\n        if_id_in = 0\n        hw_offload = auto\n"
      "        ipcomp = no\n        mark_in = 0/0x00000000\n      }\n"
      "      other {\n        replay_window = 0\n      }\n    }\n  }\n}\n");
  const auto& c = only_connection(config);
  EXPECT_EQ(c.version, IkeVersion::kIkev1);
  ASSERT_EQ(c.local_addrs.size(), 2u);
  ASSERT_EQ(c.remote_addrs.size(), 3u);
  EXPECT_EQ(c.remote_host(), IpAddress::parse("198.51.100.20"));
  EXPECT_EQ(c.local_port, 4501);
  EXPECT_EQ(c.remote_port, 4502);
  ASSERT_EQ(c.proposals.size(), 2u);
  ASSERT_EQ(c.vips.size(), 2u);
  EXPECT_TRUE(c.vips[1].is_v6());
  EXPECT_TRUE(c.aggressive);
  EXPECT_FALSE(c.pull);
  EXPECT_EQ(c.dscp, 46);
  EXPECT_TRUE(c.encap);
  EXPECT_FALSE(c.mobike);
  EXPECT_EQ(c.dpd_delay, Seconds{30});
  EXPECT_EQ(c.dpd_timeout, Seconds{150});
  EXPECT_EQ(c.fragmentation, Fragmentation::kForce);
  EXPECT_EQ(c.childless, Childless::kNever);
  EXPECT_FALSE(c.send_certreq);
  EXPECT_EQ(c.send_cert, SendCert::kAlways);
  EXPECT_EQ(c.keyingtries, 0u);
  EXPECT_EQ(c.unique, Unique::kReplace);
  EXPECT_EQ(c.pools, std::vector<std::string>{"p"});
  EXPECT_EQ(c.if_id_in, InterfaceId{});
  EXPECT_EQ(c.if_id_out, InterfaceId{});
  EXPECT_EQ(c.ocsp, OcspMode::kBoth);
  // Rounds sorted by round number: "local" (0) before "local-1" (1).
  ASSERT_EQ(c.local.size(), 2u);
  EXPECT_EQ(c.local[0].name, "local");
  EXPECT_EQ(c.local[0].auth, AuthClass::kPsk);
  EXPECT_EQ(c.local[0].id.type, IdType::kFqdn);
  EXPECT_EQ(c.local[1].auth, AuthClass::kXauth);
  EXPECT_EQ(c.local[1].method, "pam");
  EXPECT_EQ(c.local[1].xauth_id->to_string(), "joe");
  const AuthRound& r = c.remote[0];
  EXPECT_EQ(r.auth, AuthClass::kEap);
  EXPECT_EQ(r.method, "mschapv2");
  EXPECT_TRUE(r.eap_id->is_any());
  EXPECT_EQ(r.revocation, AuthRound::Revocation::kStrict);
  EXPECT_EQ(r.cacerts, std::vector<std::string>{"ca.pem"});
  EXPECT_TRUE(r.ca_id->dn_needs_encoding);
  ASSERT_EQ(c.children.size(), 2u);
  const Child& ch = c.children[0];
  EXPECT_EQ(ch.local_ts[0].to_string(), "10.1.0.0/24");
  ASSERT_EQ(ch.remote_ts.size(), 2u);
  EXPECT_EQ(ch.remote_ts[0].to_string(), "10.2.0.0/24[tcp/443]");
  EXPECT_TRUE(ch.has_pfs());
  ASSERT_EQ(ch.ah_proposals.size(), 1u);
  EXPECT_EQ(ch.mode, ChildMode::kTransport);
  EXPECT_EQ(ch.start_action, (StartAction{true, true}));
  EXPECT_EQ(ch.dpd_action, ChildAction::kRestart);
  EXPECT_EQ(ch.close_action, ChildAction::kTrap);
  EXPECT_EQ(ch.inactivity, Seconds{300});
  EXPECT_EQ(ch.reqid, 7u);
  EXPECT_EQ(ch.priority, 100u);
  EXPECT_EQ(ch.interface, "eth0");
  EXPECT_FALSE(ch.policies);
  EXPECT_TRUE(ch.policies_fwd_out);
  EXPECT_FALSE(ch.copy_df);
  EXPECT_FALSE(ch.copy_ecn);
  EXPECT_EQ(ch.copy_dscp, CopyDscp::kYes);
  EXPECT_EQ(ch.if_id_in, InterfaceId{});
  EXPECT_EQ(ch.if_id_out, InterfaceId{});
  EXPECT_EQ(ch.replay_window, 128u);
  EXPECT_EQ(c.children[1].replay_window, 0u);  // 0 disables replay protection
  // Only ah_proposals set: no ESP default is added (swanctl.conf).
  EXPECT_TRUE(ch.esp_proposals.size() == 1);
}

TEST(Connection, AhOnlyChildGetsNoEspDefault) {
  auto ch = only_connection(load_ok(conn("", "ah_proposals = sha256"))).children[0];
  EXPECT_TRUE(ch.esp_proposals.empty());
  EXPECT_EQ(to_string(ch.ah_proposals), "AH:HMAC_SHA2_256_128/NO_EXT_SEQ");
}

TEST(Connection, StrongSwanActionAliases) {
  auto ch = only_connection(load_ok(conn("remote_addrs = 192.0.2.2",
                                         "dpd_action = none\nclose_action = start\n"
                                         "start_action = route")))
                .children[0];
  EXPECT_EQ(ch.dpd_action, ChildAction::kClear);
  EXPECT_EQ(ch.close_action, ChildAction::kRestart);
  EXPECT_EQ(ch.start_action, (StartAction{true, false}));
}

TEST(Connection, AuthForms) {
  struct Case {
    const char* text;
    AuthClass auth;
    const char* method;
  } cases[] = {
      {"psk", AuthClass::kPsk, ""},
      {"pubkey", AuthClass::kPubkey, ""},
      {"rsa/pss-sha256", AuthClass::kPubkey, ""},
      {"ecdsa-384", AuthClass::kPubkey, ""},
      {"ike:pubkey-sha384-sha256", AuthClass::kPubkey, ""},
      {"eap", AuthClass::kEap, ""},
      {"eap-tls:ecdsa-384", AuthClass::kEap, "tls"},
      {"xauth", AuthClass::kXauth, ""},
      {"xauth-generic", AuthClass::kXauth, "generic"},
      {"null", AuthClass::kNull, ""},
  };
  for (const auto& k : cases) {
    auto config = load_ok(std::string("connections {\n  c {\n    local {\n      auth = ") + k.text +
                          "\n    }\n  }\n}\nsecrets {\n  ike {\n    secret = x\n  }\n}\n");
    ASSERT_EQ(config.connections.size(), 1u) << k.text;
    EXPECT_EQ(config.connections[0].local[0].auth, k.auth) << k.text;
    EXPECT_EQ(config.connections[0].local[0].method, k.method) << k.text;
    EXPECT_EQ(config.connections[0].local[0].auth_text, k.text);
  }
}

TEST(Connection, TemplatesThroughReferences) {
  auto config = load_ok(
      "conn-defaults {\n  local_addrs = 192.0.2.1\n  version = 2\n"
      "  local {\n    auth = psk\n  }\n}\n"
      "child-defaults {\n  esp_proposals = aes128gcm16\n}\n"
      "connections {\n  a : conn-defaults {\n    remote_addrs = 192.0.2.2\n"
      "    children {\n      net : child-defaults {\n        local_ts = 10.1.0.0/24\n      }\n"
      "    }\n  }\n}\nsecrets {\n  ike-1 {\n    secret = x\n  }\n}\n");
  const auto& c = only_connection(config);
  EXPECT_EQ(c.version, IkeVersion::kIkev2);
  EXPECT_EQ(c.local_addrs[0].to_string(), "192.0.2.1");
  EXPECT_EQ(c.local[0].auth, AuthClass::kPsk);
  EXPECT_EQ(to_string(c.children[0].esp_proposals), "ESP:AES_GCM_16_128/NO_EXT_SEQ");
}

TEST(Connection, ClearedValueFallsBackToDefault) {
  auto c = only_connection(load_ok(conn("rekey_time = 1h\nrekey_time =")));
  EXPECT_EQ(c.rekey_time, Seconds{14400});
}

TEST(Connection, IdentitiesOfTheInteropExample) {
  auto config = load_ok(
      "connections {\n  t {\n    local {\n      auth = psk\n      id = left@example.test\n"
      "    }\n  }\n}\nsecrets {\n  ike-t {\n    secret = x\n  }\n}\n");
  const auto& id = config.connections[0].local[0].id;
  EXPECT_EQ(id.type, IdType::kRfc822Addr);
  EXPECT_EQ(std::string(id.data.begin(), id.data.end()), "left@example.test");
}

}  // namespace
}  // namespace oakley::config

namespace oakley::config {
namespace {

// RFC 9370's additional key exchanges exist in IKEv2 only: an IKEv1 connection that names them
// would silently get less than it asked for, so it is refused.
TEST(Connection, AdditionalKeyExchangesAreIkev2Only) {
  using testing::conn;
  using testing::load_error;
  auto c = testing::load_ok(conn("proposals = aes256gcm16-prfsha384-x25519-ke1_ecp384",
                                 "esp_proposals = aes128gcm16-x25519-ke1_modp3072"));
  ASSERT_EQ(c.connections.size(), 1u);
  EXPECT_TRUE(uses_additional_ke(c.connections[0].proposals));
  EXPECT_TRUE(uses_additional_ke(c.connections[0].children[0].esp_proposals));
  EXPECT_NE(load_error(conn("version = 1\nproposals = aes128-sha256-x25519-ke1_ecp384"))
                .find("additional key exchanges (ke1_ ... ke7_, RFC 9370) exist in IKEv2 only"),
            std::string::npos);
  EXPECT_NE(load_error(conn("version = 1", "esp_proposals = aes128-sha256-x25519-ke2_x448"))
                .find("child 'net': additional key exchanges"),
            std::string::npos);
}

}  // namespace
}  // namespace oakley::config
