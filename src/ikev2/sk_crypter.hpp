// Protection of the SK (and SKF) payload body of an IKE SA, both directions (RFC 7296 3.14,
// RFC 5282 for AEAD). The body is IV | ciphertext(inner payloads | padding | pad length) | ICV.
// The caller lays out the whole message with a body of body_size() bytes and passes its offset:
// AEAD authenticates everything before the body as AAD, classic integrity covers the message up
// to the ICV.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "crypto/cipher.hpp"

namespace oakley::ikev2 {

struct SkKeys {
  EncrId encr{};
  unsigned encr_key_bits = 0;
  IntegId integ = IntegId::kNone;
  SecretBytes encr_out, integ_out;  // the keys of messages we send (SK_ei if we initiated the SA)
  SecretBytes encr_in, integ_in;
};

class SkCrypter {
 public:
  static Result<SkCrypter> create(const SkKeys& keys);

  // Bytes of SK body needed for `plaintext_len` bytes of inner payloads.
  std::size_t body_size(std::size_t plaintext_len) const;
  // Encrypts `plaintext` into message[body_offset, body_offset + body_size(plaintext.size())).
  Status seal(MutableByteView message, std::size_t body_offset, ByteView plaintext);
  // Verifies and decrypts the body that runs from body_offset to the end of `message`; returns
  // the inner payload bytes without padding.
  Result<Bytes> open(ByteView message, std::size_t body_offset);

  std::size_t overhead() const { return iv_size_ + icv_size_ + 1; }

 private:
  SkCrypter() = default;
  void next_iv(MutableByteView iv);

  std::unique_ptr<crypto::Aead> aead_out_, aead_in_;
  std::unique_ptr<crypto::Cipher> cipher_out_, cipher_in_;
  std::unique_ptr<crypto::Integrity> integ_out_, integ_in_;
  std::size_t iv_size_ = 0;
  std::size_t icv_size_ = 0;
  std::size_t block_size_ = 1;
  std::uint64_t iv_counter_ = 0;  // AEAD nonces must never repeat under one key
};

}  // namespace oakley::ikev2
