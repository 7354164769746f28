#include "common/algorithm_ids.hpp"

namespace oakley {

std::string_view encr_name(EncrId id) {
  switch (id) {
    case EncrId::kDes:
      return "DES_CBC";
    case EncrId::k3Des:
      return "3DES_CBC";
    case EncrId::kCast:
      return "CAST_CBC";
    case EncrId::kBlowfish:
      return "BLOWFISH_CBC";
    case EncrId::kNull:
      return "NULL";
    case EncrId::kAesCbc:
      return "AES_CBC";
    case EncrId::kAesCtr:
      return "AES_CTR";
    case EncrId::kAesCcm8:
      return "AES_CCM_8";
    case EncrId::kAesCcm12:
      return "AES_CCM_12";
    case EncrId::kAesCcm16:
      return "AES_CCM_16";
    case EncrId::kAesGcm8:
      return "AES_GCM_8";
    case EncrId::kAesGcm12:
      return "AES_GCM_12";
    case EncrId::kAesGcm16:
      return "AES_GCM_16";
    case EncrId::kNullAuthAesGmac:
      return "NULL_AUTH_AES_GMAC";
    case EncrId::kCamelliaCbc:
      return "CAMELLIA_CBC";
    case EncrId::kCamelliaCtr:
      return "CAMELLIA_CTR";
    case EncrId::kCamelliaCcm8:
      return "CAMELLIA_CCM_8";
    case EncrId::kCamelliaCcm12:
      return "CAMELLIA_CCM_12";
    case EncrId::kCamelliaCcm16:
      return "CAMELLIA_CCM_16";
    case EncrId::kChacha20Poly1305:
      return "CHACHA20_POLY1305";
  }
  return "ENCR_UNKNOWN";
}

std::string_view prf_name(PrfId id) {
  switch (id) {
    case PrfId::kHmacMd5:
      return "PRF_HMAC_MD5";
    case PrfId::kHmacSha1:
      return "PRF_HMAC_SHA1";
    case PrfId::kAes128Xcbc:
      return "PRF_AES128_XCBC";
    case PrfId::kHmacSha256:
      return "PRF_HMAC_SHA2_256";
    case PrfId::kHmacSha384:
      return "PRF_HMAC_SHA2_384";
    case PrfId::kHmacSha512:
      return "PRF_HMAC_SHA2_512";
    case PrfId::kAes128Cmac:
      return "PRF_AES128_CMAC";
  }
  return "PRF_UNKNOWN";
}

std::string_view integ_name(IntegId id) {
  switch (id) {
    case IntegId::kNone:
      return "NONE";
    case IntegId::kHmacMd5_96:
      return "HMAC_MD5_96";
    case IntegId::kHmacSha1_96:
      return "HMAC_SHA1_96";
    case IntegId::kAesXcbc96:
      return "AES_XCBC_96";
    case IntegId::kHmacMd5_128:
      return "HMAC_MD5_128";
    case IntegId::kHmacSha1_160:
      return "HMAC_SHA1_160";
    case IntegId::kAesCmac96:
      return "AES_CMAC_96";
    case IntegId::kHmacSha256_128:
      return "HMAC_SHA2_256_128";
    case IntegId::kHmacSha384_192:
      return "HMAC_SHA2_384_192";
    case IntegId::kHmacSha512_256:
      return "HMAC_SHA2_512_256";
    case IntegId::kHmacSha256_96:
      return "HMAC_SHA2_256_96";
  }
  return "INTEG_UNKNOWN";
}

std::string_view dh_name(DhId id) {
  switch (id) {
    case DhId::kNone:
      return "NONE";
    case DhId::kModp768:
      return "MODP_768";
    case DhId::kModp1024:
      return "MODP_1024";
    case DhId::kModp1536:
      return "MODP_1536";
    case DhId::kModp2048:
      return "MODP_2048";
    case DhId::kModp3072:
      return "MODP_3072";
    case DhId::kModp4096:
      return "MODP_4096";
    case DhId::kModp6144:
      return "MODP_6144";
    case DhId::kModp8192:
      return "MODP_8192";
    case DhId::kEcp256:
      return "ECP_256";
    case DhId::kEcp384:
      return "ECP_384";
    case DhId::kEcp521:
      return "ECP_521";
    case DhId::kModp1024s160:
      return "MODP_1024_160";
    case DhId::kModp2048s224:
      return "MODP_2048_224";
    case DhId::kModp2048s256:
      return "MODP_2048_256";
    case DhId::kEcp192:
      return "ECP_192";
    case DhId::kEcp224:
      return "ECP_224";
    case DhId::kEcp224Bp:
      return "ECP_224_BP";
    case DhId::kEcp256Bp:
      return "ECP_256_BP";
    case DhId::kEcp384Bp:
      return "ECP_384_BP";
    case DhId::kEcp512Bp:
      return "ECP_512_BP";
    case DhId::kCurve25519:
      return "CURVE_25519";
    case DhId::kCurve448:
      return "CURVE_448";
  }
  return "DH_UNKNOWN";
}

namespace {

std::optional<std::string_view> weak_encr(EncrId id) {
  switch (id) {
    case EncrId::kDes:
      return "single DES has a 56-bit key (RFC 8221: MUST NOT)";
    case EncrId::kBlowfish:
    case EncrId::kCast:
      return "a 64-bit block cipher: a key must not protect much more than 2^32 blocks (Sweet32)";
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> weak_integ(IntegId id) {
  switch (id) {
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacMd5_128:
      return "HMAC-MD5 (RFC 8221: MUST NOT)";
    case IntegId::kHmacSha256_96:
      return "a non-standard 96-bit truncation of HMAC-SHA-256 (RFC 4868 uses 128 bits)";
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> weak_dh(DhId id) {
  switch (id) {
    case DhId::kModp768:
      return "a 768-bit MODP group (RFC 8247: MUST NOT)";
    case DhId::kModp1024:
    case DhId::kModp1536:
      return "a MODP group under 2048 bits (RFC 8247: SHOULD NOT)";
    case DhId::kModp1024s160:
    case DhId::kModp2048s224:
    case DhId::kModp2048s256:
      return "an RFC 5114 group: parameters without a verifiable origin, a short subgroup "
             "(RFC 8247: SHOULD NOT)";
    case DhId::kEcp192:
      return "a 192-bit curve (about 96-bit security)";
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string_view> weakness(TransformType type, std::uint16_t id) {
  switch (type) {
    case TransformType::kEncr:
      return weak_encr(static_cast<EncrId>(id));
    case TransformType::kInteg:
      return weak_integ(static_cast<IntegId>(id));
    case TransformType::kPrf:
      if (static_cast<PrfId>(id) == PrfId::kHmacMd5) return "HMAC-MD5 as PRF (RFC 8247: MUST NOT)";
      return std::nullopt;
    case TransformType::kDh:
      return weak_dh(static_cast<DhId>(id));
    case TransformType::kEsn:
      return std::nullopt;
    default:
      if (is_additional_ke(type)) return weak_dh(static_cast<DhId>(id));
      return std::nullopt;
  }
}

}  // namespace oakley
