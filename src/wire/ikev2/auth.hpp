// AUTH payload (RFC 7296 3.8).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct AuthPayload {
  AuthMethod method = AuthMethod::kSharedKeyMic;
  Bytes data{};  // for kDigitalSignature: ASN.1 length, AlgorithmIdentifier, signature (RFC 7427)
  bool operator==(const AuthPayload&) const = default;
};

// Method, three reserved bytes, then at least one byte of authentication data.
Result<AuthPayload> parse_auth(ByteView body);
void encode_auth(Writer& w, const AuthPayload& a);

}  // namespace oakley::wire::ikev2
