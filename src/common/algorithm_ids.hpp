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
  // RFC 9370: Additional Key Exchange 1..7, each a KE method (or NONE) done after IKE_SA_INIT
  // (IKE_INTERMEDIATE) or after CREATE_CHILD_SA (IKE_FOLLOWUP_KE).
  kAddKe1 = 6,
  kAddKe2 = 7,
  kAddKe3 = 8,
  kAddKe4 = 9,
  kAddKe5 = 10,
  kAddKe6 = 11,
  kAddKe7 = 12,
};

inline constexpr int kMaxAdditionalKe = 7;
constexpr bool is_additional_ke(TransformType t) {
  return t >= TransformType::kAddKe1 && t <= TransformType::kAddKe7;
}
// n in 1..7.
constexpr TransformType additional_ke(int n) {
  return static_cast<TransformType>(static_cast<int>(TransformType::kAddKe1) + n - 1);
}
constexpr int additional_ke_number(TransformType t) {
  return static_cast<int>(t) - static_cast<int>(TransformType::kAddKe1) + 1;
}

enum class EncrId : std::uint16_t {
  kDes = 2,
  k3Des = 3,
  kCast = 6,      // RFC 2144 CAST-128
  kBlowfish = 7,  // variable key length
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
  kCamelliaCbc = 23,  // RFC 5529
  kCamelliaCtr = 24,
  kCamelliaCcm8 = 25,
  kCamelliaCcm12 = 26,
  kCamelliaCcm16 = 27,
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
  kHmacMd5_128 = 6,   // RFC 4595
  kHmacSha1_160 = 7,  // RFC 4595
  kAesCmac96 = 8,
  kHmacSha256_128 = 12,
  kHmacSha384_192 = 13,
  kHmacSha512_256 = 14,
  // strongSwan's private-use number for the 96-bit truncation of HMAC-SHA-256 that Linux used
  // before RFC 4868 (draft-ietf-ipsec-ciph-sha-256-00); only peers configured for it agree.
  kHmacSha256_96 = 1026,
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
  kModp1024s160 = 22,  // RFC 5114 2.1-2.3: prime-order subgroups
  kModp2048s224 = 23,
  kModp2048s256 = 24,
  kEcp192 = 25,  // RFC 5114 2.6, 2.7 (NIST P-192, P-224)
  kEcp224 = 26,
  kEcp224Bp = 27,  // RFC 6954: Brainpool curves
  kEcp256Bp = 28,
  kEcp384Bp = 29,
  kEcp512Bp = 30,
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
    case EncrId::kCamelliaCcm8:
    case EncrId::kCamelliaCcm12:
    case EncrId::kCamelliaCcm16:
    case EncrId::kChacha20Poly1305:
      return true;
    default:
      return false;
  }
}

// Ciphers only OpenSSL's legacy provider has (single DES, Blowfish, CAST-128): weak, and used only
// when the configuration lists them in oakley.legacy_ciphers.
constexpr bool needs_legacy_provider(EncrId e) {
  return e == EncrId::kDes || e == EncrId::kBlowfish || e == EncrId::kCast;
}

// Counter modes (RFC 3686, RFC 5528): the IV only has to be unique, never predictable.
constexpr bool is_ctr(EncrId e) {
  return e == EncrId::kAesCtr || e == EncrId::kCamelliaCtr;
}

// Why an algorithm is considered weak (RFC 8221 / RFC 8247 and key or block sizes), for the
// warning the configuration loader gives; nullopt for algorithms that are fine.
std::optional<std::string_view> weakness(TransformType type, std::uint16_t id);

// Names as strongSwan's proposal keywords spell them where one exists ("aes128gcm16" is
// encr name + key bits), and as RFC names in logs ("AES_GCM_16").
std::string_view encr_name(EncrId id);
std::string_view prf_name(PrfId id);
std::string_view integ_name(IntegId id);
std::string_view dh_name(DhId id);

}  // namespace oakley
