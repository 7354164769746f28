// Internal to src/crypto: the DH families behind DhKeyPair and what they share.
#pragma once

#include <memory>

#include "crypto/dh.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto::detail {

const char* modp_prime_hex(DhId id);  // nullptr if not a safe-prime MODP group
// OpenSSL's name of an RFC 5114 group ("dh_1024_160", ...), nullptr for other groups.
const char* rfc5114_group_name(DhId id);
std::size_t modp_size(DhId id);  // prime length in bytes, 0 if not MODP
std::size_t ecp_coordinate_size(DhId id);
std::size_t ecx_size(DhId id);

Result<std::unique_ptr<DhKeyPair>> modp_generate(DhId id);
Result<std::unique_ptr<DhKeyPair>> modp_from_private(DhId id, ByteView x);
Result<std::unique_ptr<DhKeyPair>> ecp_generate(DhId id);
Result<std::unique_ptr<DhKeyPair>> ecp_from_private(DhId id, ByteView d);
Result<std::unique_ptr<DhKeyPair>> ecx_generate(DhId id);
Result<std::unique_ptr<DhKeyPair>> ecx_from_private(DhId id, ByteView k);

// EVP_PKEY_derive of `own` with `peer` into exactly `size` bytes (MODP output padded).
Result<SecretBytes> pkey_derive(EVP_PKEY* own, EVP_PKEY* peer, std::size_t size, bool dh_pad);

// A keygen context per (thread, template), so generating a key skips the provider fetches of
// creating and initialising a context.
EVP_PKEY_CTX* keygen_ctx(DhId id, EVP_PKEY* domain_template);
Result<ossl::PkeyPtr> keygen(DhId id, EVP_PKEY* domain_template);

}  // namespace oakley::crypto::detail
