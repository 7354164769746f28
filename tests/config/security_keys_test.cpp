// The security-relevant keys: each is either enforced (and read into the model here) or refused
// with file:line and the reason; auth constraints as libstrongswan reads them; the authorities
// section.
#include <gtest/gtest.h>

#include "config/pubkey_constraints.hpp"
#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::conn;
using testing::load_error;
using testing::load_ok;
using K = SigKeyType;
using H = SigHashName;

std::string with_remote(const std::string& remote_keys) {
  return conn("    remote {\n" + remote_keys + "\n    }");
}

PubkeyConstraints parse(std::string_view auth) {
  auto c = parse_pubkey_constraints(auth);
  EXPECT_TRUE(c.ok()) << auth << ": " << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : PubkeyConstraints{};
}

// The cases of libstrongswan's auth_cfg tests (test_sig_contraints), in our model.
TEST(PubkeyConstraints, ReadAsLibstrongswanReadsThem) {
  EXPECT_TRUE(parse("pubkey").empty());
  EXPECT_EQ(parse("rsa-sha256").chain, (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}}));
  EXPECT_EQ(parse("rsa-sha256-sha512").chain,
            (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}, {K::kRsa, H::kSha512}}));
  EXPECT_EQ(parse("rsa-sha256-ecdsa-sha256").chain,
            (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}, {K::kEcdsa, H::kSha256}}));
  EXPECT_EQ(parse("pubkey-sha256").chain,
            (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}, {K::kEcdsa, H::kSha256}}));
  // a key type without hashes constrains nothing; the last key type before a hash counts
  EXPECT_EQ(parse("rsa-ecdsa-sha256").chain,
            (std::vector<SignatureConstraint>{{K::kEcdsa, H::kSha256}}));
  auto strength = parse("rsa-4096-ecdsa-256-sha256");
  EXPECT_EQ(strength.strengths, (std::vector<KeyStrength>{{K::kRsa, 4096}, {K::kEcdsa, 256}}));
  EXPECT_EQ(strength.chain, (std::vector<SignatureConstraint>{{K::kEcdsa, H::kSha256}}));
  EXPECT_EQ(parse("ed25519-identity").chain,
            (std::vector<SignatureConstraint>{{K::kEd25519, H::kIdentity}}));
  EXPECT_EQ(parse("rsa/pss-sha256-sha384").chain,
            (std::vector<SignatureConstraint>{{K::kRsaPss, H::kSha256}, {K::kRsaPss, H::kSha384}}));
}

TEST(PubkeyConstraints, IkeConstraintsFallBackToTheChainOnes) {
  auto only_chain = parse("pubkey-sha384");
  EXPECT_FALSE(only_chain.ike_explicit);
  EXPECT_EQ(only_chain.ike, only_chain.chain);
  auto ike = parse("ike:rsa-sha256");
  EXPECT_TRUE(ike.chain.empty());
  EXPECT_TRUE(ike.ike_explicit);
  EXPECT_EQ(ike.ike, (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}}));
  auto both = parse("rsa-sha256-ike:rsa/pss-sha384");
  EXPECT_EQ(both.chain, (std::vector<SignatureConstraint>{{K::kRsa, H::kSha256}}));
  EXPECT_EQ(both.ike, (std::vector<SignatureConstraint>{{K::kRsaPss, H::kSha384}}));
}

// Where charon logs "ignoring invalid auth token", oakley refuses the file.
TEST(PubkeyConstraints, TokensCharonWouldIgnoreAreErrors) {
  for (const char* bad : {"rsa4096-sha256", "ike:sha256", "sha256", "ed25519-sha256",
                          "ecdsa-sha224", "pubkey-md5", "pubkey-sha257"}) {
    EXPECT_FALSE(parse_pubkey_constraints(bad).ok()) << bad;
  }
  EXPECT_EQ(load_error(with_remote("auth = rsa4096-sha256")),
            "swanctl.conf:4: invalid auth 'rsa4096-sha256' in section 'remote' of connection 'c': "
            "unknown constraint 'rsa4096' (expected a key type pubkey, rsa, rsa/pss, ecdsa, "
            "ed25519 or ed448, a key size after rsa or ecdsa, or a hash sha1, sha224, sha256, "
            "sha384, sha512 or identity)");
}

TEST(SecurityKeys, ConstraintsReachTheRounds) {
  auto cfg =
      load_ok(conn("    local {\n      auth = ike:ecdsa-sha384\n    }\n"
                   "    remote {\n      auth = pubkey-sha256\n    }"));
  const auto& c = cfg.connections.front();
  EXPECT_EQ(c.local.front().constraints.ike,
            (std::vector<SignatureConstraint>{{K::kEcdsa, H::kSha384}}));
  EXPECT_EQ(c.remote.front().constraints.chain.size(), 2u);
  EXPECT_EQ(c.remote.front().auth, AuthClass::kPubkey);
}

TEST(SecurityKeys, GroupsAreRefusedWithTheReason) {
  EXPECT_EQ(load_error(with_remote("groups = admins")),
            "swanctl.conf:4: groups = admins in section 'remote' of connection 'c' is not "
            "supported by oakley: group membership needs a group source (X.509 attribute "
            "certificates or an EAP/RADIUS class), and oakley has none: the constraint could "
            "never hold");
  load_ok(with_remote("groups ="));  // cleared: no constraint
}

