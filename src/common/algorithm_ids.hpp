// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" transform IDs. Every layer names
// algorithms by these numbers (IKEv1 maps its own attribute values onto them at its edge).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace oakley {

enum class TransformType : std::uint8_t {
  kEncr = 1,
  kPrf = 2,
  kInteg = 3,
  kDh = 4,  // "Key Exchange Method"
  kEsn = 5,
};

enum class EncrId : std::uint16_t {
  kDes = 2,
  k3Des = 3,
  kNull = 11,
  kAesCbc = 12,
  kAesCtr = 13,
  kAesCcm8 = 14,
  kAesCcm12 = 15,
  kAesCcm16 = 16,
  kAesGcm8 = 18,
  kAesGcm12 = 19,
  kAesGcm16 = 20,
  kNullAuthAesGmac = 21,
  kChacha20Poly1305 = 28,
};

enum class PrfId : std::uint16_t {
  kHmacMd5 = 1,
  kHmacSha1 = 2,
  kAes128Xcbc = 4,
  kHmacSha256 = 5,
  kHmacSha384 = 6,
  kHmacSha512 = 7,
  kAes128Cmac = 8,
};

enum class IntegId : std::uint16_t {
  kNone = 0,
  kHmacMd5_96 = 1,
  kHmacSha1_96 = 2,
  kAesXcbc96 = 5,
  kAesCmac96 = 8,
  kHmacSha256_128 = 12,
  kHmacSha384_192 = 13,
  kHmacSha512_256 = 14,
};

enum class DhId : std::uint16_t {
  kNone = 0,
  kModp768 = 1,
  kModp1024 = 2,
  kModp1536 = 5,
  kModp2048 = 14,
  kModp3072 = 15,
  kModp4096 = 16,
  kModp6144 = 17,
  kModp8192 = 18,
  kEcp256 = 19,
  kEcp384 = 20,
  kEcp521 = 21,
  kCurve25519 = 31,
  kCurve448 = 32,
};

enum class EsnId : std::uint16_t { kNoEsn = 0, kEsn = 1 };

// True for combined-mode ciphers (no separate integrity transform).
constexpr bool is_aead(EncrId e) {
  switch (e) {
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
    case EncrId::kNullAuthAesGmac:
    case EncrId::kChacha20Poly1305:
      return true;
    default:
      return false;
  }
}

// Names as strongSwan's proposal keywords spell them where one exists ("aes128gcm16" is
// encr name + key bits), and as RFC names in logs ("AES_GCM_16").
std::string_view encr_name(EncrId id);
std::string_view prf_name(PrfId id);
std::string_view integ_name(IntegId id);
std::string_view dh_name(DhId id);

}  // namespace oakley
