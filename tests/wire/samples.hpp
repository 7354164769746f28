// Test support: representative messages of both IKE versions, built with the typed API. Used by
// the round-trip, tshark and fuzz-seed tests. Key material is a fixed byte pattern.
#pragma once

#include <string>
#include <vector>

#include "wire/ikev1/message.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::wire::test {

Bytes pattern(std::size_t n, std::uint8_t seed);

inline constexpr std::uint64_t kSpiI = 0x0123456789abcdefULL;
inline constexpr std::uint64_t kSpiR = 0xfedcba9876543210ULL;

namespace v2 {

ikev2::Header header(ikev2::ExchangeType type, std::uint32_t message_id, bool response);

ikev2::Message ike_sa_init_request();
ikev2::Message ike_sa_init_response();
ikev2::Message ike_sa_init_cookie();

// Inner payload chains (the plaintext of SK).
std::vector<ikev2::Payload> ike_auth_request_inner();
std::vector<ikev2::Payload> ike_auth_response_inner();
std::vector<ikev2::Payload> eap_request_inner();
std::vector<ikev2::Payload> create_child_sa_request_inner();
std::vector<ikev2::Payload> create_child_sa_response_inner();
std::vector<ikev2::Payload> informational_delete_inner();

// `inner` encrypted with a pretend NULL cipher: SK body = 16-byte IV || chain || pad || pad
// length || 16-byte ICV pattern.
ikev2::Message encrypted(ikev2::Header h, const std::vector<ikev2::Payload>& inner);
// Fragment `number` of `total` of that body (RFC 7383).
ikev2::Message fragment(ikev2::Header h, std::uint16_t number, std::uint16_t total,
                        ikev2::PayloadType first);
// The same payloads unencrypted, so a dissector can check them.
ikev2::Message plaintext(ikev2::Header h, std::vector<ikev2::Payload> inner);

struct Named {
  std::string name;
  ikev2::Message message;
};
// IKE_SA_INIT pair + cookie, IKE_AUTH (SK) pair, an SKF fragment, CREATE_CHILD_SA pair,
// INFORMATIONAL, and plaintext versions of every inner chain.
std::vector<Named> all_messages();

}  // namespace v2

namespace v1 {

ikev1::Header header(ikev1::ExchangeType type, std::uint32_t message_id, bool responder_known);

ikev1::Message main_mode_1();
ikev1::Message main_mode_2();
ikev1::Message main_mode_3();
ikev1::Message main_mode_4();
ikev1::Message aggressive_1();

std::vector<ikev1::Payload> main_mode_5_inner();
std::vector<ikev1::Payload> quick_mode_1_inner();
std::vector<ikev1::Payload> quick_mode_2_inner();
std::vector<ikev1::Payload> quick_mode_3_inner();
std::vector<ikev1::Payload> dpd_inner(bool ack);
std::vector<ikev1::Payload> delete_inner();
std::vector<ikev1::Payload> xauth_request_inner();
std::vector<ikev1::Payload> mode_config_reply_inner();

// `inner` with the E flag, encrypted with a pretend NULL cipher (chain padded to 16 bytes).
ikev1::Message encrypted(ikev1::Header h, const std::vector<ikev1::Payload>& inner);
ikev1::Message plaintext(ikev1::Header h, std::vector<ikev1::Payload> inner);
ikev1::Message fragment(std::uint8_t number, bool last);

struct Named {
  std::string name;
  ikev1::Message message;
};
// MM1..MM4, encrypted MM5, aggressive mode 1, QM1..QM3, DPD, delete, XAUTH, Mode Config (the
// encrypted ones also in plaintext) and a fragment.
std::vector<Named> all_messages();

}  // namespace v1

}  // namespace oakley::wire::test
