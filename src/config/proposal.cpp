#include "config/proposal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "config/proposal_keywords.hpp"
#include "config/suggest.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

// strongSwan prints (and orders) integrity before PRF.
constexpr TransformType kTypeOrder[] = {
    TransformType::kEncr,   TransformType::kInteg,  TransformType::kPrf,    TransformType::kDh,
    TransformType::kAddKe1, TransformType::kAddKe2, TransformType::kAddKe3, TransformType::kAddKe4,
    TransformType::kAddKe5, TransformType::kAddKe6, TransformType::kAddKe7, TransformType::kEsn};

std::string_view kind_of_token(std::string_view token) {
  std::string lower(token);
  for (auto& ch : lower)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto starts = [&](std::string_view p) { return lower.compare(0, p.size(), p) == 0; };
  if (starts("prf")) return "PRF ";
  for (auto p : {"modp",    "ecp",   "curve", "x25",   "x44",  "ffdhe", "dh",   "ntru",
                 "newhope", "mlkem", "kyber", "frodo", "bike", "hqc",   "sike", "saber",
                 "ke1_",    "ke2_",  "ke3_",  "ke4_",  "ke5_", "ke6_",  "ke7_"}) {
    if (starts(p)) return "DH group ";
  }
  for (auto p : {"sha", "md", "hmac", "aesxcbc", "aescmac"}) {
    if (starts(p)) return "integrity algorithm ";
  }
  for (auto p : {"aes", "3des", "des", "chacha", "null", "cast", "idea", "camellia", "blowfish",
                 "serpent", "twofish"}) {
    if (starts(p)) return "encryption algorithm ";
  }
  return "algorithm ";
}

const std::vector<std::string>& keyword_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& k : all_keywords())
      names.push_back(k.name);
    return names;
  }();
  return kNames;
}

std::string unknown_token_message(std::string_view token) {
  if (!token.empty() && token.back() == '!') {
    return fmt::format(
        "'{}': the '!' suffix is ipsec.conf syntax; swanctl.conf proposals are "
        "always used as written (add 'default' to the list for the defaults)",
        token);
  }
  if (token == "default") {
    return "'default' must be a proposal of its own, separated by a comma";
  }
  if (auto why = unimplemented_reason(token)) {
    return fmt::format("{}'{}' is not implemented by oakley: {}", kind_of_token(token), token,
                       *why);
  }
  return fmt::format("unknown {}'{}'{}", kind_of_token(token), token,
                     did_you_mean(token, keyword_names()));
}

// strongSwan's integ → PRF map for IKE proposals that name no PRF (HMAC_SHA2_256_96 has none:
// charon then asks for an explicit PRF too).
std::optional<PrfId> prf_for(std::uint16_t integ) {
  switch (static_cast<IntegId>(integ)) {
    case IntegId::kHmacSha1_96:
    case IntegId::kHmacSha1_160:
      return PrfId::kHmacSha1;
    case IntegId::kHmacSha256_128:
      return PrfId::kHmacSha256;
    case IntegId::kHmacSha384_192:
      return PrfId::kHmacSha384;
    case IntegId::kHmacSha512_256:
      return PrfId::kHmacSha512;
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacMd5_128:
      return PrfId::kHmacMd5;
    case IntegId::kAesXcbc96:
      return PrfId::kAes128Xcbc;
    case IntegId::kAesCmac96:
      return PrfId::kAes128Cmac;
    default:
      return std::nullopt;
  }
}

void remove_type(Proposal& p, TransformType type) {
  std::erase_if(p.transforms, [&](const Transform& t) { return t.type == type; });
}

void add(Proposal& p, TransformType type, std::uint16_t id, std::uint16_t bits = 0) {
  p.transforms.push_back(Transform{type, id, bits});
}

void sort_by_type(Proposal& p) {
  auto rank = [](TransformType t) {
    return std::find(std::begin(kTypeOrder), std::end(kTypeOrder), t) - std::begin(kTypeOrder);
  };
  std::stable_sort(
      p.transforms.begin(), p.transforms.end(),
      [&](const Transform& a, const Transform& b) { return rank(a.type) < rank(b.type); });
}

