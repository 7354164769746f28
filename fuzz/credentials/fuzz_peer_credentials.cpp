// libFuzzer harness: what a peer's certificate-based authentication hands to our parsers. The
// first byte picks the target: an X.509 certificate (CERT payload data) and the checks run on it,
// an RFC 7427 AUTH payload body, an RFC 4754 r|s signature, a DER Name from an ID payload, DN
// text (the configuration's ids), an OCSP response (RFC 4806 CERT payload, or a responder's
// answer) checked against a certificate, a CRL (downloaded), or a DN pattern against a DER Name.
// Nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "config/identity.hpp"
#include "credentials/store.hpp"
#include "crypto/pki.hpp"
#include "crypto/revocation.hpp"

namespace {

using namespace oakley;

void certificate(ByteView data) {
  auto cert = crypto::Certificate::parse(data);
  if (!cert) return;
  (void)cert->subject_text();
  (void)cert->issuer_text();
  (void)cert->alt_names();
  (void)cert->is_ca();
  (void)cert->may_sign_ike();
  auto key = cert->public_key();
  (void)key.type();
  (void)key.spki_der();
  (void)crypto::verify_chain(*cert, *cert);
  config::Identity id = credentials::subject_identity(*cert);
  (void)credentials::vouches_for(*cert, id);
  (void)cert->signature_algorithm();
  (void)cert->ocsp_uris();
  (void)cert->crl_uris();
  (void)cert->policy_oids();
  (void)cert->serial_text();
  (void)cert->check_validity();
  (void)cert->self_signed();
}

// Two parts: a 2-byte length, that many bytes of one, the rest the other.
bool split(ByteView data, ByteView& first, ByteView& second) {
  if (data.size() < 2) return false;
  std::size_t len = (std::size_t{data[0]} << 8) | data[1];
  if (len > data.size() - 2) return false;
  first = data.subspan(2, len);
  second = data.subspan(2 + len);
  return true;
}

// A certificate (its own issuer and trust anchor), then an OCSP response about it.
void ocsp(ByteView data) {
  ByteView cert_der, response;
  if (!split(data, cert_der, response)) return;
  auto cert = crypto::Certificate::parse(cert_der);
  if (!cert) return;
  crypto::OcspCheck check;
  check.trusted = std::span<const crypto::Certificate>(&*cert, 1);
  check.now = 1700000000;
  (void)crypto::check_ocsp_response(response, *cert, *cert, check);
  (void)crypto::ocsp_cert_id(*cert, *cert);
}

void crl(ByteView data) {
  auto list = crypto::Crl::parse(data);
  if (!list) return;
  (void)list->issuer_text();
  (void)list->this_update();
  (void)list->next_update();
  (void)list->size();
}

void dn_pattern(ByteView data) {
  ByteView pattern, name;
  if (!split(data, pattern, name)) return;
  (void)crypto::dn_match(pattern, name);
  // Every name that parses matches itself as a pattern ("*" values match anything).
  if (crypto::dn_equal(pattern, pattern) && !crypto::dn_match(pattern, pattern)) __builtin_trap();
}

void names(ByteView data) {
  (void)crypto::dn_text(data);
  (void)crypto::dn_equal(data, data);
}

void dn_text(ByteView data) {
  std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  if (auto der = crypto::encode_dn(text)) {
    if (!crypto::dn_equal(*der, *der)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  ByteView rest(data + 1, size - 1);
  switch (data[0] % 8) {
    case 0:
      certificate(rest);
      break;
    case 1:
      (void)crypto::parse_rfc7427_auth_data(rest);
      break;
    case 2:
      (void)crypto::ecdsa_raw_to_der(rest);
      break;
    case 3:
      names(rest);
      break;
    case 4:
      dn_text(rest);
      break;
    case 5:
      ocsp(rest);
      break;
    case 6:
      crl(rest);
      break;
    default:
      dn_pattern(rest);
  }
  return 0;
}
