// The credential store as the daemon loads it: a swanctl folder (x509/, x509ca/, private/ ...)
// built from the test PKI in tests/data/crypto/pki.
#include "credentials/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace oakley::credentials {
namespace {

namespace fs = std::filesystem;

std::string pki(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/crypto/pki/" + name;
}

class SwanctlDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("oakley-creds-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    for (const char* sub : {"x509", "x509ca", "private", "ecdsa"})
      fs::create_directories(dir_ / sub);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void put(const std::string& pki_name, const std::string& folder) {
    fs::copy_file(pki(pki_name), dir_ / folder / pki_name);
  }
  Result<std::shared_ptr<const LoadedConfig>> load(const std::string& text) {
    std::ofstream(dir_ / "swanctl.conf") << text;
    return load_config((dir_ / "swanctl.conf").string());
  }

  fs::path dir_;
};

std::string conn(const std::string& local, const std::string& remote) {
  return "connections {\n gw {\n  version = 1\n  remote_addrs = 192.0.2.2\n  local {\n   auth = "
         "pubkey\n" +
         local + "\n  }\n  remote {\n   auth = pubkey\n" + remote + "\n  }\n }\n}\n";
}

TEST_F(SwanctlDir, PairsTheCertificateWithItsKeyAndTrustsX509ca) {
  put("rsa_cert.pem", "x509");
  put("rsa_key.pem", "private");
  put("ecdsa256_key.pem", "ecdsa");
  put("ca_cert.pem", "x509ca");
  auto cfg = load(conn("certs = rsa_cert.pem", "id = rsa-right.oakley.test"));
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  const auto& store = *(*cfg)->credentials;
  const auto& gw = (*cfg)->connections.front();
  ASSERT_NE(store.local(gw), nullptr);
  EXPECT_EQ(store.local(gw)->cert.subject_text(), "C=CH, O=Oakley Test, CN=rsa.oakley.test");
  EXPECT_TRUE(store.local(gw)->key.public_key().same_key(store.local(gw)->cert.public_key()));
  ASSERT_EQ(store.trusted_cas(gw).size(), 1u);

  auto peer_cert = crypto::Certificate::load_file(pki("rsa_right_cert.pem"));
  std::vector<Bytes> received = {peer_cert->der()};
  auto fqdn = *config::parse_identity("rsa-right.oakley.test");
  auto ok = store.verify_peer(gw, fqdn, received);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->subject, "C=CH, O=Oakley Test, CN=rsa-right.oakley.test");
  auto wrong = store.verify_peer(gw, *config::parse_identity("other.oakley.test"), received);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("does not contain the peer's identity"), std::string::npos);
  auto none = store.verify_peer(gw, fqdn, {});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("sent no certificate"), std::string::npos);
  std::vector<Bytes> rogue = {crypto::Certificate::load_file(pki("rogue_rsa_cert.pem"))->der()};
  auto untrusted = store.verify_peer(gw, fqdn, rogue);
  ASSERT_FALSE(untrusted.ok());
  EXPECT_NE(untrusted.error().message.find("does not chain"), std::string::npos);
}

TEST_F(SwanctlDir, DnIdentitiesAreEncodedAndMatchTheSubject) {
  put("ecdsa256_right_cert.pem", "x509");
  put("ecdsa256_right_key.pem", "private");
  put("ca_cert.pem", "x509ca");
  auto cfg =
      load(conn("certs = ecdsa256_right_cert.pem\n   id = \"C=CH, O=Oakley Test, "
                "CN=ecdsa256-right.oakley.test\"",
                "id = \"C=CH, O=Oakley Test, CN=rsa.oakley.test\""));
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  const auto& gw = (*cfg)->connections.front();
  EXPECT_FALSE(gw.local.front().id.dn_needs_encoding);
  auto peer = crypto::Certificate::load_file(pki("rsa_cert.pem"));
  EXPECT_TRUE(vouches_for(*peer, gw.remote.front().id));
  std::vector<Bytes> received = {peer->der()};
  EXPECT_TRUE((*cfg)->credentials->verify_peer(gw, gw.remote.front().id, received).ok());
}

