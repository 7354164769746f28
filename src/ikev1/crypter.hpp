// IKEv1 message encryption (RFC 2409 5.3, appendix B): the Phase 1 cipher in CBC mode over the
// payload chain padded with zeros to the block size. The IV is the caller's: it starts as the
// Phase 1 IV or hash(last Phase 1 block | M-ID), and after every message it becomes that
// message's last ciphertext block, per exchange.
#pragma once

#include <memory>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "crypto/cipher.hpp"

namespace oakley::ikev1 {

class Crypter {
 public:
  // `key` is the Phase 1 key (SKEYID_e, expanded per appendix B when too short).
  static Result<Crypter> create(EncrId alg, const SecretBytes& key);

  std::size_t block_size() const { return cipher_->block_size(); }
  // Pads `plaintext` with zeros to the block size and encrypts it with `iv`, which then holds the
  // last ciphertext block.
  Result<Bytes> encrypt(ByteView plaintext, Bytes& iv) const;
  // Decrypts with `iv`, which then holds the last ciphertext block. The result keeps the padding
  // (the payload chain ends at next payload 0); it may hold an XAuth password, so it is wiped
  // when freed.
  Result<SecretBytes> decrypt(ByteView ciphertext, Bytes& iv) const;

 private:
  explicit Crypter(std::shared_ptr<crypto::Cipher> cipher) : cipher_(std::move(cipher)) {}
  std::shared_ptr<crypto::Cipher> cipher_;
};

}  // namespace oakley::ikev1
