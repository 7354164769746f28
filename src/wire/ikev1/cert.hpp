// CERT (RFC 2408 3.9) and CR, the certificate request (3.10).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct CertPayload {
  CertEncoding encoding = CertEncoding::kX509Signature;
  Bytes data{};
  bool operator==(const CertPayload&) const = default;
};

struct CertreqPayload {
  CertEncoding encoding = CertEncoding::kX509Signature;
  Bytes authority{};  // a DER distinguished name, or empty for "any"
  bool operator==(const CertreqPayload&) const = default;
};

Result<CertPayload> parse_cert(ByteView body);
void encode_cert(Writer& w, const CertPayload& c);
Result<CertreqPayload> parse_certreq(ByteView body);
void encode_certreq(Writer& w, const CertreqPayload& c);

}  // namespace oakley::wire::ikev1
