// The algorithm combinations the data-plane tests run every scenario with.
#pragma once

#include <string>
#include <vector>

#include "crypto/cipher.hpp"
#include "crypto/random.hpp"
#include "dataplane/types.hpp"

namespace oakley::dataplane::test {

struct AlgorithmCase {
  std::string name;
  SaAlgorithms algorithms;
};

inline std::vector<AlgorithmCase> all_algorithms() {
  return {
      {"aes128gcm16", {EncrId::kAesGcm16, 128}},
      {"aes256gcm16", {EncrId::kAesGcm16, 256}},
      {"aes128gcm8", {EncrId::kAesGcm8, 128}},
      {"aes192gcm12", {EncrId::kAesGcm12, 192}},
      {"aes128ccm16", {EncrId::kAesCcm16, 128}},
      {"chacha20poly1305", {EncrId::kChacha20Poly1305, 0}},
      {"aes128gmac", {EncrId::kNullAuthAesGmac, 128}},
      {"aes128_sha256", {EncrId::kAesCbc, 128, IntegId::kHmacSha256_128}},
      {"aes256_sha384", {EncrId::kAesCbc, 256, IntegId::kHmacSha384_192}},
      {"aes256_sha512", {EncrId::kAesCbc, 256, IntegId::kHmacSha512_256}},
      {"aes128_sha1", {EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}},
      {"aes128_xcbc", {EncrId::kAesCbc, 128, IntegId::kAesXcbc96}},
      {"aes128ctr_sha256", {EncrId::kAesCtr, 128, IntegId::kHmacSha256_128}},
      {"camellia128_sha256", {EncrId::kCamelliaCbc, 128, IntegId::kHmacSha256_128}},
      {"camellia256_sha256_96", {EncrId::kCamelliaCbc, 256, IntegId::kHmacSha256_96}},
      {"camellia192ctr_sha1", {EncrId::kCamelliaCtr, 192, IntegId::kHmacSha1_96}},
      {"camellia128ccm8", {EncrId::kCamelliaCcm8, 128}},
      {"camellia192ccm12", {EncrId::kCamelliaCcm12, 192}},
      {"camellia256ccm16", {EncrId::kCamelliaCcm16, 256}},
      {"aes128_md5_128", {EncrId::kAesCbc, 128, IntegId::kHmacMd5_128}},
      {"aes128_sha1_160", {EncrId::kAesCbc, 128, IntegId::kHmacSha1_160}},
      {"blowfish128_sha1", {EncrId::kBlowfish, 128, IntegId::kHmacSha1_96}},
      {"blowfish256_sha256", {EncrId::kBlowfish, 256, IntegId::kHmacSha256_128}},
      {"cast128_sha1", {EncrId::kCast, 128, IntegId::kHmacSha1_96}},
      {"3des_sha1", {EncrId::k3Des, 0, IntegId::kHmacSha1_96}},
      {"null_sha256", {EncrId::kNull, 0, IntegId::kHmacSha256_128}},
      {"aes128_noauth", {EncrId::kAesCbc, 128, IntegId::kNone}},
  };
}

// Also turns on the legacy cipher the case uses (Blowfish, CAST: opt-in in the daemon), since every
// test makes its SAs from these keys.
inline SecretBytes random_encr_key(const SaAlgorithms& a) {
  if (needs_legacy_provider(a.encr) && !crypto::legacy_cipher_enabled(a.encr)) {
    std::vector<EncrId> on;
    for (EncrId id : {EncrId::kDes, EncrId::kBlowfish, EncrId::kCast}) {
      if (id == a.encr || crypto::legacy_cipher_enabled(id)) on.push_back(id);
    }
    crypto::enable_legacy_ciphers(on);
  }
  return crypto::random_secret(crypto::encr_keymat_size(a.encr, a.encr_key_bits).value());
}
inline SecretBytes random_integ_key(const SaAlgorithms& a) {
  return crypto::random_secret(crypto::integ_key_size(a.integ));
}

}  // namespace oakley::dataplane::test
