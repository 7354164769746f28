// Internal to src/crypto: one keyed EVP_CIPHER_CTX per direction. Keying happens once; packets
// only set a new IV (EVP_CipherInit_ex2 with a NULL key keeps the key schedule).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto::detail {

struct CipherPair {
  ossl::CipherCtxPtr enc;
  ossl::CipherCtxPtr dec;
};

// `setup` runs on each context between choosing the cipher and setting the key (AEAD IV and tag
// lengths must be set there).
template <typename Setup>
Result<CipherPair> make_cipher_pair(const EVP_CIPHER* cipher, ByteView key, Setup setup) {
  CipherPair pair{ossl::CipherCtxPtr(EVP_CIPHER_CTX_new()),
                  ossl::CipherCtxPtr(EVP_CIPHER_CTX_new())};
  if (cipher == nullptr || !pair.enc || !pair.dec) return ossl::error("cipher unavailable");
  int enc = 1;
  for (EVP_CIPHER_CTX* ctx : {pair.enc.get(), pair.dec.get()}) {
    if (EVP_CipherInit_ex2(ctx, cipher, nullptr, nullptr, enc, nullptr) != 1 || !setup(ctx) ||
        EVP_CipherInit_ex2(ctx, nullptr, key.data(), nullptr, enc, nullptr) != 1)
      return ossl::error("cannot key cipher");
    enc = 0;
  }
  return pair;
}

}  // namespace oakley::crypto::detail
