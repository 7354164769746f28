// Whole files: the interop example, realistic strongSwan configurations, includes, and every
// shipped example.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::data_path;
using testing::examples_path;

Config load_path(const std::string& path) {
  auto c = load_file(path);
  EXPECT_TRUE(c.ok()) << path << ": " << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : Config{};
}

// Source: the steering repo's interop/swanctl-left.conf.example, copied unchanged.
TEST(Files, InteropLeftExample) {
  Config config = load_path(data_path("swanctl-left.conf.example"));
  ASSERT_EQ(config.connections.size(), 1u);
  const Connection& t = config.connections[0];
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.location, (SourceLocation{data_path("swanctl-left.conf.example"), 5}));
  EXPECT_EQ(t.version, IkeVersion::kIkev2);
  EXPECT_EQ(t.local_addrs[0].to_string(), "192.0.2.1");
  EXPECT_EQ(t.remote_host(), IpAddress::parse("192.0.2.2"));
  EXPECT_EQ(to_string(t.proposals),
            "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
  EXPECT_EQ(t.local[0].auth, AuthClass::kPsk);
  EXPECT_EQ(t.local[0].id.to_string(), "left@example.test");
  EXPECT_EQ(t.remote[0].id.type, IdType::kRfc822Addr);
  ASSERT_EQ(t.children.size(), 1u);
  const Child& net = t.children[0];
  EXPECT_EQ(net.local_ts[0].to_string(), "10.1.0.0/24");
  EXPECT_EQ(net.remote_ts[0].to_string(), "10.2.0.0/24");
  EXPECT_EQ(to_string(net.esp_proposals), "ESP:AES_GCM_16_128/NO_EXT_SEQ");
  EXPECT_EQ(net.mode, ChildMode::kTunnel);
  ASSERT_EQ(config.secrets.size(), 1u);
  const auto* psk = config.ike_secret(t.local[0].id, t.remote[0].id);
  ASSERT_NE(psk, nullptr);
  EXPECT_EQ(std::string(psk->secret.view().begin(), psk->secret.view().end()),
            "interop-test-psk-0123456789");
}

TEST(Files, RealisticStrongSwanConfigurations) {
  for (auto name : {"strongswan-site-to-site-psk.conf", "documented/rw-eap/swanctl.conf",
                    "strongswan-ikev1-xauth.conf", "documented/host-to-host-cert/swanctl.conf",
                    "strongswan-templates.conf"}) {
    SCOPED_TRACE(name);
    Config config = load_path(data_path(name));
    EXPECT_FALSE(config.connections.empty());
  }
}

TEST(Files, SiteToSiteDetails) {
  Config c = load_path(data_path("strongswan-site-to-site-psk.conf"));
  const Connection& gw = c.connections[0];
  EXPECT_EQ(gw.reauth_time, Seconds{10800});
  EXPECT_EQ(gw.rekey_time, Seconds{0});
  EXPECT_FALSE(gw.mobike);
  const Child& ch = gw.children[0];
  EXPECT_EQ(ch.rekey_time, Seconds{5400});
  EXPECT_EQ(ch.rekey_bytes, 500000000u);
  EXPECT_TRUE(ch.has_pfs());
  EXPECT_EQ(c.secrets[0].secret.size(), 24u);  // 0s base64
}

TEST(Files, RoadWarriorDetails) {
  Config c = load_path(data_path("documented/rw-eap/swanctl.conf"));
  const Connection& rw = c.connections[0];
  EXPECT_EQ(rw.pools, std::vector<std::string>{"rw_pool"});
  EXPECT_EQ(rw.remote[0].auth, AuthClass::kEap);
  EXPECT_EQ(rw.proposals.size(), 4u);  // two own plus the two default proposals
  EXPECT_EQ(c.pools[0].dns.size(), 2u);
  EXPECT_EQ(c.secrets.size(), 2u);
}

TEST(Files, IkeV1XauthDetails) {
  Config c = load_path(data_path("strongswan-ikev1-xauth.conf"));
  const Connection& rw = c.connections[0];
  EXPECT_EQ(rw.version, IkeVersion::kIkev1);
  ASSERT_EQ(rw.remote.size(), 2u);
  EXPECT_EQ(rw.remote[1].auth, AuthClass::kXauth);
  EXPECT_EQ(rw.dpd_timeout, Seconds{150});
  EXPECT_EQ(c.pools[0].size(), 100u);
}

TEST(Files, TemplatesDetails) {
  Config c = load_path(data_path("strongswan-templates.conf"));
  ASSERT_EQ(c.connections.size(), 2u);
  EXPECT_EQ(c.connections[1].name, "venus");
  EXPECT_EQ(c.connections[1].local_addrs[0].to_string(), "192.168.0.1");
  EXPECT_EQ(c.connections[1].children[0].start_action, (StartAction{}));
  EXPECT_TRUE(c.connections[0].children[0].start_action.trap);
}

TEST(Files, IncludesGlobAndPlainRelativeToTheIncludingFile) {
  Config c = load_path(data_path("include/main.conf"));
  ASSERT_EQ(c.connections.size(), 2u);
  const Connection* a = c.find_connection("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->remote_port, 4500);  // set by conf.d/20-b.conf
  EXPECT_EQ(a->location.file, data_path("include/conf.d/10-a.conf"));
  EXPECT_EQ(a->location.line, 1);
  EXPECT_EQ(c.secrets.size(), 1u);
  ASSERT_EQ(c.files.size(), 4u);
  EXPECT_EQ(c.files[1], data_path("include/conf.d/10-a.conf"));
  EXPECT_EQ(c.files[3], data_path("include/secrets.conf"));
}

TEST(Files, ErrorInAnIncludedFileNamesThatFile) {
  auto c = load_file(data_path("include-error/main.conf"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, data_path("include-error/bad.conf") +
                                   ":3: unknown key 'remote_adrs' in connection 'c' (did you "
                                   "mean 'remote_addrs'?)");
}

TEST(Files, MissingFiles) {
  auto c = load_file(data_path("no-such.conf"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, data_path("no-such.conf") + ": cannot open: no such file");
  c = load_string("include does-not-exist.conf\n", data_path("x.conf"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, data_path("x.conf") + ":1: include '" +
                                   data_path("does-not-exist.conf") + "': no such file");
  // A glob that matches nothing is fine, as in strongSwan.
  EXPECT_TRUE(load_string("include nothing-here/*.conf\n", data_path("x.conf")).ok());
  c = load_file(data_path("include"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, data_path("include") + ": not a regular file");
}

TEST(Files, EveryShippedExampleLoads) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(examples_path(""))) {
    if (entry.path().extension() != ".conf") continue;
    SCOPED_TRACE(entry.path().string());
    Config config = load_path(entry.path().string());
    EXPECT_FALSE(config.connections.empty());
    ++count;
  }
  EXPECT_GE(count, 4u);
}

TEST(Files, SharedConfigForTheDaemon) {
  auto shared = load_shared(data_path("swanctl-left.conf.example"));
  ASSERT_TRUE(shared.ok());
  std::shared_ptr<const Config> config = *shared;
  const Child* child = config->connections[0].find_child("net");
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->name, "net");
}

}  // namespace
}  // namespace oakley::config