Status check_ike(Proposal& p) {
  if (!p.has(TransformType::kPrf)) {
    for (const auto& integ : p.of_type(TransformType::kInteg)) {
      if (auto prf = prf_for(integ.id))
        add(p, TransformType::kPrf, static_cast<std::uint16_t>(*prf));
    }
  }
  if (!p.has(TransformType::kPrf)) {
    return make_error(
        "a PRF is mandatory in IKE proposals (add one such as prfsha256; with an "
        "AEAD cipher it cannot be derived from an integrity algorithm)");
  }
  std::erase_if(p.transforms,
                [](const Transform& t) { return t.type == TransformType::kDh && t.id == 0; });
  if (!p.has(TransformType::kDh)) {
    return make_error(
        "a DH group is mandatory in IKE proposals (add one such as x25519, ecp256 "
        "or modp2048)");
  }
  return {};
}

bool has_additional_ke(const Proposal& p) {
  return std::any_of(p.transforms.begin(), p.transforms.end(),
                     [](const Transform& t) { return is_additional_ke(t.type) && t.id != 0; });
}

// RFC 9370 2.2.1: additional key exchanges follow the first one, so a proposal with ke1_ ...
// needs a DH group of its own (an ESP proposal without one has no key exchange at all).
Status check_additional_ke(const Proposal& p) {
  if (!has_additional_ke(p)) return {};
  auto dh = p.of_type(TransformType::kDh);
  if (std::none_of(dh.begin(), dh.end(), [](const Transform& t) { return t.id != 0; })) {
    return make_error(
        "additional key exchanges (ke1_ ... ke7_) need a DH group in the proposal (the first "
        "key exchange, e.g. x25519-ke1_ecp384)");
  }
  return {};
}

Status check_encryption(Proposal& p) {
  auto encr = p.of_type(TransformType::kEncr);
  if (encr.empty()) {
    return make_error(fmt::format("an encryption algorithm is mandatory in {} proposals",
                                  protocol_name(p.protocol)));
  }
  auto aead = [](const Transform& t) { return is_aead(static_cast<EncrId>(t.id)); };
  bool all = std::all_of(encr.begin(), encr.end(), aead);
  bool any = std::any_of(encr.begin(), encr.end(), aead);
  if (any && !all) {
    return make_error(
        "classic and combined-mode (AEAD) ciphers cannot be in the same proposal; "
        "make them two proposals separated by a comma");
  }
  if (all) {
    remove_type(p, TransformType::kInteg);  // AEAD: integrity is built in, strongSwan drops it
  } else if (p.protocol == SaProtocol::kIke && !p.has(TransformType::kInteg)) {
    return make_error(
        "an integrity algorithm is mandatory in IKE proposals with a classic "
        "(non-AEAD) cipher (add one such as sha256)");
  }
  return {};
}

Status check_ah(Proposal& p) {
  for (const auto& t : p.of_type(TransformType::kEncr)) {
    if (t.id == static_cast<std::uint16_t>(EncrId::kNullAuthAesGmac)) {
      return make_error("AES-GMAC is not implemented by oakley for AH");
    }
  }
  remove_type(p, TransformType::kEncr);  // strongSwan ignores ciphers in AH proposals
  if (!p.has(TransformType::kInteg)) {
    return make_error("an integrity algorithm is mandatory in AH proposals");
  }
  return {};
}

// strongSwan's check_proposal(): derives, drops and requires transforms per protocol.
Status check(Proposal& p) {
  if (p.protocol == SaProtocol::kIke) {
    if (auto st = check_ike(p); !st) return st;
  } else {
    remove_type(p, TransformType::kPrf);
  }
  if (p.protocol == SaProtocol::kAh) {
    if (auto st = check_ah(p); !st) return st;
  } else if (auto st = check_encryption(p); !st) {
    return st;
  }
  if (auto st = check_additional_ke(p); !st) return st;
  if (p.protocol != SaProtocol::kIke && !p.has(TransformType::kEsn)) {
    add(p, TransformType::kEsn, static_cast<std::uint16_t>(EsnId::kNoEsn));
  }
  sort_by_type(p);
  return {};
}

