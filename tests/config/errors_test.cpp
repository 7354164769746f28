// Every class of error, with the exact file:line and text an operator sees.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::conn;
using testing::load_error;

TEST(Errors, UnknownKeyWithSuggestion) {
  EXPECT_EQ(load_error("connections {\n  site-b {\n    version = 2\n    remote_addr = 192.0.2.2\n"
                       "  }\n}\n"),
            "swanctl.conf:4: unknown key 'remote_addr' in connection 'site-b' (did you mean "
            "'remote_addrs'?)");
  EXPECT_EQ(load_error(conn("", "local_ts = 10.1.0.0/24\nesp_proposal = aes128gcm16")),
            "swanctl.conf:7: unknown key 'esp_proposal' in child 'net' of connection 'c' (did "
            "you mean 'esp_proposals'?)");
  EXPECT_EQ(load_error("connections {\n  c {\n    local {\n      auht = psk\n    }\n  }\n}\n"),
            "swanctl.conf:4: unknown key 'auht' in section 'local' of connection 'c' (did you "
            "mean 'auth'?)");
}

TEST(Errors, UnknownKeyWithIpsecConfHint) {
  EXPECT_EQ(load_error(conn("leftsubnet = 10.1.0.0/24")),
            "swanctl.conf:3: unknown key 'leftsubnet' in connection 'c' (ipsec.conf's leftsubnet "
            "is 'local_ts' in a section under 'children')");
  EXPECT_EQ(load_error(conn("esp_proposals = aes128gcm16")),
            "swanctl.conf:3: unknown key 'esp_proposals' in connection 'c' ('esp_proposals' "
            "belongs in a section under 'children')");
  EXPECT_EQ(load_error(conn("remote.id = x")),
            "swanctl.conf:3: unknown key 'remote.id' in connection 'c' (keys cannot contain '.': "
            "write the sub-section as a block, e.g. local { id = x })");
  EXPECT_EQ(load_error(conn("frobnicate = 1")),
            "swanctl.conf:3: unknown key 'frobnicate' in connection 'c'");
}

TEST(Errors, UnknownSections) {
  EXPECT_EQ(load_error("connections {\n  c {\n    childs {\n    }\n  }\n}\n"),
            "swanctl.conf:3: unknown section 'childs' in connection 'c' (did you mean "
            "'children'?)");
  EXPECT_EQ(load_error("conections {\n}\n"),
            "swanctl.conf:1: unknown section 'conections' at top level (did you mean "
            "'connections'?) (expected connections, secrets, pools, authorities or oakley)");
  EXPECT_EQ(load_error("version = 2\n"),
            "swanctl.conf:1: key 'version' outside of any section (swanctl.conf keys live in "
            "connections, secrets, pools, authorities or oakley)");
  EXPECT_EQ(load_error("connections {\n  version = 2\n}\n"),
            "swanctl.conf:2: unknown key 'version' in the connections section");
  EXPECT_EQ(load_error("authorities {\n  ca {\n    cacert = ca.pem\n    crl_uri = x\n  }\n}\n"),
            "swanctl.conf:4: unknown key 'crl_uri' in authority 'ca' (did you mean 'crl_uris'?)");
  EXPECT_EQ(load_error("connections {\n  c {\n    local {\n      cert-1 {\n        handle = 01\n"
                       "      }\n    }\n  }\n}\n"),
            "swanctl.conf:4: section 'cert-1' in section 'local' of connection 'c' is not "
            "supported by oakley: certificates on tokens (PKCS#11) are not implemented; list "
            "certificate files in certs");
}