TEST_F(SwanctlDir, EncryptedKeyWithItsPassphraseSecret) {
  put("ecdsa256_right_cert.pem", "x509");
  put("ecdsa256_right_key_enc.pem", "private");
  put("ca_cert.pem", "x509ca");
  std::string c = conn("certs = ecdsa256_right_cert.pem", "");
  auto no_secret = load(c);
  ASSERT_FALSE(no_secret.ok());
  EXPECT_NE(no_secret.error().message.find("no private key"), std::string::npos)
      << no_secret.error().message;
  EXPECT_NE(no_secret.error().message.find("swanctl.conf:"), std::string::npos);
  auto with = load(c +
                   "secrets {\n private-gw {\n  file = ecdsa256_right_key_enc.pem\n  secret "
                   "= swordfish\n }\n}\n");
  ASSERT_TRUE(with.ok()) << with.error().message;
}

TEST_F(SwanctlDir, MissingCertificateAndForeignLocalIdAreErrors) {
  put("rsa_cert.pem", "x509");
  put("rsa_key.pem", "private");
  auto missing = load(conn("certs = nosuch.pem", ""));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nosuch.pem"), std::string::npos);
  auto foreign = load(conn("certs = rsa_cert.pem\n   id = gw.example.org", ""));
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("is not in certificate"), std::string::npos);
  auto san = load(conn("certs = rsa_cert.pem\n   id = rsa.oakley.test", ""));
  EXPECT_TRUE(san.ok()) << san.error().message;
}

TEST_F(SwanctlDir, PinnedRemoteCertificateNeedsNoCa) {
  put("rsa_cert.pem", "x509");
  put("rsa_key.pem", "private");
  put("rogue_rsa_cert.pem", "x509");
  auto cfg = load(
      conn("certs = rsa_cert.pem", "certs = rogue_rsa_cert.pem\n   id = rsa-right.oakley.test"));
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  const auto& gw = (*cfg)->connections.front();
  auto id = gw.remote.front().id;
  // Sent or not, the pinned certificate is the one that counts.
  EXPECT_TRUE((*cfg)->credentials->verify_peer(gw, id, {}).ok());
  std::vector<Bytes> other = {crypto::Certificate::load_file(pki("rsa_right_cert.pem"))->der()};
  auto refused = (*cfg)->credentials->verify_peer(gw, id, other);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("not one of the remote.certs"), std::string::npos);
}

}  // namespace
}  // namespace oakley::credentials

namespace oakley::credentials {
namespace {

// examples/certificates: moon and sun load as the daemon loads them, and each accepts the other.
TEST(ExampleCertificates, MoonAndSunTrustEachOther) {
  std::string root = std::string(OAKLEY_TEST_DATA) + "/../../examples/certificates/";
  auto moon = load_config(root + "moon/swanctl.conf");
  auto sun = load_config(root + "sun/swanctl.conf");
  ASSERT_TRUE(moon.ok()) << moon.error().message;
  ASSERT_TRUE(sun.ok()) << sun.error().message;
  const auto& m = (*moon)->connections.front();
  const auto& s = (*sun)->connections.front();
  const auto* moon_cred = (*moon)->credentials->local(m);
  const auto* sun_cred = (*sun)->credentials->local(s);
  ASSERT_NE(moon_cred, nullptr);
  ASSERT_NE(sun_cred, nullptr);
  std::vector<Bytes> from_sun = {sun_cred->cert.der()};
  std::vector<Bytes> from_moon = {moon_cred->cert.der()};
  EXPECT_TRUE((*moon)->credentials->verify_peer(m, m.remote.front().id, from_sun).ok());
  EXPECT_TRUE((*sun)->credentials->verify_peer(s, s.remote.front().id, from_moon).ok());
  // moon does not accept its own certificate in place of sun's.
  EXPECT_FALSE((*moon)->credentials->verify_peer(m, m.remote.front().id, from_moon).ok());
}

}  // namespace
}  // namespace oakley::credentials
