// The responder's choice of connection, shared by both IKE versions: by addresses (ranked, per
// version), then by the identities the peer presents.
#include "ike/connection_match.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

WireId fqdn(const std::string& name) {
  return WireId{2, Bytes(name.begin(), name.end())};
}

config::Config load(const std::string& text) {
  auto c =
      config::load_string(text + "secrets {\nike {\nsecret = a-test-psk\n}\n}\n", "match.conf");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : config::Config{};
}

std::string conn(const std::string& name, const std::string& body) {
  return name + " {\n" + body + "\nlocal {\nauth = psk\n}\nremote {\nauth = psk\n}\n" +
         "children {\nc {\nesp_proposals = aes128gcm16\n}\n}\n}\n";
}

// Local id gw.test, remote id `remote_id`.
std::string named(const std::string& name, const std::string& body, const std::string& remote_id) {
  return name + " {\n" + body + "\nlocal {\nauth = psk\nid = gw.test\n}\n" +
         "remote {\nauth = psk\nid = " + remote_id + "\n}\n" +
         "children {\nc {\nesp_proposals = aes128gcm16\n}\n}\n}\n";
}

std::vector<std::string> names_of(const std::vector<const config::Connection*>& list) {
  std::vector<std::string> out;
  for (const auto* c : list)
    out.push_back(c->name);
  return out;
}

const auto kV1 = config::IkeVersion::kIkev1;
const auto kV2 = config::IkeVersion::kIkev2;

TEST(ConnectionMatch, AddressesRankHostOverSubnetOverAnyPerVersion) {
  auto config =
      load("connections {\n" + conn("any", "") + conn("subnet", "remote_addrs = 192.0.2.0/24") +
           conn("host-v1", "version = 1\nremote_addrs = 192.0.2.2") +
           conn("host-v2", "version = 2\nremote_addrs = 192.0.2.2") +
           conn("other", "remote_addrs = 198.51.100.1") +
           conn("local-host", "local_addrs = 192.0.2.1") + "}\n");
  auto local = ip("192.0.2.1");
  auto remote = ip("192.0.2.2");
  // A local match weighs more than a remote one; a connection of the other version never fits.
  EXPECT_EQ(names_of(connections_by_address(config, kV1, local, remote)),
            (std::vector<std::string>{"local-host", "host-v1", "subnet", "any"}));
  EXPECT_EQ(names_of(connections_by_address(config, kV2, local, remote)),
            (std::vector<std::string>{"local-host", "host-v2", "subnet", "any"}));
  EXPECT_EQ(best_by_address(config, kV2, ip("192.0.2.9"), remote)->name, "host-v2");
  EXPECT_EQ(best_by_address(config, kV2, ip("192.0.2.9"), ip("203.0.113.1"))->name, "any");
  auto none = load("connections {\n" + conn("only", "remote_addrs = 198.51.100.1") + "}\n");
  EXPECT_EQ(best_by_address(none, kV2, local, remote), nullptr);
  EXPECT_TRUE(connections_by_address(none, kV1, local, remote).empty());
}

TEST(ConnectionMatch, IdentitiesPickTheMostSpecificAndExplainTheMiss) {
  auto config = load("connections {\n" + named("a", "remote_addrs = 192.0.2.2", "alice.test") +
                     named("b", "", "*.test") + named("c", "", "carol.test") + "}\n");
  auto local = ip("192.0.2.1");
  auto remote = ip("192.0.2.2");
  std::string why;
  EXPECT_EQ(best_by_identities(config, kV2, local, remote, fqdn("alice.test"), {}, &why)->name,
            "a");
  // At equal addresses the exact id beats the wildcard.
  EXPECT_EQ(best_by_identities(config, kV2, local, remote, fqdn("carol.test"), {}, &why)->name,
            "c");
  EXPECT_EQ(best_by_identities(config, kV2, local, remote, fqdn("bob.test"), {}, &why)->name, "b");
  EXPECT_EQ(best_by_identities(config, kV2, local, remote, fqdn("mallory.example"), {}, &why),
            nullptr);
  EXPECT_EQ(why, "connection 'a' expects remote id 'alice.test', peer is 'mallory.example'");
  // The peer may ask us to be someone we are not (IKEv2 IDr).
  EXPECT_EQ(best_by_identities(config, kV2, local, remote, fqdn("alice.test"),
                               fqdn("other-gw.test"), &why),
            nullptr);
  EXPECT_EQ(why, "connection 'a' has local id 'gw.test', peer asked for 'other-gw.test'");
  EXPECT_EQ(
      best_by_identities(config, kV2, local, ip("203.0.113.1"), fqdn("alice.test"), {}, &why)->name,
      "b");
}

TEST(ConnectionMatch, IdMismatchReasons) {
  auto config =
      load("connections {\n" + conn("open", "") + named("named", "", "alice.test") + "}\n");
  EXPECT_EQ(remote_id_mismatch(config.connections[0], fqdn("anyone.test")), std::nullopt);
  EXPECT_EQ(remote_id_mismatch(config.connections[1], fqdn("alice.test")), std::nullopt);
  EXPECT_EQ(remote_id_mismatch(config.connections[1], fqdn("bob.test")),
            "connection 'named' expects remote id 'alice.test', peer is 'bob.test'");
  EXPECT_EQ(local_id_mismatch(config.connections[0], fqdn("whatever.test")), std::nullopt);
  EXPECT_EQ(local_id_mismatch(config.connections[1], fqdn("gw.test")), std::nullopt);
  EXPECT_NE(local_id_mismatch(config.connections[1], fqdn("x.test")), std::nullopt);
}

}  // namespace
}  // namespace oakley::ike