TEST(Errors, InvalidValues) {
  EXPECT_EQ(load_error(conn("version = 3")),
            "swanctl.conf:3: invalid version '3' in connection 'c': expected 0 (IKEv2, or either "
            "as responder), 1 (IKEv1) or 2 (IKEv2)");
  EXPECT_EQ(load_error(conn("rekey_time = 4 hours")),
            "swanctl.conf:3: invalid rekey_time '4 hours' in connection 'c': expected a time such "
            "as 30 (seconds), 30s, 5m, 1h or 2d");
  // DNS names load (tests/config/dns_names_test.cpp); what is no name stays an error.
  EXPECT_EQ(load_error(conn("remote_addrs = vpn..example.com")),
            "swanctl.conf:3: invalid remote_addrs 'vpn..example.com' in connection 'c': "
            "'vpn..example.com': a DNS name has no empty labels (\"..\")");
  EXPECT_EQ(load_error(conn("local_addrs = 192.0.2.1, gw!.example")),
            "swanctl.conf:3: invalid local_addrs '192.0.2.1, gw!.example' in connection 'c': "
            "'gw!.example': expected an IPv4 or IPv6 address");
  EXPECT_EQ(load_error(conn("", "mode = tunel")),
            "swanctl.conf:6: invalid mode 'tunel' in child 'net' of connection 'c': expected "
            "tunnel, transport, pass or drop");
  EXPECT_EQ(load_error(conn("", "mode = beet")),
            "swanctl.conf:6: invalid mode 'beet' in child 'net' of connection 'c': BEET and "
            "transport proxy modes are not supported by oakley; use tunnel or transport");
  EXPECT_EQ(load_error(conn("", "local_ts = 10.1.0.0/24[tcp/99999]")),
            "swanctl.conf:6: invalid local_ts '10.1.0.0/24[tcp/99999]' in child 'net' of "
            "connection 'c': '10.1.0.0/24[tcp/99999]': port '99999' must be 0 to 65535");
  EXPECT_EQ(load_error(conn("local_port = 0")),
            "swanctl.conf:3: invalid local_port '0' in connection 'c': expected a UDP port, 1 to "
            "65535");
  EXPECT_EQ(load_error(conn("send_cert = sometimes")),
            "swanctl.conf:3: invalid send_cert 'sometimes' in connection 'c': expected ifasked, "
            "always or never");
  EXPECT_EQ(load_error("connections {\n  c {\n    remote {\n      id = \"@#q\"\n    }\n  }\n}\n"),
            "swanctl.conf:4: invalid id '@#q' in section 'remote' of connection 'c': 'q' is not "
            "valid hex");
  EXPECT_EQ(load_error("connections {\n  c {\n    remote {\n      id = @#0a0b\n    }\n  }\n}\n"),
            "swanctl.conf:4: invalid id '@' in section 'remote' of connection 'c': nothing after "
            "'@' (note that '#' starts a comment: write \"@#0a0b\" in quotes)");
  EXPECT_EQ(load_error("connections {\n  c {\n    local {\n      auth = kerberos\n    }\n  }\n"
                       "}\n"),
            "swanctl.conf:4: invalid auth 'kerberos' in section 'local' of connection 'c': "
            "expected psk, pubkey (or rsa, ecdsa, ed25519 with constraints), eap[-method], "
            "xauth[-backend] or null");
}

TEST(Errors, Proposals) {
  EXPECT_EQ(load_error(conn("proposals = aes128-sha999")),
            "swanctl.conf:3: proposal 'aes128-sha999': unknown integrity algorithm 'sha999'");
  EXPECT_EQ(load_error(conn("", "esp_proposals = aes128gcm16, aes128-sha257")),
            "swanctl.conf:6: proposal 'aes128-sha257': unknown integrity algorithm 'sha257' "
            "(did you mean 'sha256'?)");
}

