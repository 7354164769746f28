// libFuzzer harness: what a peer's certificate-based authentication hands to our parsers. The
// first byte picks the target: an X.509 certificate (CERT payload data) and the checks run on it,
// an RFC 7427 AUTH payload body, an RFC 4754 r|s signature, a DER Name from an ID payload, or
// DN text (the configuration's ids). Nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/identity.hpp"
#include "credentials/store.hpp"
#include "crypto/pki.hpp"

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
  switch (data[0] % 5) {
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
    default:
      dn_text(rest);
  }
  return 0;
}
