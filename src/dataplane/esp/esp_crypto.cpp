#include "dataplane/esp/esp_crypto.hpp"

#include <algorithm>
#include <string>

namespace oakley::dataplane::esp {

namespace {

Status check_key_length(const SaAlgorithms& a, ByteView encr_key) {
  auto want = crypto::encr_keymat_size(a.encr, a.encr_key_bits);
  if (!want) return want.take_error();
  if (encr_key.size() != *want)
    return make_error(std::string(encr_name(a.encr)) + " with " + std::to_string(a.encr_key_bits) +
                      "-bit keys needs " + std::to_string(*want) + " bytes of key material, got " +
                      std::to_string(encr_key.size()));
  return {};
}

Status check_combination(const SaAlgorithms& a) {
  if (oakley::is_aead(a.encr) && a.integ != IntegId::kNone)
    return make_error(std::string(encr_name(a.encr)) +
                      " is a combined-mode cipher and takes no integrity transform, got " +
                      std::string(integ_name(a.integ)));
  if (a.encr == EncrId::kNull && a.integ == IntegId::kNone)
    return make_error("ESP with NULL encryption needs an integrity transform (RFC 4303 3.2)");
  return {};
}

}  // namespace

Result<std::unique_ptr<EspCrypto>> EspCrypto::create(const SaAlgorithms& algorithms,
                                                     ByteView encr_key, ByteView integ_key) {
  if (auto s = check_combination(algorithms); !s) return s.take_error();
  if (auto s = check_key_length(algorithms, encr_key); !s) return s.take_error();
  std::unique_ptr<EspCrypto> c(new EspCrypto());
  if (oakley::is_aead(algorithms.encr)) {
    auto aead = crypto::Aead::create(algorithms.encr, encr_key);
    if (!aead) return aead.take_error();
    c->aead_ = std::move(aead).value();
    c->gmac_ = algorithms.encr == EncrId::kNullAuthAesGmac;
    c->counter_iv_ = true;
    c->iv_size_ = c->aead_->iv_size();
    c->icv_size_ = c->aead_->icv_size();
    return c;
  }
  auto cipher = crypto::Cipher::create(algorithms.encr, encr_key);
  if (!cipher) return cipher.take_error();
  c->cipher_ = std::move(cipher).value();
  c->counter_iv_ = oakley::is_ctr(algorithms.encr);
  c->iv_size_ = c->cipher_->iv_size();
  c->pad_align_ = std::max<std::size_t>(4, c->cipher_->block_size());
  if (algorithms.integ != IntegId::kNone) {
    auto integ = crypto::Integrity::create(algorithms.integ, integ_key);
    if (!integ) return integ.take_error();
    c->integ_ = std::move(integ).value();
    c->icv_size_ = c->integ_->icv_size();
  } else if (!integ_key.empty()) {
    return make_error("an integrity key was given without an integrity transform");
  }
  return c;
}

}  // namespace oakley::dataplane::esp
