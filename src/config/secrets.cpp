// secrets.<type><suffix> sections.
#include "config/secrets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "config/loaders.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes straight into wiped memory: no plain copy of the key is left behind.
Result<SecretBytes> decode_hex(std::string_view hex) {
  if (hex.empty() || hex.size() % 2) return make_error("0x needs an even number of hex digits");
  SecretBytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(hex[2 * i]);
    int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return make_error("0x must be followed by hex digits only");
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<SecretBytes> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=')
    text.remove_suffix(1);
  if (text.empty() || text.size() % 4 == 1) return make_error("0s must be followed by base64");
  SecretBytes out(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  std::size_t bits = 0, n = 0;
  for (char c : text) {
    int v = base64_digit(c);
    if (v < 0) return make_error("0s must be followed by base64 (A-Z, a-z, 0-9, +, /, =)");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<std::uint8_t>(acc >> bits);
    }
  }
  out.resize(n);
  return out;
}

struct Kind {
  std::string_view prefix;
  std::optional<SharedSecret::Type> shared;  // nullopt: a private key passphrase
};

constexpr std::array<Kind, 11> kKinds = {{
    {"ike", SharedSecret::Type::kIke},
    {"eap", SharedSecret::Type::kEap},
    {"xauth", SharedSecret::Type::kXauth},
    {"ntlm", SharedSecret::Type::kNtlm},
    {"ppk", SharedSecret::Type::kPpk},
    {"private", std::nullopt},
    {"rsa", std::nullopt},
    {"ecdsa", std::nullopt},
    {"pkcs8", std::nullopt},
    {"pkcs12", std::nullopt},
    {"token", std::nullopt},
}};

std::vector<std::string> id_keys(const SettingsSection& s) {
  std::vector<std::string> keys = {"secret"};
  for (const auto& v : s.values) {
    if (v.key.compare(0, 2, "id") == 0) keys.push_back(v.key);
  }
  return keys;
}

void read_secret(SectionReader& r, SecretBytes& out) {
  const auto* v = r.get("secret");
  if (!v) {
    r.error(r.section().location, fmt::format("{} has no 'secret'", r.context()));
    return;
  }
  auto decoded = decode_secret(v->value);
  if (!decoded) {
    r.error(v->location,
            fmt::format("invalid secret in {}: {}", r.context(), decoded.error().message));
  } else if (decoded->empty()) {
    r.error(v->location, fmt::format("the secret in {} is empty", r.context()));
  } else {
    out = std::move(decoded).value();
  }
}

SharedSecret load_shared(const SettingsSection& s, SharedSecret::Type type, ErrorList& errors) {
  SharedSecret secret;
  secret.type = type;
  secret.name = s.name;
  secret.location = s.location;
  SectionReader r(s, fmt::format("secret '{}'", s.name), errors, id_keys(s));
  for (const auto& v : s.values) {
    if (v.key == "secret" || v.cleared) continue;
    Identity id;
    if (r.read(v.key, id, parse_identity)) secret.ids.push_back(std::move(id));
  }
  read_secret(r, secret.secret);
  if (type == SharedSecret::Type::kNtlm && !secret.secret.empty() && secret.secret.size() != 16) {
    r.error(
        r.get("secret")->location,
        fmt::format("the NTLM secret in {} must be the 16-byte NT hash, as 0x or 0s", r.context()));
  }
  r.check_keys();
  for (const auto& sub : s.sections)
    r.unknown_section(sub, {});
  return secret;
}

PrivateKeyPassphrase load_passphrase(const SettingsSection& s, std::string_view kind,
                                     ErrorList& errors) {
  PrivateKeyPassphrase p;
  p.name = s.name;
  p.kind = std::string(kind);
  p.location = s.location;
  SectionReader r(s, fmt::format("secret '{}'", s.name), errors, {"file", "secret"});
  if (!r.read_string("file", p.file)) {
    r.error(s.location, fmt::format("{} has no 'file'", r.context()));
  }
  read_secret(r, p.secret);
  r.check_keys();
  for (const auto& sub : s.sections)
    r.unknown_section(sub, {});
  return p;
}

