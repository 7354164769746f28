#include "credentials/constraints.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "credentials/store.hpp"

namespace oakley::credentials {

namespace {

using config::SigHashName;
using config::SigKeyType;

bool same_hash(SigHashName h, crypto::SigHash s) {
  switch (h) {
    case SigHashName::kSha1:
      return s == crypto::SigHash::kSha1;
    case SigHashName::kSha224:
      return s == crypto::SigHash::kSha224;
    case SigHashName::kSha256:
      return s == crypto::SigHash::kSha256;
    case SigHashName::kSha384:
      return s == crypto::SigHash::kSha384;
    case SigHashName::kSha512:
      return s == crypto::SigHash::kSha512;
    case SigHashName::kIdentity:
      return s == crypto::SigHash::kIdentity;
  }
  return false;
}

bool same_key(SigKeyType k, const crypto::SignatureAlgorithm& a) {
  switch (k) {
    case SigKeyType::kRsa:
      return a.key == crypto::KeyType::kRsa && !a.pss;
    case SigKeyType::kRsaPss:
      return a.key == crypto::KeyType::kRsa && a.pss;
    case SigKeyType::kEcdsa:
      return a.key == crypto::KeyType::kEcdsa;
    case SigKeyType::kEd25519:
      return a.key == crypto::KeyType::kEd25519;
    case SigKeyType::kEd448:
      return a.key == crypto::KeyType::kEd448;
  }
  return false;
}

bool any_complies(const std::vector<config::SignatureConstraint>& list,
                  const crypto::SignatureAlgorithm& alg) {
  return std::any_of(list.begin(), list.end(),
                     [&](const config::SignatureConstraint& c) { return complies(c, alg); });
}

Status check_signature(const config::Connection& conn, const config::AuthRound& round,
                       const crypto::Certificate& cert) {
  auto alg = cert.signature_algorithm();
  if (alg && any_complies(round.constraints.chain, *alg)) return {};
  return make_error(fmt::format(
      "certificate \"{}\" is signed with {}, which auth = {} of connection '{}' does not accept "
      "(it accepts {})",
      cert.subject_text(), alg ? crypto::signature_algorithm_name(*alg) : "an unknown algorithm",
      round.auth_text, conn.name, config::constraints_text(round.constraints.chain)));
}

// strongSwan's AUTH_RULE_RSA_STRENGTH / ECDSA_STRENGTH: a key of a constrained type must reach
// one configured size of its type; once any size is configured, RSA and ECDSA keys without a
// size of their own type are refused.
Status check_strength(const config::Connection& conn, const config::AuthRound& round,
                      const crypto::Certificate& cert) {
  const auto key = cert.public_key();
  SigKeyType type;
  if (key.type() == crypto::KeyType::kRsa) {
    type = SigKeyType::kRsa;
  } else if (key.type() == crypto::KeyType::kEcdsa) {
    type = SigKeyType::kEcdsa;
  } else {
    return {};
  }
  const auto& strengths = round.constraints.strengths;
  for (const auto& s : strengths)
    if (s.key == type && s.bits <= key.bits()) return {};
  std::string wanted;
  for (const auto& s : strengths) {
    if (s.key != type) continue;
    wanted += fmt::format("{}{}", wanted.empty() ? "" : " or ", s.bits);
  }
  const char* name = type == SigKeyType::kRsa ? "RSA" : "ECDSA";
  return make_error(fmt::format(
      "certificate \"{}\" has a {}-bit {} key, which auth = {} of connection '{}' does not "
      "accept ({})",
      cert.subject_text(), key.bits(), name, round.auth_text, conn.name,
      wanted.empty() ? fmt::format("no {} key size is configured", name)
                     : fmt::format("{} keys need at least {} bits", name, wanted)));
}

}  // namespace

bool complies(const config::SignatureConstraint& c, const crypto::SignatureAlgorithm& alg) {
  return same_key(c.key, alg) && same_hash(c.hash, alg.hash);
}

Status check_chain_constraints(const config::Connection& conn, const config::AuthRound& round,
                               std::span<const crypto::Certificate> chain) {
  const auto& cons = round.constraints;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const bool anchor = i + 1 == chain.size() && chain[i].self_signed();
    if (!cons.chain.empty() && !anchor) {
      if (auto st = check_signature(conn, round, chain[i]); !st) return st;
    }
    if (!cons.strengths.empty()) {
      if (auto st = check_strength(conn, round, chain[i]); !st) return st;
    }
  }
  return {};
}

Status check_ike_scheme(const config::Connection& conn, const config::AuthRound& round,
                        crypto::SignatureScheme scheme) {
  auto alg = crypto::scheme_algorithm(scheme);
  if (!alg) return {};  // IKEv1's signatures have no hash of their own
  const auto& allowed = round.constraints.ike;
  if (allowed.empty()) {
    if (alg->hash != crypto::SigHash::kSha1) return {};
    return make_error(fmt::format(
        "the peer signed its AUTH with {}, and connection '{}' accepts SHA-1 signatures only "
        "when a constraint names sha1 (e.g. auth = pubkey-sha1-sha256); we announced SHA-2 only",
        crypto::signature_algorithm_name(*alg), conn.name));
  }
  if (any_complies(allowed, *alg)) return {};
  return make_error(fmt::format(
      "the peer signed its AUTH with {}, which auth = {} of connection '{}' does not accept (it "
      "accepts {})",
      crypto::signature_algorithm_name(*alg), round.auth_text, conn.name,
      config::constraints_text(allowed)));
}

Status check_ca_id(const config::AuthRound& round, std::span<const crypto::Certificate> chain) {
  if (!round.ca_id) return {};
  const auto& id = *round.ca_id;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    bool match = id.type == config::IdType::kDerAsn1Dn
                     ? crypto::dn_match(id.data, chain[i].subject_der())
                     : vouches_for(chain[i], id);
    if (match) return {};
  }
  std::string path;
  for (std::size_t i = 1; i < chain.size(); ++i)
    path += fmt::format("{}\"{}\"", path.empty() ? "" : ", ", chain[i].subject_text());
  return make_error(fmt::format(
      "the peer is not authenticated by CA '{}' (ca_id): its certificate \"{}\" chains to {}",
      id.to_string(), chain.empty() ? "?" : chain.front().subject_text(),
      path.empty() ? "no CA (a pinned certificate)" : path));
}

Status check_cert_policy(const config::AuthRound& round,
                         std::span<const crypto::Certificate> chain) {
  if (round.cert_policy.empty() || chain.empty()) return {};
  const auto leaf_policies = chain.front().policy_oids();
  for (const auto& oid : round.cert_policy) {
    if (std::find(leaf_policies.begin(), leaf_policies.end(), oid) == leaf_policies.end()) {
      return make_error(fmt::format("certificate \"{}\" does not have policy {} (cert_policy)",
                                    chain.front().subject_text(), oid));
    }
    for (std::size_t i = 1; i + 1 < chain.size(); ++i) {
      auto p = chain[i].policy_oids();
      if (std::find(p.begin(), p.end(), oid) != p.end() ||
          std::find(p.begin(), p.end(), "2.5.29.32.0") != p.end())
        continue;
      return make_error(fmt::format(
          "policy {} of certificate \"{}\" is not valid: issuing CA \"{}\" does not assert it "
          "(nor anyPolicy)",
          oid, chain.front().subject_text(), chain[i].subject_text()));
    }
  }
  return {};
}

}  // namespace oakley::credentials
