// swanctl.conf files written the way strongSwan's documentation writes them, and every example
// we ship, loaded the way `oakctl load` and oakleyd load them: configuration text, certificates,
// keys, CAs and authorities together (credentials::load_config). Each must load; the details
// checked are the ones a strongSwan user relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "credentials/store.hpp"

namespace oakley::credentials {
namespace {

namespace fs = std::filesystem;

std::string documented(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/config/documented/" + name;
}

std::string examples(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/../../examples/" + name;
}

std::shared_ptr<const LoadedConfig> load_ok(const std::string& path) {
  auto loaded = load_config(path);
  EXPECT_TRUE(loaded.ok()) << path << ": " << (loaded.ok() ? "" : loaded.error().message);
  if (!loaded.ok()) return std::make_shared<LoadedConfig>();
  return *loaded;
}

bool has_warning_containing(const config::Config& c, const std::string& text) {
  return std::any_of(c.warnings.begin(), c.warnings.end(),
                     [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

TEST(DocumentedConfigurations, RoadWarriorGatewayWithCertificates) {
  auto c = load_ok(documented("rw-cert-gateway/swanctl.conf"));
  const config::Connection* rw = c->find_connection("rw");
  ASSERT_NE(rw, nullptr);
  ASSERT_NE(c->credentials, nullptr);
  const LocalCredential* own = c->credentials->local(*rw);
  ASSERT_NE(own, nullptr) << "moonCert.pem and its key in private/ belong to the connection";
  EXPECT_EQ(c->credentials->trusted_cas(*rw).size(), 1u);  // x509ca/caCert.pem
  EXPECT_FALSE(rw->can_initiate());                        // a responder for any client
  EXPECT_EQ(rw->pools, std::vector<std::string>{"rw_pool"});
  const config::Child& net = rw->children.at(0);
  EXPECT_EQ(net.updown, "/usr/lib/ipsec/_updown iptables");
  EXPECT_TRUE(net.hostaccess);
  ASSERT_NE(c->find_pool("rw_pool"), nullptr);
  EXPECT_EQ(c->find_pool("rw_pool")->dns.size(), 2u);
}

TEST(DocumentedConfigurations, RoadWarriorClientReachesTheGatewayByName) {
  auto c = load_ok(documented("rw-cert-client/swanctl.conf"));
  const config::Connection* home = c->find_connection("home");
  ASSERT_NE(home, nullptr);
  ASSERT_EQ(home->remote_addrs.size(), 1u);
  EXPECT_TRUE(home->remote_addrs[0].is_name());
  EXPECT_EQ(home->remote_addrs[0].name, "moon.example.org");
  EXPECT_TRUE(home->can_initiate());  // the name is enough: it is looked up at initiation
  EXPECT_TRUE(home->has_dns_names());
  ASSERT_EQ(home->vips.size(), 1u);
  EXPECT_TRUE(home->vips[0].is_unspecified());
  ASSERT_NE(c->credentials, nullptr);
  EXPECT_NE(c->credentials->local(*home), nullptr);
  EXPECT_TRUE(home->children.at(0).start_action.start);
}

TEST(DocumentedConfigurations, NetToNetPskWithDnsNamesAndAnUpdownScript) {
  auto c = load_ok(documented("net-net-psk-updown.conf"));
  const config::Connection* gw = c->find_connection("gw-gw");
  ASSERT_NE(gw, nullptr);
  EXPECT_TRUE(gw->local_addrs.at(0).is_name());
  EXPECT_TRUE(gw->remote_addrs.at(0).is_name());
  EXPECT_NE(c->ike_secret(gw->local[0].id, gw->remote[0].id), nullptr);
  const config::Child& net = gw->children.at(0);
  EXPECT_EQ(net.updown, "/etc/swanctl/updown.sh");
  EXPECT_TRUE(net.start_action.trap);
  // The script does not exist here: the file loads, with a warning that names file and line.
  EXPECT_TRUE(
      has_warning_containing(*c, documented("net-net-psk-updown.conf") + ":25: updown script"))
      << (c->warnings.empty() ? "no warnings" : c->warnings[0]);
}

TEST(DocumentedConfigurations, MultipleCasWithAnAuthoritiesSection) {
  auto c = load_ok(documented("multiple-cas/swanctl.conf"));
  ASSERT_EQ(c->authorities.size(), 2u);
  EXPECT_EQ(c->authorities[0].crl_uris,
            std::vector<std::string>{"http://crl.example.org/example.crl"});
  EXPECT_EQ(c->authorities[1].ocsp_uris, std::vector<std::string>{"http://ocsp.oakley.test:8880"});
  EXPECT_EQ(c->authorities[1].crl_uris.size(), 2u);
  const config::Connection* example = c->find_connection("example");
  const config::Connection* test = c->find_connection("oakley-test");
  ASSERT_NE(example, nullptr);
  ASSERT_NE(test, nullptr);
  ASSERT_NE(c->credentials, nullptr);
  // Each connection trusts only its own CA, not both of x509ca/.
  auto example_cas = c->credentials->trusted_cas(*example);
  auto test_cas = c->credentials->trusted_cas(*test);
  ASSERT_EQ(example_cas.size(), 1u);
  ASSERT_EQ(test_cas.size(), 1u);
  EXPECT_NE(example_cas[0].subject_text(), test_cas[0].subject_text());
  EXPECT_EQ(test->pools, std::vector<std::string>{"test_pool"});
  EXPECT_EQ(test->local_addrs.at(0).to_string(), "192.168.0.1");  // from the template
  EXPECT_NE(test->find_child("venus"), nullptr);
}

// Written for tests/config in the style of strongSwan's documentation; host-to-host-cert with the
// certificates it names.
TEST(DocumentedConfigurations, EarlierStrongSwanStyleFiles) {
  for (auto name : {"strongswan-site-to-site-psk.conf", "documented/rw-eap/swanctl.conf",
                    "strongswan-ikev1-xauth.conf", "documented/host-to-host-cert/swanctl.conf",
                    "strongswan-templates.conf"}) {
    SCOPED_TRACE(name);
    auto c = load_ok(std::string(OAKLEY_TEST_DATA) + "/config/" + name);
    EXPECT_FALSE(c->connections.empty());
  }
}

TEST(DocumentedConfigurations, EveryShippedExampleWithItsCredentials) {
  std::vector<std::string> paths = {examples("certificates/moon/swanctl.conf"),
                                    examples("certificates/sun/swanctl.conf")};
  for (const auto& entry : fs::directory_iterator(examples("")))
    if (entry.path().extension() == ".conf") paths.push_back(entry.path().string());
  EXPECT_GE(paths.size(), 7u);
  for (const auto& path : paths) {
    SCOPED_TRACE(path);
    auto c = load_ok(path);
    EXPECT_FALSE(c->connections.empty());
    EXPECT_NE(c->credentials, nullptr);
  }
}

}  // namespace
}  // namespace oakley::credentials
