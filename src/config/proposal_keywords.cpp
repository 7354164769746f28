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

// camellia<bits> (CBC), camellia<bits>ctr, camellia<bits>ccm{8,64,12,96,16,128}: unlike AES,
// strongSwan has no bare "ccm" suffix and no GCM for Camellia (IKEv2 has no such transform).
void add_camellia(std::vector<std::string>& names, std::vector<Transform>& out) {
  struct Mode {
    const char* suffix;
    EncrId id;
  };
  static constexpr std::array<Mode, 8> kModes = {{
      {"", EncrId::kCamelliaCbc},
      {"ctr", EncrId::kCamelliaCtr},
      {"ccm8", EncrId::kCamelliaCcm8},
      {"ccm64", EncrId::kCamelliaCcm8},
      {"ccm12", EncrId::kCamelliaCcm12},
      {"ccm96", EncrId::kCamelliaCcm12},
      {"ccm16", EncrId::kCamelliaCcm16},
      {"ccm128", EncrId::kCamelliaCcm16},
  }};
  for (std::uint16_t bits : {128, 192, 256}) {
    for (const auto& m : kModes) {
      names.push_back("camellia" + std::to_string(bits) + m.suffix);
      out.push_back(t(TransformType::kEncr, m.id, bits));
    }
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
      {"camellia", t(T::kEncr, EncrId::kCamelliaCbc, 128)},
      {"blowfish", t(T::kEncr, EncrId::kBlowfish, 128)},
      {"blowfish128", t(T::kEncr, EncrId::kBlowfish, 128)},
      {"blowfish192", t(T::kEncr, EncrId::kBlowfish, 192)},
      {"blowfish256", t(T::kEncr, EncrId::kBlowfish, 256)},
      {"cast128", t(T::kEncr, EncrId::kCast, 128)},
      {"md5", t(T::kInteg, IntegId::kHmacMd5_96)},
      {"md5_128", t(T::kInteg, IntegId::kHmacMd5_128)},
      {"sha1_160", t(T::kInteg, IntegId::kHmacSha1_160)},
      {"sha256_96", t(T::kInteg, IntegId::kHmacSha256_96)},
      {"sha2_256_96", t(T::kInteg, IntegId::kHmacSha256_96)},
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
      {"modp1024s160", t(T::kDh, DhId::kModp1024s160)},
      {"modp2048s224", t(T::kDh, DhId::kModp2048s224)},
      {"modp2048s256", t(T::kDh, DhId::kModp2048s256)},
      {"ecp192", t(T::kDh, DhId::kEcp192)},
      {"ecp224", t(T::kDh, DhId::kEcp224)},
      {"ecp224bp", t(T::kDh, DhId::kEcp224Bp)},
      {"ecp256bp", t(T::kDh, DhId::kEcp256Bp)},
      {"ecp384bp", t(T::kDh, DhId::kEcp384Bp)},
      {"ecp512bp", t(T::kDh, DhId::kEcp512Bp)},
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

// strongSwan 6's ke1_ ... ke7_ prefixes name the additional key exchanges of RFC 9370: every DH
// keyword (and none, which makes that exchange optional) with each prefix.
void add_additional_ke(std::vector<std::string>& names, std::vector<Transform>& out) {
  const std::size_t n = names.size();
  for (int ke = 1; ke <= kMaxAdditionalKe; ++ke) {
    const std::string prefix = "ke" + std::to_string(ke) + "_";
    for (std::size_t i = 0; i < n; ++i) {
      if (out[i].type != TransformType::kDh) continue;
      names.push_back(prefix + names[i]);
      out.push_back(Transform{additional_ke(ke), out[i].id, 0});
    }
  }
}

const std::vector<Keyword>& table() {
  static const std::vector<Keyword> kTable = [] {
    std::vector<std::string> names;
    std::vector<Transform> transforms;
    add_fixed(names, transforms);
    add_aes(names, transforms);
    add_camellia(names, transforms);
    add_additional_ke(names, transforms);
    std::vector<Keyword> keywords;
    for (std::size_t i = 0; i < transforms.size(); ++i) {
      keywords.push_back(Keyword{names[i], transforms[i]});
    }
    return keywords;
  }();
  return kTable;
}

// strongSwan keywords (5.9's table and 6.x's additions) for algorithms oakley does not implement,
// each with the reason an operator needs: most are simply not in OpenSSL 3.0.
struct Unimplemented {
  std::string_view keyword;  // exact, or a prefix when `prefix`
  bool prefix;
  std::string_view reason;
};

constexpr std::array<Unimplemented, 16> kUnimplemented = {{
    {"serpent", true, "OpenSSL has no Serpent"},
    {"twofish", true, "OpenSSL has no Twofish"},
    {"camelliaxcbc", false,
     "Camellia-XCBC is strongSwan's private-use transform from an expired draft "
     "(draft-kanno-ipsecme-camellia-xcbc)"},
    {"prfcamelliaxcbc", false,
     "Camellia-XCBC is strongSwan's private-use transform from an expired draft "
     "(draft-kanno-ipsecme-camellia-xcbc)"},
    {"modpnull", false, "MODP_NULL is strongSwan's test-only key exchange"},
    {"chacha20poly1305compat", false,
     "it is strongSwan's private-use number for a pre-RFC 7634 draft; use chacha20poly1305"},
    {"ntru", true, "NTRU key exchange (strongSwan's ntru plugin) is not in OpenSSL 3.0"},
    {"newhope", true, "NewHope key exchange (strongSwan's newhope plugin) is not in OpenSSL 3.0"},
    {"mlkem", true,
     "ML-KEM (strongSwan 6) needs OpenSSL 3.5 or liboqs; Debian 12's OpenSSL 3.0 has none"},
    {"kyber", true, "Kyber (strongSwan 6 drafts) is not in OpenSSL 3.0"},
    {"frodo", true, "FrodoKEM is not in OpenSSL 3.0"},
    {"bike", true, "BIKE is not in OpenSSL 3.0"},
    {"hqc", true, "HQC is not in OpenSSL 3.0"},
    {"sike", true, "SIKE is broken and not in OpenSSL 3.0"},
    {"saber", true, "Saber is not in OpenSSL 3.0"},
    {"ntrup", true, "NTRU Prime is not in OpenSSL 3.0"},
}};

bool matches(const Unimplemented& u, std::string_view name) {
  return u.prefix ? name.substr(0, u.keyword.size()) == u.keyword : name == u.keyword;
}

// "ke3_mlkem768" → "mlkem768": an additional key exchange (RFC 9370) of an algorithm oakley may
// not implement is refused for that algorithm's reason.
std::string_view without_additional_ke_prefix(std::string_view name) {
  if (name.size() > 4 && name.substr(0, 2) == "ke" && name[2] >= '1' && name[2] <= '7' &&
      name[3] == '_') {
    return name.substr(4);
  }
  return name;
}

// "camellia128gcm16": strongSwan has no such keyword because IKEv2 has no Camellia-GCM transform.
bool is_camellia_gcm(std::string_view name) {
  return name.substr(0, 8) == "camellia" && name.find("gcm") != std::string_view::npos;
}

}  // namespace

std::optional<Transform> find_keyword(std::string_view name) {
  for (const auto& k : table()) {
    if (k.name == name) return k.transform;
  }
  return std::nullopt;
}

std::optional<std::string> unimplemented_reason(std::string_view name) {
  name = without_additional_ke_prefix(name);
  if (is_camellia_gcm(name)) {
    return "there is no Camellia-GCM transform in IKEv2 or ESP (RFC 5529 defines Camellia CBC, "
           "CTR and CCM: camellia128, camellia128ctr, camellia128ccm16 ...)";
  }
  for (const auto& u : kUnimplemented) {
    if (matches(u, name)) return std::string(u.reason);
  }
  return std::nullopt;
}

const std::vector<Keyword>& all_keywords() {
  return table();
}

}  // namespace oakley::config
