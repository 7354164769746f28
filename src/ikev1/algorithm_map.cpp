#include "ikev1/algorithm_map.hpp"

#include <fmt/format.h>

#include "crypto/cipher.hpp"
#include "wire/ikev1/constants.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

struct HashRow {
  w::Phase1Hash wire;
  HashAlgorithms algs;
};

constexpr HashRow kHashes[] = {
    {w::Phase1Hash::kMd5, {IntegId::kHmacMd5_96, PrfId::kHmacMd5, crypto::HashAlg::kMd5}},
    {w::Phase1Hash::kSha1, {IntegId::kHmacSha1_96, PrfId::kHmacSha1, crypto::HashAlg::kSha1}},
    {w::Phase1Hash::kSha2_256,
     {IntegId::kHmacSha256_128, PrfId::kHmacSha256, crypto::HashAlg::kSha256}},
    {w::Phase1Hash::kSha2_384,
     {IntegId::kHmacSha384_192, PrfId::kHmacSha384, crypto::HashAlg::kSha384}},
    {w::Phase1Hash::kSha2_512,
     {IntegId::kHmacSha512_256, PrfId::kHmacSha512, crypto::HashAlg::kSha512}},
};

struct AuthRow {
  w::IpsecAuthAlgorithm wire;
  IntegId integ;
};

constexpr AuthRow kAuths[] = {
    {w::IpsecAuthAlgorithm::kHmacMd5, IntegId::kHmacMd5_96},
    {w::IpsecAuthAlgorithm::kHmacSha1, IntegId::kHmacSha1_96},
    {w::IpsecAuthAlgorithm::kHmacSha2_256, IntegId::kHmacSha256_128},
    {w::IpsecAuthAlgorithm::kHmacSha2_384, IntegId::kHmacSha384_192},
    {w::IpsecAuthAlgorithm::kHmacSha2_512, IntegId::kHmacSha512_256},
    {w::IpsecAuthAlgorithm::kAesXcbcMac, IntegId::kAesXcbc96},
};

struct EspRow {
  w::EspTransformId wire;
  EncrId encr;
};

// RFC 2407 4.4.4 and its registry; Camellia (22) is CBC only in IKEv1 (RFC 4312), as in charon.
constexpr EspRow kEsp[] = {
    {w::EspTransformId::kDes, EncrId::kDes},
    {w::EspTransformId::k3des, EncrId::k3Des},
    {w::EspTransformId::kCast, EncrId::kCast},
    {w::EspTransformId::kBlowfish, EncrId::kBlowfish},
    {w::EspTransformId::kCamellia, EncrId::kCamelliaCbc},
    {w::EspTransformId::kNull, EncrId::kNull},
    {w::EspTransformId::kAes, EncrId::kAesCbc},
    {w::EspTransformId::kAesCtr, EncrId::kAesCtr},
    {w::EspTransformId::kAesCcm8, EncrId::kAesCcm8},
    {w::EspTransformId::kAesCcm12, EncrId::kAesCcm12},
    {w::EspTransformId::kAesCcm16, EncrId::kAesCcm16},
    {w::EspTransformId::kAesGcm8, EncrId::kAesGcm8},
    {w::EspTransformId::kAesGcm12, EncrId::kAesGcm12},
    {w::EspTransformId::kAesGcm16, EncrId::kAesGcm16},
    {w::EspTransformId::kNullAuthAesGmac, EncrId::kNullAuthAesGmac},
};

}  // namespace

struct Phase1EncrRow {
  w::Phase1Encryption wire;
  EncrId encr;
};

// RFC 2409 appendix A, RFC 3602 (AES), RFC 4312 (Camellia).
constexpr Phase1EncrRow kPhase1Encr[] = {
    {w::Phase1Encryption::kDesCbc, EncrId::kDes},
    {w::Phase1Encryption::kBlowfishCbc, EncrId::kBlowfish},
    {w::Phase1Encryption::k3desCbc, EncrId::k3Des},
    {w::Phase1Encryption::kCastCbc, EncrId::kCast},
    {w::Phase1Encryption::kAesCbc, EncrId::kAesCbc},
    {w::Phase1Encryption::kCamelliaCbc, EncrId::kCamelliaCbc},
};

std::optional<EncrId> phase1_encr_from_wire(std::uint16_t value) {
  for (const auto& r : kPhase1Encr) {
    if (static_cast<std::uint16_t>(r.wire) == value) return r.encr;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> phase1_encr_to_wire(EncrId id) {
  for (const auto& r : kPhase1Encr) {
    if (r.encr == id) return static_cast<std::uint16_t>(r.wire);
  }
  return std::nullopt;
}

std::optional<HashAlgorithms> phase1_hash_from_wire(std::uint16_t value) {
  for (const auto& r : kHashes) {
    if (static_cast<std::uint16_t>(r.wire) == value) return r.algs;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> phase1_hash_to_wire(IntegId id) {
  for (const auto& r : kHashes) {
    if (r.algs.integ == id) return static_cast<std::uint16_t>(r.wire);
  }
  return std::nullopt;
}

std::optional<HashAlgorithms> hash_algorithms(IntegId id) {
  for (const auto& r : kHashes) {
    if (r.algs.integ == id) return r.algs;
  }
  return std::nullopt;
}

std::optional<EncrId> esp_encr_from_wire(std::uint8_t transform_id) {
  for (const auto& r : kEsp) {
    if (static_cast<std::uint8_t>(r.wire) == transform_id) return r.encr;
  }
  return std::nullopt;
}

std::optional<std::uint8_t> esp_encr_to_wire(EncrId id) {
  for (const auto& r : kEsp) {
    if (r.encr == id) return static_cast<std::uint8_t>(r.wire);
  }
  return std::nullopt;
}

std::optional<IntegId> esp_auth_from_wire(std::uint16_t value) {
  for (const auto& r : kAuths) {
    if (static_cast<std::uint16_t>(r.wire) == value) return r.integ;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> esp_auth_to_wire(IntegId id) {
  for (const auto& r : kAuths) {
    if (r.integ == id) return static_cast<std::uint16_t>(r.wire);
  }
  return std::nullopt;
}

// strongSwan sends the Key Length attribute for every cipher with a key size in its keyword,
// CAST-128 included; a missing one means 128 bits (RFC 2409 appendix A's defaults).
bool has_key_length(EncrId id) {
  switch (id) {
    case EncrId::kBlowfish:
    case EncrId::kCast:
    case EncrId::kCamelliaCbc:
    case EncrId::kAesCbc:
    case EncrId::kAesCtr:
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
    case EncrId::kNullAuthAesGmac:
      return true;
    default:
      return false;
  }
}

Status legacy_allowed(EncrId id) {
  if (!needs_legacy_provider(id) || crypto::legacy_cipher_enabled(id)) return {};
  return make_error(
      fmt::format("{} is off (weak; list it in oakley.legacy_ciphers to allow it)", encr_name(id)));
}

}  // namespace oakley::ikev1
