#include "config/secrets.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::load_error;
using testing::load_ok;

std::string bytes_of(const SecretBytes& s) {
  return std::string(s.view().begin(), s.view().end());
}

TEST(Secrets, ValueEncodings) {
  EXPECT_EQ(bytes_of(*decode_secret("interop-test-psk-0123456789")), "interop-test-psk-0123456789");
  EXPECT_EQ(bytes_of(*decode_secret("0x414243")), "ABC");
  EXPECT_EQ(bytes_of(*decode_secret("0X4a4B")), "JK");
  EXPECT_EQ(bytes_of(*decode_secret("0sQUJD")), "ABC");
  EXPECT_EQ(bytes_of(*decode_secret("0sQUJDRA==")), "ABCD");
  EXPECT_EQ(bytes_of(*decode_secret("0sQUJDREU=")), "ABCDE");
  EXPECT_EQ(decode_secret("0x41424").error().message, "0x needs an even number of hex digits");
  EXPECT_EQ(decode_secret("0x41zz").error().message, "0x must be followed by hex digits only");
  EXPECT_FALSE(decode_secret("0s!!!!").ok());
  EXPECT_FALSE(decode_secret("0sQ").ok());
}

TEST(Secrets, SectionsOfEveryType) {
  auto config = load_ok(
      "secrets {\n"
      "  ike-t {\n    id-l = left@example.test\n    id-r = right@example.test\n"
      "    secret = \"interop-test-psk-0123456789\"\n  }\n"
      "  ike-hex {\n    id = 192.0.2.9\n    secret = 0x0102030405\n  }\n"
      "  ike-b64 {\n    secret = 0sc2VjcmV0\n  }\n"
      "  eap-carol {\n    id = carol\n    secret = Ar3etTnp\n  }\n"
      "  xauth-dave {\n    id = dave\n    secret = \"with spaces\"\n  }\n"
      "  ntlm-x {\n    id = x\n    secret = 0x00112233445566778899aabbccddeeff\n  }\n"
      "  ppk-1 {\n    id = p\n    secret = 0x0011\n  }\n"
      "  private-gw {\n    file = gw.pem\n    secret = pass\n  }\n"
      "  rsa-1 {\n    file = r.der\n    secret = pass\n  }\n"
      "}\n");
  ASSERT_EQ(config.secrets.size(), 7u);
  const auto& t = config.secrets[0];
  EXPECT_EQ(t.type, SharedSecret::Type::kIke);
  EXPECT_EQ(t.name, "ike-t");
  EXPECT_EQ(t.location.line, 2);
  ASSERT_EQ(t.ids.size(), 2u);
  EXPECT_EQ(t.ids[1].to_string(), "right@example.test");
  EXPECT_EQ(bytes_of(t.secret), "interop-test-psk-0123456789");
  EXPECT_EQ(config.secrets[1].secret.size(), 5u);
  EXPECT_EQ(bytes_of(config.secrets[2].secret), "secret");
  EXPECT_TRUE(config.secrets[2].ids.empty());
  EXPECT_EQ(config.secrets[3].type, SharedSecret::Type::kEap);
  EXPECT_EQ(config.secrets[4].type, SharedSecret::Type::kXauth);
  EXPECT_EQ(bytes_of(config.secrets[4].secret), "with spaces");
  EXPECT_EQ(config.secrets[5].type, SharedSecret::Type::kNtlm);
  EXPECT_EQ(config.secrets[6].type, SharedSecret::Type::kPpk);
  ASSERT_EQ(config.key_passphrases.size(), 2u);
  EXPECT_EQ(config.key_passphrases[0].kind, "private");
  EXPECT_EQ(config.key_passphrases[0].file, "gw.pem");
  EXPECT_EQ(config.key_passphrases[1].kind, "rsa");
}

TEST(Secrets, PskLookupPrefersTheMostSpecificSecret) {
  auto config = load_ok(
      "secrets {\n  ike-any {\n    secret = any\n  }\n"
      "  ike-one {\n    id = right@example.test\n    secret = one\n  }\n"
      "  ike-both {\n    id-a = left@example.test\n    id-b = right@example.test\n"
      "    secret = both\n  }\n"
      "  ike-wild {\n    id = *@example.org\n    secret = wild\n  }\n}\n");
  auto id = [](const char* s) { return *parse_identity(s); };
  auto pick = [&](const char* l, const char* r) {
    const auto* s = config.ike_secret(id(l), id(r));
    return s ? s->name : std::string("none");
  };
  EXPECT_EQ(pick("left@example.test", "right@example.test"), "ike-both");
  EXPECT_EQ(pick("other@example.test", "right@example.test"), "ike-one");
  EXPECT_EQ(pick("a@example.org", "b@x"), "ike-wild");
  EXPECT_EQ(pick("a@x", "b@x"), "ike-any");
}

TEST(Secrets, Errors) {
  EXPECT_EQ(load_error("secrets {\n  ike-t {\n    id = x\n  }\n}\n"),
            "swanctl.conf:2: secret 'ike-t' has no 'secret'");
  EXPECT_EQ(load_error("secrets {\n  ike-t {\n    secret = \"\"\n  }\n}\n"),
            "swanctl.conf:3: the secret in secret 'ike-t' is empty");
  EXPECT_EQ(load_error("secrets {\n  ike-t {\n    secret = 0xabc\n  }\n}\n"),
            "swanctl.conf:3: invalid secret in secret 'ike-t': 0x needs an even number of hex "
            "digits");
  EXPECT_EQ(load_error("secrets {\n  ike-t {\n    secret = x\n    secrte = y\n  }\n}\n"),
            "swanctl.conf:4: unknown key 'secrte' in secret 'ike-t' (did you mean 'secret'?)");
  EXPECT_EQ(load_error("secrets {\n  psk-t {\n    secret = x\n  }\n}\n"),
            "swanctl.conf:2: unknown secret type 'psk-t' (secret sections are named "
            "ike<suffix>, eap, xauth, ntlm, ppk, private, rsa, ecdsa, pkcs8 or pkcs12)");
  EXPECT_EQ(load_error("secrets {\n  ike-t {\n    id = \"@#zz\"\n    secret = x\n  }\n}\n"),
            "swanctl.conf:3: invalid id '@#zz' in secret 'ike-t': 'zz' is not valid hex");
  EXPECT_EQ(load_error("secrets {\n  ntlm-t {\n    secret = short\n  }\n}\n"),
            "swanctl.conf:3: the NTLM secret in secret 'ntlm-t' must be the 16-byte NT hash, as "
            "0x or 0s");
  EXPECT_EQ(load_error("secrets {\n  token-1 {\n    handle = 01\n  }\n}\n"),
            "swanctl.conf:2: secret 'token-1' is not supported by oakley: keys on tokens "
            "(PKCS#11) are not implemented");
  EXPECT_EQ(load_error("secrets {\n  private-1 {\n    secret = x\n  }\n}\n"),
            "swanctl.conf:2: secret 'private-1' has no 'file'");
}

}  // namespace
}  // namespace oakley::config