TEST(SecurityKeys, InterfaceIdsLoadOnlyAsTheDefault) {
  EXPECT_EQ(load_error(conn("    if_id_in = 42")),
            "swanctl.conf:3: invalid if_id_in '42' in connection 'c': XFRM interface ids are not "
            "supported: the TUN data plane has no XFRM interfaces to bind SAs to (only the "
            "default 0 loads)");
  EXPECT_NE(load_error(conn("    if_id_out = %unique")).find("invalid if_id_out '%unique'"),
            std::string::npos);
  EXPECT_NE(load_error(conn("", "        if_id_in = %unique-dir"))
                .find("swanctl.conf:6: invalid "
                      "if_id_in '%unique-dir' "
                      "in child 'net'"),
            std::string::npos);
  load_ok(conn("    if_id_in = 0\n    if_id_out = 0", "        if_id_out = 0"));
}

TEST(SecurityKeys, MobikeYesLoadsWithAWarningAndNoLoads) {
  std::vector<std::string> warnings;
  int sink = log::add_sink([&](log::Level l, std::string_view, std::string_view m) {
    if (l == log::Level::kWarn) warnings.emplace_back(m);
  });
  auto yes = load_ok(conn("    mobike = yes"));
  EXPECT_TRUE(yes.connections.front().mobike);
  auto no = load_ok(conn("    mobike = no"));
  EXPECT_FALSE(no.connections.front().mobike);
  load_ok(conn("    version = 1\n    mobike = yes"));  // charon ignores it for IKEv1 too
  log::remove_sink(sink);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("swanctl.conf:3: mobike = yes in connection 'c': oakley does not "
                             "implement MOBIKE"),
            std::string::npos)
      << warnings[0];
}

TEST(SecurityKeys, OcspModeAndCertPolicyAndCaId) {
  auto cfg =
      load_ok(conn("    ocsp = request\n    remote {\n      cert_policy = 1.3.6.1.4.1.1, "
                   "2.23.140.1.2.1\n      ca_id = C=CH, O=*, CN=CA\n      revocation = "
                   "ifuri\n    }"));
  const auto& c = cfg.connections.front();
  EXPECT_EQ(c.ocsp, OcspMode::kRequest);
  EXPECT_EQ(c.remote.front().cert_policy,
            (std::vector<std::string>{"1.3.6.1.4.1.1", "2.23.140.1.2.1"}));
  EXPECT_TRUE(c.remote.front().ca_id.has_value());
  EXPECT_EQ(c.remote.front().revocation, AuthRound::Revocation::kIfUri);
  EXPECT_EQ(load_ok(conn("")).connections.front().ocsp, OcspMode::kReply);
  EXPECT_NE(load_error(conn("    ocsp = maybe")).find("expected no, request, reply or both"),
            std::string::npos);
  EXPECT_NE(load_error(with_remote("cert_policy = server")).find("'server' is not an OID"),
            std::string::npos);
}

TEST(Authorities, CacertAndUrisAreRead) {
  auto cfg = load_ok(
      "authorities {\n  strongswan {\n    cacert = ca.pem\n    crl_uris = http://crl.test/ca.crl\n"
      "    ocsp_uris = http://ocsp.test:8880, https://ocsp2.test\n  }\n"
      "  other {\n    file = /etc/ca/other.pem\n  }\n}\n");
  ASSERT_EQ(cfg.authorities.size(), 2u);
  const auto& a = cfg.authorities[0];
  EXPECT_EQ(a.name, "strongswan");
  EXPECT_EQ(a.cacert, "ca.pem");
  EXPECT_EQ(a.crl_uris, std::vector<std::string>{"http://crl.test/ca.crl"});
  EXPECT_EQ(a.ocsp_uris, (std::vector<std::string>{"http://ocsp.test:8880", "https://ocsp2.test"}));
  EXPECT_EQ(cfg.authorities[1].cacert, "/etc/ca/other.pem");
}

TEST(Authorities, WhatCannotBeHonouredIsRefused) {
  EXPECT_EQ(load_error("authorities {\n  ca {\n    cacert = ca.pem\n    cert_uri_base = "
                       "http://certs.test/\n  }\n}\n"),
            "swanctl.conf:4: cert_uri_base = http://certs.test/ in authority 'ca' is not "
            "supported by oakley: hash-and-URL certificate encoding (RFC 7296 3.6) is not "
            "implemented; send whole certificates");
  EXPECT_NE(load_error("authorities {\n  ca {\n    cacert = ca.pem\n    crl_uris = "
                       "ldap://ldap.test/cn=ca\n  }\n}\n")
                .find("only http:// and https:// URIs are fetched"),
            std::string::npos);
  EXPECT_EQ(load_error("authorities {\n  ca {\n    crl_uris = http://x/\n  }\n}\n"),
            "swanctl.conf:2: authority 'ca' has no cacert (or file)");
  EXPECT_NE(load_error("authorities {\n  ca {\n    cacert = a.pem\n    file = /b.pem\n  }\n}\n")
                .find("has both cacert and file"),
            std::string::npos);
  EXPECT_NE(load_error("authorities {\n  ca {\n    cacert = a.pem\n    handle = 01\n  }\n}\n")
                .find("(PKCS#11) are not implemented"),
            std::string::npos);
}

}  // namespace
}  // namespace oakley::config