int match(const Identity& owner, const Identity& id) {
  constexpr int kPerfect = 20, kWildcard = 10, kAny = 1;
  if (owner.is_any()) return kAny;
  if (owner.type != id.type) return 0;
  auto text = [](const Identity& i) {
    return i.dn_needs_encoding ? i.dn : std::string(i.data.begin(), i.data.end());
  };
  bool textual = owner.type == IdType::kFqdn || owner.type == IdType::kRfc822Addr ||
                 owner.type == IdType::kDerAsn1Dn;
  if (textual ? iequals(text(owner), text(id)) : owner.data == id.data) return kPerfect;
  std::string pattern = text(owner);
  std::string value = text(id);
  if (owner.has_wildcards && !pattern.empty() && pattern[0] == '*' &&
      value.size() >= pattern.size() - 1 &&
      iequals(value.substr(value.size() - (pattern.size() - 1)), pattern.substr(1))) {
    return kWildcard;
  }
  return 0;
}

int best_match(const SharedSecret& s, const Identity& id) {
  if (s.ids.empty()) return 1;  // no owners: strongSwan treats it as owned by %any
  int best = 0;
  for (const auto& owner : s.ids)
    best = std::max(best, match(owner, id));
  return best;
}

}  // namespace

Result<SecretBytes> decode_secret(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    return decode_hex(text.substr(2));
  }
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 's' || text[1] == 'S')) {
    return decode_base64(text.substr(2));
  }
  return SecretBytes(as_bytes(text));
}

bool SharedSecret::owned_by(const Identity& id) const {
  return best_match(*this, id) > 0;
}

const SharedSecret* best_ike_secret(const std::vector<SharedSecret>& secrets, const Identity& local,
                                    const Identity& remote) {
  const SharedSecret* best = nullptr;
  int best_score = 0;
  for (const auto& s : secrets) {
    if (s.type != SharedSecret::Type::kIke) continue;
    int mine = best_match(s, local);
    int theirs = best_match(s, remote);
    if (mine + theirs > best_score && (mine || theirs)) {
      best = &s;
      best_score = mine + theirs;
    }
  }
  return best;
}

const SharedSecret* best_user_secret(const std::vector<SharedSecret>& secrets, const Identity& user,
                                     bool allow_unowned) {
  const SharedSecret* best = nullptr;
  int best_score = 0;
  for (const auto& s : secrets) {
    if (s.type != SharedSecret::Type::kXauth && s.type != SharedSecret::Type::kEap) continue;
    if (s.ids.empty() && !allow_unowned) continue;
    int score = best_match(s, user);
    if (score > best_score) {
      best = &s;
      best_score = score;
    }
  }
  return best;
}

void load_secrets(const SettingsSection& section, ErrorList& errors, Config& out) {
  SectionReader r(section, "the secrets section", errors, {});
  r.check_keys();
  for (const auto& sub : section.sections) {
    auto kind = std::find_if(kKinds.begin(), kKinds.end(), [&](const Kind& k) {
      return sub.name.compare(0, k.prefix.size(), k.prefix) == 0;
    });
    if (kind == kKinds.end()) {
      r.error(sub.location,
              fmt::format("unknown secret type '{}' (secret sections are named ike<suffix>, "
                          "eap, xauth, ntlm, ppk, private, rsa, ecdsa, pkcs8 or pkcs12)",
                          sub.name));
    } else if (kind->prefix == "token") {
      r.error(sub.location, fmt::format("secret '{}' is not supported by oakley: keys on "
                                        "tokens (PKCS#11) are not implemented",
                                        sub.name));
    } else if (kind->shared) {
      out.secrets.push_back(load_shared(sub, *kind->shared, errors));
    } else {
      out.key_passphrases.push_back(load_passphrase(sub, kind->prefix, errors));
    }
  }
}

}  // namespace oakley::config
