// Internal to src/crypto: concatenation straight into wiped memory, for seeds that hold secrets.
#pragma once

#include <algorithm>
#include <initializer_list>

#include "common/secret.hpp"

namespace oakley::crypto::detail {

inline SecretBytes secret_concat(std::initializer_list<ByteView> parts) {
  std::size_t total = 0;
  for (ByteView p : parts)
    total += p.size();
  SecretBytes out(total);
  std::uint8_t* at = out.data();
  for (ByteView p : parts)
    at = std::copy(p.begin(), p.end(), at);
  return out;
}

}  // namespace oakley::crypto::detail