TEST(Errors, UnsupportedStrongSwanOptions) {
  EXPECT_EQ(load_error(conn("", "ipcomp = yes")),
            "swanctl.conf:6: ipcomp = yes in child 'net' of connection 'c' is not supported by "
            "oakley: IPComp is not implemented");
  // An updown script that cannot run loads, with a warning naming file:line (it may be
  // installed later; each run that fails is an error in the log).
  auto missing = testing::load_ok(conn("", "updown = /nonexistent/updown.sh iptables"));
  ASSERT_EQ(missing.warnings.size(), 1u);
  EXPECT_EQ(missing.warnings[0],
            "swanctl.conf:6: updown script '/nonexistent/updown.sh' of child 'net' of "
            "connection 'c' cannot be run: No such file or directory");
  auto ok = testing::load_ok(conn("", "updown = /bin/true up\nhostaccess = yes"));
  EXPECT_TRUE(ok.warnings.empty());
  EXPECT_EQ(ok.connections.at(0).children.at(0).updown, "/bin/true up");
  EXPECT_TRUE(ok.connections.at(0).children.at(0).hostaccess);
  EXPECT_EQ(load_error(conn("", "hw_offload = yes")),
            "swanctl.conf:6: hw_offload = yes in child 'net' of connection 'c' is not supported "
            "by oakley: there is no hardware offload");
  EXPECT_EQ(load_error(conn("mediation = yes")),
            "swanctl.conf:3: mediation = yes in connection 'c' is not supported by oakley: the "
            "IKEv2 mediation extension is not implemented");
  EXPECT_EQ(load_error(conn("", "mark_in = 42")),
            "swanctl.conf:6: mark_in = 42 in child 'net' of connection 'c' is not supported by "
            "oakley: netfilter marks are not implemented");
  // The values that mean "off" load, so files that spell out strongSwan's defaults work.
  testing::load_ok(conn("mediation = no\nppk_required = no",
                        "ipcomp = no\nhw_offload = no\nupdown =\nhostaccess = no\nmark_in = 0\n"
                        "tfc_padding = 0\nsha256_96 = no\nlabel_mode = system"));
}

TEST(Errors, CrossChecks) {
  EXPECT_EQ(load_error(conn("", "start_action = start")),
            "swanctl.conf:5: child 'net' of connection 'c' has start_action = start, which needs "
            "one specific address or DNS name in remote_addrs to initiate to");
  EXPECT_EQ(load_error(conn("", "start_action = trap|start")),
            "swanctl.conf:5: child 'net' of connection 'c' has start_action = start, which needs "
            "one specific address or DNS name in remote_addrs to initiate to");
  // A trap without one peer initiates to the trapped packet's destination, in both versions.
  testing::load_ok(conn("", "start_action = trap"));
  testing::load_ok(conn("version = 2\nremote_addrs = 192.0.2.0/24", "start_action = trap"));
  testing::load_ok(conn("version = 1", "start_action = trap"));
  EXPECT_EQ(load_error("connections {\n  c {\n    local {\n      auth = psk\n    }\n  }\n}\n"),
            "swanctl.conf:2: connection 'c' authenticates with auth = psk, but the secrets "
            "section has no ike<suffix> secret");
  // As in strongSwan, IKEv1-only options load with version = 2 and have no effect there.
  testing::load_ok(conn("version = 2\naggressive = yes\ndpd_timeout = 30s"));
  EXPECT_EQ(load_error(conn("", "rekey_time = 1h\nlife_time = 30m")),
            "swanctl.conf:7: life_time in child 'net' of connection 'c' must be longer than "
            "rekey_time, or the CHILD_SA expires before it is rekeyed");
}

TEST(Errors, AllErrorsOfAFileAreReported) {
  std::string message = load_error(
      "connections {\n  a {\n    versoin = 2\n    rekey_time = soon\n  }\n"
      "  b {\n    proposals = aes128-md4-modp2048\n  }\n}\n");
  EXPECT_EQ(message,
            "swanctl.conf:3: unknown key 'versoin' in connection 'a' (did you mean 'version'?)\n"
            "swanctl.conf:4: invalid rekey_time 'soon' in connection 'a': expected a time such as "
            "30 (seconds), 30s, 5m, 1h or 2d\n"
            "swanctl.conf:7: proposal 'aes128-md4-modp2048': unknown integrity algorithm 'md4' "
            "(did you mean 'md5'?)");
}

TEST(Errors, LongListsAreCut) {
  std::string text = "connections {\n  c {\n";
  for (int i = 0; i < 60; ++i)
    text += "    bogus" + std::to_string(i) + " = 1\n";
  text += "  }\n}\n";
  std::string message = load_error(text);
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 50);
  EXPECT_NE(message.find("\n... and 10 more errors"), std::string::npos);
}

TEST(Errors, SyntaxErrorsComeFromTheParser) {
  EXPECT_EQ(load_error("connections {\n  c {\n    version 2\n  }\n}\n"),
            "swanctl.conf:3: expected '=' or '{' after 'version'");
}

}  // namespace
}  // namespace oakley::config
