#include "config/proposal_keywords.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace oakley::config {

namespace {

template <typename Id>
Transform t(TransformType type, Id id, std::uint16_t bits = 0) {
  return Transform{type, static_cast<std::uint16_t>(id), bits};
}

// The AES keywords are regular: aes<bits>, aes<bits>ctr, aes<bits>{gcm,ccm}<icv>, aes<bits>gmac,
// where the ICV length may be given in bytes (8/12/16) or bits (64/96/128) or left out (16).
void add_aes(std::vector<std::string>& names, std::vector<Transform>& out) {
  struct Mode {
    const char* suffix;
    EncrId id;
  };
  static constexpr std::array<Mode, 16> kModes = {{
      {"", EncrId::kAesCbc},
      {"ctr", EncrId::kAesCtr},
      {"gmac", EncrId::kNullAuthAesGmac},
      {"gcm8", EncrId::kAesGcm8},
      {"gcm64", EncrId::kAesGcm8},
      {"gcm12", EncrId::kAesGcm12},
      {"gcm96", EncrId::kAesGcm12},
      {"gcm16", EncrId::kAesGcm16},
      {"gcm128", EncrId::kAesGcm16},
      {"gcm", EncrId::kAesGcm16},
      {"ccm8", EncrId::kAesCcm8},
      {"ccm64", EncrId::kAesCcm8},
      {"ccm12", EncrId::kAesCcm12},
      {"ccm96", EncrId::kAesCcm12},
      {"ccm16", EncrId::kAesCcm16},
      {"ccm128", EncrId::kAesCcm16},
  }};
  for (std::uint16_t bits : {128, 192, 256}) {
    for (const auto& m : kModes) {
      names.push_back("aes" + std::to_string(bits) + m.suffix);
      out.push_back(t(TransformType::kEncr, m.id, bits));
    }
    names.push_back("aes" + std::to_string(bits) + "ccm");
    out.push_back(t(TransformType::kEncr, EncrId::kAesCcm16, bits));
  }
}

void add_fixed(std::vector<std::string>& names, std::vector<Transform>& out) {
  using T = TransformType;
  const std::vector<std::pair<const char*, Transform>> fixed = {
      {"aes", t(T::kEncr, EncrId::kAesCbc, 128)},
      {"null", t(T::kEncr, EncrId::kNull)},
      {"des", t(T::kEncr, EncrId::kDes)},
      {"3des", t(T::kEncr, EncrId::k3Des)},
      {"chacha20poly1305", t(T::kEncr, EncrId::kChacha20Poly1305)},
      {"md5", t(T::kInteg, IntegId::kHmacMd5_96)},
      {"sha", t(T::kInteg, IntegId::kHmacSha1_96)},
      {"sha1", t(T::kInteg, IntegId::kHmacSha1_96)},
      {"sha256", t(T::kInteg, IntegId::kHmacSha256_128)},
      {"sha2_256", t(T::kInteg, IntegId::kHmacSha256_128)},
      {"sha384", t(T::kInteg, IntegId::kHmacSha384_192)},
      {"sha2_384", t(T::kInteg, IntegId::kHmacSha384_192)},
      {"sha512", t(T::kInteg, IntegId::kHmacSha512_256)},
      {"sha2_512", t(T::kInteg, IntegId::kHmacSha512_256)},
      {"aesxcbc", t(T::kInteg, IntegId::kAesXcbc96)},
      {"aescmac", t(T::kInteg, IntegId::kAesCmac96)},
      {"prfmd5", t(T::kPrf, PrfId::kHmacMd5)},
      {"prfsha1", t(T::kPrf, PrfId::kHmacSha1)},
      {"prfsha256", t(T::kPrf, PrfId::kHmacSha256)},
      {"prfsha384", t(T::kPrf, PrfId::kHmacSha384)},
      {"prfsha512", t(T::kPrf, PrfId::kHmacSha512)},
      {"prfaesxcbc", t(T::kPrf, PrfId::kAes128Xcbc)},
      {"prfaescmac", t(T::kPrf, PrfId::kAes128Cmac)},
      {"none", t(T::kDh, DhId::kNone)},
      {"modpnone", t(T::kDh, DhId::kNone)},
      {"modp768", t(T::kDh, DhId::kModp768)},
      {"modp1024", t(T::kDh, DhId::kModp1024)},
      {"modp1536", t(T::kDh, DhId::kModp1536)},
      {"modp2048", t(T::kDh, DhId::kModp2048)},
      {"modp3072", t(T::kDh, DhId::kModp3072)},
      {"modp4096", t(T::kDh, DhId::kModp4096)},
      {"modp6144", t(T::kDh, DhId::kModp6144)},
      {"modp8192", t(T::kDh, DhId::kModp8192)},
      {"ecp256", t(T::kDh, DhId::kEcp256)},
      {"ecp384", t(T::kDh, DhId::kEcp384)},
      {"ecp521", t(T::kDh, DhId::kEcp521)},
      {"curve25519", t(T::kDh, DhId::kCurve25519)},
      {"x25519", t(T::kDh, DhId::kCurve25519)},
      {"curve448", t(T::kDh, DhId::kCurve448)},
      {"x448", t(T::kDh, DhId::kCurve448)},
      {"noesn", t(T::kEsn, EsnId::kNoEsn)},
      {"esn", t(T::kEsn, EsnId::kEsn)},
  };
  for (const auto& [name, transform] : fixed) {
    names.emplace_back(name);
    out.push_back(transform);
  }
}

const std::vector<Keyword>& table() {
  static const std::vector<Keyword> kTable = [] {
    std::vector<std::string> names;
    std::vector<Transform> transforms;
    add_fixed(names, transforms);
    add_aes(names, transforms);
    std::vector<Keyword> keywords;
    for (std::size_t i = 0; i < transforms.size(); ++i) {
      keywords.push_back(Keyword{names[i], transforms[i]});
    }
    return keywords;
  }();
  return kTable;
}

// strongSwan keywords for algorithms outside oakley's set (strongSwan's own private-use IDs such
// as sha256_96 among them).
constexpr std::array<std::string_view, 18> kUnimplemented = {
    "blowfish",     "camellia",        "cast128",
    "serpent",      "twofish",         "sha1_160",
    "sha256_96",    "sha2_256_96",     "md5_128",
    "camelliaxcbc", "prfcamelliaxcbc", "modpnull",
    "ecp192",       "ecp224",          "modp1024s160",
    "modp2048s224", "modp2048s256",    "chacha20poly1305compat",
};
constexpr std::array<std::string_view, 6> kUnimplementedPrefixes = {
    "blowfish", "camellia", "serpent", "twofish", "ntru", "newhope",
};

}  // namespace

std::optional<Transform> find_keyword(std::string_view name) {
  for (const auto& k : table()) {
    if (k.name == name) return k.transform;
  }
  return std::nullopt;
}

bool is_unimplemented_keyword(std::string_view name) {
  if (std::find(kUnimplemented.begin(), kUnimplemented.end(), name) != kUnimplemented.end()) {
    return true;
  }
  if (name.size() >= 6 && name.substr(0, 3) == "ecp" && name.substr(name.size() - 2) == "bp") {
    return true;  // Brainpool curves: ecp224bp ... ecp512bp
  }
  return std::any_of(kUnimplementedPrefixes.begin(), kUnimplementedPrefixes.end(),
                     [&](std::string_view p) { return name.substr(0, p.size()) == p; });
}

const std::vector<Keyword>& all_keywords() {
  return table();
}

}  // namespace oakley::config
