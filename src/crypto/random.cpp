#include "crypto/random.hpp"

#include <openssl/rand.h>

#include <cstdlib>

namespace oakley::crypto {

namespace {

// The DRBG fails only when the OS entropy source is gone; continuing with predictable nonces or
// keys would be worse than stopping.
void check(int rc) {
  if (rc != 1) std::abort();
}

}  // namespace

void random_fill(MutableByteView out) {
  if (!out.empty()) check(RAND_bytes(out.data(), static_cast<int>(out.size())));
}

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  random_fill(out);
  return out;
}

SecretBytes random_secret(std::size_t n) {
  SecretBytes out(n);
  if (n != 0) check(RAND_priv_bytes(out.data(), static_cast<int>(n)));
  return out;
}

std::uint32_t random_u32() {
  std::uint8_t b[4];
  random_fill(b);
  return load_be32(b);
}

std::uint64_t random_u64() {
  std::uint8_t b[8];
  random_fill(b);
  return load_be64(b);
}

}  // namespace oakley::crypto
