#include "common/algorithm_ids.hpp"

namespace oakley {

std::string_view encr_name(EncrId id) {
  switch (id) {
    case EncrId::kDes:
      return "DES_CBC";
    case EncrId::k3Des:
      return "3DES_CBC";
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
    case IntegId::kAesCmac96:
      return "AES_CMAC_96";
    case IntegId::kHmacSha256_128:
      return "HMAC_SHA2_256_128";
    case IntegId::kHmacSha384_192:
      return "HMAC_SHA2_384_192";
    case IntegId::kHmacSha512_256:
      return "HMAC_SHA2_512_256";
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
    case DhId::kCurve25519:
      return "CURVE_25519";
    case DhId::kCurve448:
      return "CURVE_448";
  }
  return "DH_UNKNOWN";
}

}  // namespace oakley
