// CERT (RFC 7296 3.6) and CERTREQ (3.7) payloads.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

struct CertPayload {
  CertEncoding encoding = CertEncoding::kX509Signature;
  Bytes data{};
  bool operator==(const CertPayload&) const = default;
};

struct CertreqPayload {
  CertEncoding encoding = CertEncoding::kX509Signature;
  Bytes authorities{};  // for X.509: concatenated SHA-1 hashes of trusted CA public keys
  bool operator==(const CertreqPayload&) const = default;
};

Result<CertPayload> parse_cert(ByteView body);
void encode_cert(Writer& w, const CertPayload& c);
Result<CertreqPayload> parse_certreq(ByteView body);
void encode_certreq(Writer& w, const CertreqPayload& c);

}  // namespace oakley::wire::ikev2
