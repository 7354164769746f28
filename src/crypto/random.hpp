// Randomness from OpenSSL's DRBG. Public values (nonces, IVs, SPIs, cookies) come from the public
// DRBG, secrets (private keys, key material) from the private one (RAND_priv_bytes), so an
// observer of public output learns nothing about the stream secrets come from.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/secret.hpp"

namespace oakley::crypto {

Bytes random_bytes(std::size_t n);
void random_fill(MutableByteView out);
SecretBytes random_secret(std::size_t n);
std::uint32_t random_u32();
std::uint64_t random_u64();

}  // namespace oakley::crypto
