// IKE_AUTH may move a responder's SA from the connection its addresses matched in IKE_SA_INIT to
// the one its identities match, but only to a connection that allows the IKE algorithms already
// negotiated: a peer must not get a connection's policy with algorithms that policy forbids.
#include <fmt/format.h>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

// Two connections on the same addresses: `t` for anyone in example.test (matched first by
// address), `strict` for the left's identity with its own IKE proposals.
std::string gateway(const std::string& strict_proposals) {
  return fmt::format(R"(connections {{
  t {{
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = aes128gcm16-prfsha256-x25519
    local {{
      auth = psk
      id = right@example.test
    }}
    remote {{
      auth = psk
      id = *@example.test
    }}
    children {{
      net {{
        local_ts = 10.2.0.0/24
        remote_ts = 10.1.0.0/24
        esp_proposals = aes128gcm16
      }}
    }}
  }}
  strict {{
    version = 2
    local_addrs = 192.0.2.2
    remote_addrs = 192.0.2.1
    proposals = {strict}
    local {{
      auth = psk
      id = right@example.test
    }}
    remote {{
      auth = psk
      id = left@example.test
    }}
    children {{
      net {{
        local_ts = 10.2.0.0/24
        remote_ts = 10.1.0.0/24
        esp_proposals = aes128gcm16
      }}
    }}
  }}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "test-psk-0123456789"
  }}
}}
)",
                     fmt::arg("strict", strict_proposals));
}

TEST_F(TwoEngines, IkeAuthRefusesConnectionThatForbidsTheNegotiatedProposal) {
  start(side_config(true), gateway("aes256gcm16-prfsha384-ecp384"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("AUTHENTICATION_FAILED"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(right->established(), 0u);
  EXPECT_TRUE(right->backend.sas().empty());
  EXPECT_EQ(right->engine->stats().auth_proposal_mismatch, 1u);
  EXPECT_TRUE(
      log_contains("belongs to connection 'strict', which does not accept the IKE "
                   "proposal AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"));
}

TEST_F(TwoEngines, IkeAuthMovesToConnectionThatAllowsTheNegotiatedProposal) {
  start(side_config(true), gateway("aes256gcm16-prfsha384-ecp384, aes128gcm16-prfsha256-x25519"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_EQ(right->sas().size(), 1u);
  EXPECT_EQ(right->sas()[0].connection, "strict");
  EXPECT_EQ(right->engine->stats().auth_proposal_mismatch, 0u);
}

}  // namespace
}  // namespace oakley::ikev2::testing
