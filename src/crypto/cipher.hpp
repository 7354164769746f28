// Keyed, reusable cipher and integrity contexts over OpenSSL EVP, shared by IKE (SK payloads) and
// the ESP data plane. A context is created once per SA key and reused for every packet, so the
// packet path never allocates. A context is not thread-safe: each worker thread owns its own.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"

namespace oakley::crypto {

// Key material length in bytes for an encryption transform with `key_bits` (0 = the algorithm's
// fixed size), including the salt/nonce of AEAD and CTR modes (RFC 4106, 4309, 3686, 7634).
Result<std::size_t> encr_keymat_size(EncrId alg, unsigned key_bits);
std::size_t integ_key_size(IntegId alg);
std::size_t integ_icv_size(IntegId alg);  // truncated ICV length: 12 to 32 bytes; 0 for none

// Single DES, Blowfish and CAST-128 are weak and live in OpenSSL's legacy provider: Cipher::create
// refuses them unless the configuration turned them on (oakley.legacy_ciphers), which also loads
// that provider. enable_legacy_ciphers() turns on exactly the listed ones and off the others;
// false (nothing changed) when one is not a legacy cipher (needs_legacy_provider) or the provider
// cannot be loaded.
bool enable_legacy_ciphers(const std::vector<EncrId>& on);
bool enable_legacy_ciphers(std::initializer_list<EncrId> on);
bool legacy_cipher_enabled(EncrId id);

// Combined mode (AES-GCM 8/12/16, AES-CCM 8/12/16, Camellia-CCM 8/12/16, ChaCha20-Poly1305). The
// key is key || salt; the nonce is salt || explicit IV (8 bytes) as RFC 4106/4309/5529/7634 and
// RFC 5282 use it.
// Also ENCR_NULL_AUTH_AES_GMAC (RFC 4543): `data` is authenticated like `aad` and left as is.
// Salt: 4 bytes (GCM, GMAC, ChaCha20-Poly1305), 3 bytes (CCM).
class Aead {
 public:
  virtual ~Aead() = default;
  static Result<std::unique_ptr<Aead>> create(EncrId alg, ByteView key_and_salt);

  virtual std::size_t iv_size() const = 0;   // explicit IV on the wire: 8
  virtual std::size_t icv_size() const = 0;  // 8, 12 or 16
  // Encrypts `data` in place and writes the tag into `icv` (icv.size() == icv_size()).
  virtual bool seal(ByteView iv, ByteView aad, MutableByteView data, MutableByteView icv) = 0;
  // Decrypts in place; false (and `data` unspecified) when the tag does not verify.
  virtual bool open(ByteView iv, ByteView aad, MutableByteView data, ByteView icv) = 0;
};

// Non-AEAD ciphers: AES and Camellia in CBC and CTR mode (CTR: key || 4-byte nonce), 3DES-CBC,
// the legacy DES-CBC, Blowfish-CBC and CAST-128-CBC (only when configuration enables them), NULL.
class Cipher {
 public:
  virtual ~Cipher() = default;
  static Result<std::unique_ptr<Cipher>> create(EncrId alg, ByteView key);

  // Padding unit: 16 AES/Camellia-CBC, 8 for the 64-bit block ciphers, 1 CTR and NULL.
  virtual std::size_t block_size() const = 0;
  // Explicit IV on the wire: the block size for CBC, 8 for CTR, 0 for NULL.
  virtual std::size_t iv_size() const = 0;
  // In place; for CBC data.size() is a multiple of block_size().
  virtual bool encrypt(ByteView iv, MutableByteView data) = 0;
  virtual bool decrypt(ByteView iv, MutableByteView data) = 0;
};

// Integrity (truncated MACs): HMAC-MD5-96/128, HMAC-SHA1-96/160, HMAC-SHA2-256-128/384-192/512-256,
// HMAC-SHA2-256-96 (strongSwan's number for the old Linux truncation), AES-XCBC-96, AES-CMAC-96.
// The MAC covers the concatenation of `parts`.
class Integrity {
 public:
  virtual ~Integrity() = default;
  static Result<std::unique_ptr<Integrity>> create(IntegId alg, ByteView key);

  virtual std::size_t icv_size() const = 0;
  virtual void compute(std::initializer_list<ByteView> parts, MutableByteView icv) = 0;
  // Constant-time comparison.
  virtual bool verify(std::initializer_list<ByteView> parts, ByteView icv) = 0;
};

}  // namespace oakley::crypto
