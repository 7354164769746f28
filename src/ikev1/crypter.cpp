#include "ikev1/crypter.hpp"

#include <fmt/format.h>

namespace oakley::ikev1 {

Result<Crypter> Crypter::create(EncrId alg, const SecretBytes& key) {
  auto cipher = crypto::Cipher::create(alg, key);
  if (!cipher) return cipher.take_error();
  return Crypter(std::shared_ptr<crypto::Cipher>(std::move(*cipher)));
}

Result<Bytes> Crypter::encrypt(ByteView plaintext, Bytes& iv) const {
  std::size_t bs = block_size();
  if (iv.size() != bs) {
    return make_error(fmt::format("IV of {} bytes, the cipher needs {}", iv.size(), bs));
  }
  // RFC 2409 5.3: padding with zeros is what every implementation accepts (a receiver finds the
  // end of the chain by next payload 0, not by a pad length). Sized once: the plaintext is
  // encrypted in place, and no copy of it is left in a buffer freed while growing.
  std::size_t padded = plaintext.empty() || plaintext.size() % bs != 0
                           ? (plaintext.size() / bs + 1) * bs
                           : plaintext.size();
  Bytes data;
  data.reserve(padded);
  data.assign(plaintext.begin(), plaintext.end());
  data.resize(padded, 0);
  if (!cipher_->encrypt(iv, data)) {
    secure_wipe(data.data(), data.size());
    return make_error("encryption failed");
  }
  iv.assign(data.end() - static_cast<std::ptrdiff_t>(bs), data.end());
  return data;
}

Result<SecretBytes> Crypter::decrypt(ByteView ciphertext, Bytes& iv) const {
  std::size_t bs = block_size();
  if (iv.size() != bs) {
    return make_error(fmt::format("IV of {} bytes, the cipher needs {}", iv.size(), bs));
  }
  if (ciphertext.empty() || ciphertext.size() % bs != 0) {
    return make_error(
        fmt::format("encrypted body of {} bytes is not a multiple of the {}-byte cipher block",
                    ciphertext.size(), bs));
  }
  SecretBytes data(ciphertext);
  Bytes next_iv(ciphertext.end() - static_cast<std::ptrdiff_t>(bs), ciphertext.end());
  if (!cipher_->decrypt(iv, data.mutable_view())) return make_error("decryption failed");
  iv = std::move(next_iv);
  return data;
}

}  // namespace oakley::ikev1
