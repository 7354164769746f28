// Key material sizes per transform (RFC 7296 2.17/2.18 take KEYMAT in these lengths).
#include <string>

#include "crypto/cipher.hpp"

namespace oakley::crypto {

namespace {

Error bad_key_length(EncrId alg, unsigned key_bits) {
  return make_error(std::string(encr_name(alg)) + " does not take a " + std::to_string(key_bits) +
                    "-bit key");
}

// AES, Camellia and strongSwan's Blowfish keywords: 128, 192 or 256 bits.
bool aes_bits(unsigned key_bits) {
  return key_bits == 128 || key_bits == 192 || key_bits == 256;
}

// Salt or nonce appended to the cipher key (RFC 3686, 4106, 4309, 4543, 5529, 7634).
std::size_t salt_size(EncrId alg) {
  switch (alg) {
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
    case EncrId::kCamelliaCcm8:
    case EncrId::kCamelliaCcm12:
    case EncrId::kCamelliaCcm16:
      return 3;
    case EncrId::kAesCtr:
    case EncrId::kCamelliaCtr:
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
    case EncrId::kNullAuthAesGmac:
    case EncrId::kChacha20Poly1305:
      return 4;
    default:
      return 0;
  }
}

Result<std::size_t> fixed(EncrId alg, unsigned key_bits, unsigned fixed_bits) {
  if (key_bits != 0 && key_bits != fixed_bits) return bad_key_length(alg, key_bits);
  return std::size_t{fixed_bits / 8};
}

}  // namespace

Result<std::size_t> encr_keymat_size(EncrId alg, unsigned key_bits) {
  switch (alg) {
    case EncrId::kNull:
      return fixed(alg, key_bits, 0);
    case EncrId::kDes:
      return fixed(alg, key_bits, 64);
    case EncrId::k3Des:
      return fixed(alg, key_bits, 192);
    case EncrId::kCast:
      // strongSwan's only CAST keyword is cast128 and it sends the Key Length attribute.
      return fixed(alg, key_bits, 128);
    case EncrId::kChacha20Poly1305:
      if (key_bits != 0 && key_bits != 256) return bad_key_length(alg, key_bits);
      return 32 + salt_size(alg);
    case EncrId::kAesCbc:
    case EncrId::kAesCtr:
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
    case EncrId::kNullAuthAesGmac:
    case EncrId::kCamelliaCbc:
    case EncrId::kCamelliaCtr:
    case EncrId::kCamelliaCcm8:
    case EncrId::kCamelliaCcm12:
    case EncrId::kCamelliaCcm16:
    case EncrId::kBlowfish:
      if (!aes_bits(key_bits)) return bad_key_length(alg, key_bits);
      return key_bits / 8 + salt_size(alg);
  }
  return make_error("unsupported encryption transform " + std::to_string(static_cast<int>(alg)));
}

std::size_t integ_key_size(IntegId alg) {
  switch (alg) {
    case IntegId::kNone:
      return 0;
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacMd5_128:
    case IntegId::kAesXcbc96:
    case IntegId::kAesCmac96:
      return 16;
    case IntegId::kHmacSha1_96:
    case IntegId::kHmacSha1_160:
      return 20;
    case IntegId::kHmacSha256_128:
    case IntegId::kHmacSha256_96:
      return 32;
    case IntegId::kHmacSha384_192:
      return 48;
    case IntegId::kHmacSha512_256:
      return 64;
  }
  return 0;
}

std::size_t integ_icv_size(IntegId alg) {
  switch (alg) {
    case IntegId::kNone:
      return 0;
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacSha1_96:
    case IntegId::kAesXcbc96:
    case IntegId::kAesCmac96:
    case IntegId::kHmacSha256_96:
      return 12;
    case IntegId::kHmacMd5_128:
    case IntegId::kHmacSha256_128:
      return 16;
    case IntegId::kHmacSha1_160:
      return 20;
    case IntegId::kHmacSha384_192:
      return 24;
    case IntegId::kHmacSha512_256:
      return 32;
  }
  return 0;
}

}  // namespace oakley::crypto
