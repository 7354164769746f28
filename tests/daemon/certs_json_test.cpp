// list-certs: what the daemon reports for examples/certificates/moon, and how oakctl prints it.
#include "daemon/certs_json.hpp"

#include <gtest/gtest.h>

#include "cli/format.hpp"
#include "credentials/store.hpp"

namespace oakley::daemon {
namespace {

TEST(CertsJson, ListsOurCertificateAndTheCa) {
  auto cfg = credentials::load_config(std::string(OAKLEY_TEST_DATA) +
                                      "/../../examples/certificates/moon/swanctl.conf");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  auto json = certificates_json(**cfg);
  const auto& list = json["certificates"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["role"], "local");
  EXPECT_EQ(list[0]["connection"], "net-net");
  EXPECT_EQ(list[0]["subject"], "C=CH, O=Example, CN=moon.example.org");
  EXPECT_EQ(list[0]["key"], "ECDSA 256 bits");
  EXPECT_EQ(list[0]["alt_names"], nlohmann::json::array({"moon.example.org"}));
  EXPECT_EQ(list[0]["private_key"], true);
  EXPECT_EQ(list[1]["role"], "ca");
  EXPECT_TRUE(list[1]["connection"].is_null());
  EXPECT_EQ(list[1]["subject"], "C=CH, O=Example, CN=Example Root CA");

  std::string text = cli::format_result("list-certs", json);
  EXPECT_NE(text.find("local certificate of net-net (private key loaded):\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  subject:  \"C=CH, O=Example, CN=moon.example.org\"\n"), std::string::npos);
  EXPECT_NE(text.find("CA certificate (x509ca/, trusted by every connection):\n"),
            std::string::npos);
  EXPECT_NE(text.find("  altNames: moon.example.org\n"), std::string::npos);
  EXPECT_NE(text.find(" UTC .. "), std::string::npos);
}

TEST(CertsJson, NothingLoaded) {
  credentials::LoadedConfig empty;
  auto json = certificates_json(empty);
  EXPECT_TRUE(json["certificates"].empty());
  EXPECT_EQ(cli::format_result("list-certs", json), "no certificates loaded\n");
}

}  // namespace
}  // namespace oakley::daemon
