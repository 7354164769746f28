#include "common/secret.hpp"

#include <openssl/crypto.h>

namespace oakley {

void secure_wipe(void* p, std::size_t n) {
  if (p != nullptr && n != 0) OPENSSL_cleanse(p, n);
}

bool SecretBytes::operator==(const SecretBytes& o) const {
  // Constant time: comparing secrets (e.g. a PSK-derived AUTH) must not leak where they differ.
  return size() == o.size() && CRYPTO_memcmp(data(), o.data(), size()) == 0;
}

}  // namespace oakley
