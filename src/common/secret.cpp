#include "common/secret.hpp"

#include <string.h>  // explicit_bzero (glibc)

namespace oakley {

// explicit_bzero, not memset: a wipe just before free is a dead store the optimiser may drop.
// Common stays free of OpenSSL so that the layers below crypto need no libcrypto.
void secure_wipe(void* p, std::size_t n) {
  if (p != nullptr && n != 0) ::explicit_bzero(p, n);
}

bool SecretBytes::operator==(const SecretBytes& o) const {
  // Constant time in the contents: comparing secrets (e.g. a PSK-derived AUTH) must not leak
  // where they differ. The volatile reads keep the compiler from turning the loop into an early
  // exit; only the lengths, which are not secret, decide anything early.
  if (size() != o.size()) return false;
  const volatile std::uint8_t* a = data();
  const volatile std::uint8_t* b = o.data();
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < size(); ++i)
    diff |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace oakley