Result<Proposal> parse_one(SaProtocol protocol, std::string_view text) {
  Proposal p;
  p.protocol = protocol;
  for (const auto& token : split_list(text, '-')) {
    auto t = find_keyword(token);
    if (!t) return make_error(unknown_token_message(token));
    p.transforms.push_back(*t);
  }
  if (auto st = check(p); !st) return st.take_error();
  return p;
}

}  // namespace

std::vector<Transform> Proposal::of_type(TransformType type) const {
  std::vector<Transform> out;
  std::copy_if(transforms.begin(), transforms.end(), std::back_inserter(out),
               [&](const Transform& t) { return t.type == type; });
  return out;
}

bool Proposal::has(TransformType type) const {
  return std::any_of(transforms.begin(), transforms.end(),
                     [&](const Transform& t) { return t.type == type; });
}

std::string Proposal::to_string() const {
  std::string out = std::string(protocol_name(protocol)) + ":";
  for (std::size_t i = 0; i < transforms.size(); ++i) {
    if (i) out += '/';
    out += transform_name(transforms[i]);
  }
  return out;
}

std::string to_string(const std::vector<Proposal>& proposals) {
  std::string out;
  for (const auto& p : proposals) {
    if (!out.empty()) out += ", ";
    out += p.to_string();
  }
  return out;
}

bool uses_additional_ke(const std::vector<Proposal>& proposals) {
  return std::any_of(proposals.begin(), proposals.end(), has_additional_ke);
}

std::string_view protocol_name(SaProtocol protocol) {
  switch (protocol) {
    case SaProtocol::kIke:
      return "IKE";
    case SaProtocol::kAh:
      return "AH";
    case SaProtocol::kEsp:
      return "ESP";
  }
  return "?";
}

std::string transform_name(const Transform& t) {
  std::string name;
  switch (t.type) {
    case TransformType::kEncr:
      name = t.id == static_cast<std::uint16_t>(EncrId::kNullAuthAesGmac)
                 ? "NULL_AES_GMAC"
                 : std::string(encr_name(static_cast<EncrId>(t.id)));
      break;
    case TransformType::kInteg:
      name = integ_name(static_cast<IntegId>(t.id));
      break;
    case TransformType::kPrf:
      name = prf_name(static_cast<PrfId>(t.id));
      break;
    case TransformType::kDh:
      name = t.id == 0 ? "KE_NONE" : std::string(dh_name(static_cast<DhId>(t.id)));
      break;
    case TransformType::kEsn:
      name = t.id ? "EXT_SEQ" : "NO_EXT_SEQ";
      break;
    default:  // additional key exchanges, as strongSwan 6 prints them: "KE1_ECP_384", "KE1_NONE"
      name = fmt::format("KE{}_{}", additional_ke_number(t.type),
                         t.id == 0 ? "NONE" : dh_name(static_cast<DhId>(t.id)));
      break;
  }
  if (t.key_bits) name += fmt::format("_{}", t.key_bits);
  return name;
}

Result<std::vector<Proposal>> parse_proposals(SaProtocol protocol, std::string_view list) {
  std::vector<Proposal> out;
  for (const auto& item : split_list(list)) {
    if (item == "default") {
      auto defaults = default_proposals(protocol);
      out.insert(out.end(), defaults.begin(), defaults.end());
      continue;
    }
    auto p = parse_one(protocol, item);
    if (!p) return make_error(fmt::format("proposal '{}': {}", item, p.error().message));
    out.push_back(std::move(p).value());
  }
  if (out.empty()) return make_error("expected at least one proposal");
  return out;
}

}  // namespace oakley::config
