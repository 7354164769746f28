// Pseudo-random functions of IKE (RFC 7296 3.3.2 transform type 2): HMAC-MD5, HMAC-SHA1,
// HMAC-SHA2-256/384/512, AES128-XCBC (RFC 4434) and AES128-CMAC (RFC 4615), plus IKEv2's prf+.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"

namespace oakley::crypto {

namespace detail {
class MacEngine;
}

bool prf_supported(PrfId id);
std::size_t prf_output_size(PrfId id);  // 16, 20, 32, 48 or 64; 0 if unsupported
// The "preferred key size" of RFC 7296 2.13/2.14 (length of SK_d, SK_pi, SK_pr): the output size
// for HMAC PRFs, 16 for the AES-based ones.
std::size_t prf_key_size(PrfId id);

// A PRF with its key already set, for computing several outputs under one key (prf+, AUTH,
// IKEv1 hashes). Not thread-safe.
class KeyedPrf {
 public:
  // Any key length: HMAC hashes long keys; AES-XCBC zero-pads shorter keys and reduces longer
  // ones with the PRF under a zero key (RFC 4434); AES-CMAC reduces every key that is not 16
  // bytes that way (RFC 4615).
  static Result<KeyedPrf> create(PrfId id, ByteView key);
  KeyedPrf(KeyedPrf&&) noexcept;
  KeyedPrf& operator=(KeyedPrf&&) noexcept;
  ~KeyedPrf();

  PrfId id() const { return id_; }
  std::size_t output_size() const { return prf_output_size(id_); }
  // prf(key, concatenation of `data`).
  SecretBytes compute(std::initializer_list<ByteView> data);
  // Same, into `out` (out.size() >= output_size()); false only if OpenSSL failed.
  bool compute_into(std::initializer_list<ByteView> data, MutableByteView out);

 private:
  KeyedPrf(PrfId id, std::unique_ptr<detail::MacEngine> engine);
  PrfId id_;
  std::unique_ptr<detail::MacEngine> engine_;
};

// The PRF as a value: create(id) once, compute(key, data) per use.
class Prf {
 public:
  static Result<Prf> create(PrfId id);
  PrfId id() const { return id_; }
  std::size_t output_size() const { return prf_output_size(id_); }
  std::size_t key_size() const { return prf_key_size(id_); }
  SecretBytes compute(ByteView key, std::initializer_list<ByteView> data) const;
  Result<KeyedPrf> keyed(ByteView key) const { return KeyedPrf::create(id_, key); }

 private:
  explicit Prf(PrfId id) : id_(id) {}
  PrfId id_;
};

// IKEv2 prf+ (RFC 7296 2.13): T1 | T2 | ... truncated to `length`, with T1 = prf(K, S | 0x01),
// Tn = prf(K, Tn-1 | S | n). Fails above 255 blocks (the counter must not wrap).
Result<SecretBytes> prf_plus(PrfId id, ByteView key, ByteView seed, std::size_t length);
Result<SecretBytes> prf_plus(KeyedPrf& prf, ByteView seed, std::size_t length);

}  // namespace oakley::crypto
