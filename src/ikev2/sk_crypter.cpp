#include "ikev2/sk_crypter.hpp"

#include "crypto/random.hpp"

namespace oakley::ikev2 {

Result<SkCrypter> SkCrypter::create(const SkKeys& keys) {
  SkCrypter c;
  if (is_aead(keys.encr)) {
    auto out = crypto::Aead::create(keys.encr, keys.encr_out);
    if (!out) return out.take_error();
    auto in = crypto::Aead::create(keys.encr, keys.encr_in);
    if (!in) return in.take_error();
    c.aead_out_ = std::move(*out);
    c.aead_in_ = std::move(*in);
    c.iv_size_ = c.aead_out_->iv_size();
    c.icv_size_ = c.aead_out_->icv_size();
    // AEAD nonces: a counter from a random start, so a retransmitted IKE SA (same keys are never
    // reused across SAs) cannot repeat one.
    c.iv_counter_ = crypto::random_u64();
    return c;
  }
  auto out = crypto::Cipher::create(keys.encr, keys.encr_out);
  if (!out) return out.take_error();
  auto in = crypto::Cipher::create(keys.encr, keys.encr_in);
  if (!in) return in.take_error();
  auto iout = crypto::Integrity::create(keys.integ, keys.integ_out);
  if (!iout) return iout.take_error();
  auto iin = crypto::Integrity::create(keys.integ, keys.integ_in);
  if (!iin) return iin.take_error();
  c.cipher_out_ = std::move(*out);
  c.cipher_in_ = std::move(*in);
  c.integ_out_ = std::move(*iout);
  c.integ_in_ = std::move(*iin);
  c.iv_size_ = c.cipher_out_->iv_size();
  c.icv_size_ = c.integ_out_->icv_size();
  c.block_size_ = c.cipher_out_->block_size();
  return c;
}

std::size_t SkCrypter::body_size(std::size_t plaintext_len) const {
  std::size_t padded = plaintext_len + 1;  // the pad length byte
  if (block_size_ > 1) padded = (padded + block_size_ - 1) / block_size_ * block_size_;
  return iv_size_ + padded + icv_size_;
}

void SkCrypter::next_iv(MutableByteView iv) {
  if (aead_out_) {
    store_be64(iv.data(), iv_counter_++);
  } else {
    crypto::random_fill(iv);  // CBC needs an unpredictable IV (RFC 7296 3.14)
  }
}

Status SkCrypter::seal(MutableByteView message, std::size_t body_offset, ByteView plaintext) {
  std::size_t body_len = body_size(plaintext.size());
  if (body_offset + body_len > message.size()) return make_error("SK body does not fit message");
  auto body = message.subspan(body_offset, body_len);
  auto iv = body.first(iv_size_);
  auto data = body.subspan(iv_size_, body_len - iv_size_ - icv_size_);
  auto icv = body.last(icv_size_);
  next_iv(iv);
  std::copy(plaintext.begin(), plaintext.end(), data.begin());
  std::size_t pad = data.size() - plaintext.size() - 1;
  for (std::size_t i = 0; i < pad; ++i)
    data[plaintext.size() + i] = 0;
  data.back() = static_cast<std::uint8_t>(pad);
  if (aead_out_) {
    ByteView aad = message.first(body_offset);
    if (!aead_out_->seal(iv, aad, data, icv)) return make_error("AEAD encryption failed");
    return {};
  }
  if (!cipher_out_->encrypt(iv, data)) return make_error("encryption failed");
  ByteView covered = message.first(body_offset + body_len - icv_size_);
  integ_out_->compute({covered}, icv);
  return {};
}

Result<Bytes> SkCrypter::open(ByteView message, std::size_t body_offset) {
  if (body_offset > message.size()) return make_error("SK payload beyond message");
  std::size_t body_len = message.size() - body_offset;
  if (body_len < iv_size_ + icv_size_ + 1) return make_error("SK payload too short");
  std::size_t data_len = body_len - iv_size_ - icv_size_;
  if (block_size_ > 1 && data_len % block_size_ != 0) {
    return make_error("SK ciphertext is not a multiple of the cipher block size");
  }
  auto body = message.subspan(body_offset);
  ByteView iv = body.first(iv_size_);
  ByteView icv = body.last(icv_size_);
  Bytes data(body.begin() + static_cast<std::ptrdiff_t>(iv_size_),
             body.begin() + static_cast<std::ptrdiff_t>(iv_size_ + data_len));
  if (aead_in_) {
    if (!aead_in_->open(iv, message.first(body_offset), data, icv)) {
      return make_error("integrity check of the SK payload failed");
    }
  } else {
    if (!integ_in_->verify({message.first(message.size() - icv_size_)}, icv)) {
      return make_error("integrity check of the SK payload failed");
    }
    if (!cipher_in_->decrypt(iv, data)) return make_error("decryption failed");
  }
  std::size_t pad = data.back();
  if (pad + 1 > data.size()) return make_error("SK padding length exceeds the payload");
  data.resize(data.size() - pad - 1);
  return data;
}

}  // namespace oakley::ikev2
