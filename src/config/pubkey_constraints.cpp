#include "config/pubkey_constraints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "config/values.hpp"

namespace oakley::config {

namespace {

struct KeyToken {
  bool any = false;  // "pubkey": every key type
  SigKeyType key = SigKeyType::kRsa;
  bool ike = false;
};

std::optional<KeyToken> key_token(std::string_view name, bool ike) {
  static constexpr std::array<std::pair<std::string_view, SigKeyType>, 5> kKeys = {{
      {"rsa", SigKeyType::kRsa},
      {"rsa/pss", SigKeyType::kRsaPss},
      {"ecdsa", SigKeyType::kEcdsa},
      {"ed25519", SigKeyType::kEd25519},
      {"ed448", SigKeyType::kEd448},
  }};
  if (name == "pubkey") return KeyToken{true, SigKeyType::kRsa, ike};
  for (const auto& [text, key] : kKeys)
    if (name == text) return KeyToken{false, key, ike};
  return std::nullopt;
}

std::optional<SigHashName> hash_token(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, SigHashName>, 6> kHashes = {{
      {"sha1", SigHashName::kSha1},
      {"sha224", SigHashName::kSha224},
      {"sha256", SigHashName::kSha256},
      {"sha384", SigHashName::kSha384},
      {"sha512", SigHashName::kSha512},
      {"identity", SigHashName::kIdentity},
  }};
  for (const auto& [text, hash] : kHashes)
    if (name == text) return hash;
  return std::nullopt;
}

// The signature algorithms libstrongswan knows for a key type and hash.
bool exists(SigKeyType key, SigHashName hash) {
  switch (key) {
    case SigKeyType::kRsa:
    case SigKeyType::kRsaPss:
      return hash != SigHashName::kIdentity;
    case SigKeyType::kEcdsa:
      return hash != SigHashName::kIdentity && hash != SigHashName::kSha224;
    case SigKeyType::kEd25519:
    case SigKeyType::kEd448:
      return hash == SigHashName::kIdentity;
  }
  return false;
}

std::string_view key_name(SigKeyType key) {
  switch (key) {
    case SigKeyType::kRsa:
      return "RSA PKCS#1 v1.5";
    case SigKeyType::kRsaPss:
      return "RSA-PSS";
    case SigKeyType::kEcdsa:
      return "ECDSA";
    case SigKeyType::kEd25519:
      return "Ed25519";
    case SigKeyType::kEd448:
      return "Ed448";
  }
  return "?";
}

std::string_view hash_name(SigHashName hash) {
  switch (hash) {
    case SigHashName::kSha1:
      return "SHA-1";
    case SigHashName::kSha224:
      return "SHA-224";
    case SigHashName::kSha256:
      return "SHA-256";
    case SigHashName::kSha384:
      return "SHA-384";
    case SigHashName::kSha512:
      return "SHA-512";
    case SigHashName::kIdentity:
      return "";
  }
  return "?";
}

// "pubkey" stands for RSA (PKCS#1 v1.5), ECDSA and EdDSA; RSA-PSS only when named (charon's
// rsa_pss option is off by default).
std::vector<SigKeyType> keys_of(const KeyToken& t) {
  if (!t.any) return {t.key};
  return {SigKeyType::kRsa, SigKeyType::kEcdsa, SigKeyType::kEd25519, SigKeyType::kEd448};
}

bool is_number(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos && s.size() < 7;
}

class Parser {
 public:
  Status token(std::string_view t) {
    if (strength_for_ && is_number(t)) {
      out_.strengths.push_back(
          KeyStrength{*strength_for_, static_cast<std::uint32_t>(std::stoul(std::string(t)))});
      strength_for_.reset();
      return {};
    }
    strength_for_.reset();
    const bool ike = t.substr(0, 4) == "ike:";
    std::string_view name = ike ? t.substr(4) : t;
    if (auto k = key_token(name, ike)) {
      key_ = *k;
      if (!k->any && (k->key == SigKeyType::kRsa || k->key == SigKeyType::kRsaPss ||
                      k->key == SigKeyType::kEcdsa))
        strength_for_ = k->key == SigKeyType::kEcdsa ? SigKeyType::kEcdsa : SigKeyType::kRsa;
      return {};
    }
    if (ike) return make_error(fmt::format("'{}': 'ike:' goes before a key type", t));
    if (name == "md5") return make_error("MD5 signatures are not supported");
    auto hash = hash_token(name);
    if (!hash) {
      return make_error(fmt::format(
          "unknown constraint '{}' (expected a key type pubkey, rsa, rsa/pss, ecdsa, ed25519 or "
          "ed448, a key size after rsa or ecdsa, or a hash sha1, sha224, sha256, sha384, sha512 "
          "or identity)",
          t));
    }
    if (!key_) return make_error(fmt::format("'{}' needs a key type before it", t));
    return add(*hash, t);
  }

  PubkeyConstraints finish() {
    if (out_.ike.empty()) {
      out_.ike = out_.chain;
    } else {
      out_.ike_explicit = true;
    }
    return std::move(out_);
  }

 private:
  Status add(SigHashName hash, std::string_view t) {
    bool added = false;
    for (SigKeyType k : keys_of(*key_)) {
      if (!exists(k, hash)) continue;
      SignatureConstraint c{k, hash};
      auto& list = key_->ike ? out_.ike : out_.chain;
      if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
      added = true;
    }
    if (!added) {
      return make_error(
          fmt::format("'{}' names no signature algorithm of {} keys", t, key_name(key_->key)));
    }
    return {};
  }

  PubkeyConstraints out_;
  std::optional<KeyToken> key_;
  std::optional<SigKeyType> strength_for_;
};

}  // namespace

Result<PubkeyConstraints> parse_pubkey_constraints(std::string_view auth) {
  Parser p;
  for (const auto& t : split_list(trim(auth), '-')) {
    if (auto st = p.token(t); !st) return st.take_error();
  }
  return p.finish();
}

std::string constraint_name(const SignatureConstraint& c) {
  auto hash = hash_name(c.hash);
  if (hash.empty()) return std::string(key_name(c.key));
  return fmt::format("{} {}", key_name(c.key), hash);
}

std::string constraints_text(const std::vector<SignatureConstraint>& list) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += i + 1 == list.size() ? " or " : ", ";
    out += constraint_name(list[i]);
  }
  return out;
}

}  // namespace oakley::config
