// The RAND_METHOD interface is deprecated in OpenSSL 3 but is still what RAND_bytes_ex and
// RAND_priv_bytes_ex consult first; the project hides deprecated APIs everywhere else.
#undef OPENSSL_NO_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypto/testing/deterministic_random.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace oakley::crypto::testing {

namespace {

struct Stream {
  std::uint64_t seed = 0;
  std::uint64_t counter = 0;
  std::array<unsigned char, 32> block{};
  std::size_t used = sizeof(block);
};

Stream stream;

void refill() {
  unsigned char input[16];
  for (int i = 0; i < 8; ++i) {
    input[i] = static_cast<unsigned char>(stream.seed >> (56 - 8 * i));
    input[8 + i] = static_cast<unsigned char>(stream.counter >> (56 - 8 * i));
  }
  ++stream.counter;
  unsigned int len = 0;
  if (EVP_Digest(input, sizeof(input), stream.block.data(), &len, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  stream.used = 0;
}

int deterministic_bytes(unsigned char* out, int num) {
  for (int i = 0; i < num; ++i) {
    if (stream.used == stream.block.size()) refill();
    out[i] = stream.block[stream.used++];
  }
  return 1;
}

int ignore_seed(const void*, int) {
  return 1;
}
int ignore_add(const void*, int, double) {
  return 1;
}
int always_ready() {
  return 1;
}

const RAND_METHOD kMethod = {ignore_seed, deterministic_bytes, nullptr,
                             ignore_add,  deterministic_bytes, always_ready};

}  // namespace

void use_deterministic_random(std::uint64_t seed) {
  stream = Stream{};
  stream.seed = seed;
  if (RAND_get_rand_method() != &kMethod && RAND_set_rand_method(&kMethod) != 1) std::abort();
}

void use_system_random() {
  if (RAND_set_rand_method(nullptr) != 1) std::abort();
}

}  // namespace oakley::crypto::testing
