// The keyed crypto of one SA direction for one thread: an AEAD, or a cipher plus an integrity
// transform, with the sizes the ESP framing needs. The OpenSSL contexts inside are not
// thread-safe, so the TUN backend keeps one EspCrypto per SA per worker.
#pragma once

#include <cstddef>
#include <memory>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/cipher.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane::esp {

class EspCrypto {
 public:
  // Checks that the algorithms fit together (AEAD without integrity, NULL encryption only with
  // integrity) and that the keys have the lengths the transforms need.
  static Result<std::unique_ptr<EspCrypto>> create(const SaAlgorithms& algorithms,
                                                   ByteView encr_key, ByteView integ_key);

  bool is_aead() const { return aead_ != nullptr; }
  // RFC 4543 AES-GMAC: an AEAD that authenticates the payload (and the IV) without encrypting.
  bool is_gmac() const { return gmac_; }
  std::size_t iv_size() const { return iv_size_; }
  std::size_t icv_size() const { return icv_size_; }
  // The payload plus trailer is padded to a multiple of this (the cipher block, at least 4 so the
  // ICV stays 32-bit aligned, RFC 4303 2.4).
  std::size_t pad_align() const { return pad_align_; }
  // Counter modes (AEAD, CTR) only need a unique IV, so the sequence number serves; CBC needs an
  // unpredictable one (RFC 3602 2.3).
  bool counter_iv() const { return counter_iv_; }

  crypto::Aead* aead() { return aead_.get(); }
  crypto::Cipher* cipher() { return cipher_.get(); }
  crypto::Integrity* integrity() { return integ_.get(); }

 private:
  EspCrypto() = default;

  std::unique_ptr<crypto::Aead> aead_;
  std::unique_ptr<crypto::Cipher> cipher_;
  std::unique_ptr<crypto::Integrity> integ_;
  bool gmac_ = false;
  bool counter_iv_ = false;
  std::size_t iv_size_ = 0;
  std::size_t icv_size_ = 0;
  std::size_t pad_align_ = 4;
};

}  // namespace oakley::dataplane::esp
