#include "crypto/compare.hpp"

#include <openssl/crypto.h>

namespace oakley::crypto {

bool equal_constant_time(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace oakley::crypto
