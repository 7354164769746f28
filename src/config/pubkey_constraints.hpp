// strongSwan's public key constraints in `auth` ("pubkey-sha256", "rsa-2048-ecdsa-256-sha384",
// "rsa/pss-sha256", "ike:ecdsa-sha384", "ed25519-identity"): which signature algorithms the peer's
// certificate chain may use, which its IKEv2 AUTH may use, and minimum key sizes. Tokens are read
// as libstrongswan's auth_cfg does (a key type, an optional strength, then hashes for that key
// type; "ike:" before a key type makes the following hashes IKE-only). Where charon would ignore a
// token ("rsa4096", "ed25519-sha256"), oakley refuses the file instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace oakley::config {

enum class SigKeyType : std::uint8_t { kRsa, kRsaPss, kEcdsa, kEd25519, kEd448 };
enum class SigHashName : std::uint8_t { kSha1, kSha224, kSha256, kSha384, kSha512, kIdentity };

struct SignatureConstraint {
  SigKeyType key;
  SigHashName hash;
  bool operator==(const SignatureConstraint&) const = default;
};

struct KeyStrength {
  SigKeyType key;  // kRsa or kEcdsa
  std::uint32_t bits;
  bool operator==(const KeyStrength&) const = default;
};

struct PubkeyConstraints {
  // Every signature in the peer's chain (leaf and intermediates) must be one of these; empty:
  // any.
  std::vector<SignatureConstraint> chain;
  // The IKEv2 AUTH signature must be one of these: the "ike:" ones, or without any, the chain
  // ones (charon's signature_authentication_constraints = yes). Empty: anything but SHA-1.
  std::vector<SignatureConstraint> ike;
  bool ike_explicit = false;  // ike came from "ike:" tokens
  // Each RSA/ECDSA key in the chain must be at least one configured strength of its type.
  std::vector<KeyStrength> strengths;

  bool empty() const { return chain.empty() && ike.empty() && strengths.empty(); }
  bool operator==(const PubkeyConstraints&) const = default;
};

// `auth` of a pubkey round, e.g. "pubkey-sha256-sha384".
Result<PubkeyConstraints> parse_pubkey_constraints(std::string_view auth);

std::string constraint_name(const SignatureConstraint& c);                   // "ECDSA SHA-256"
std::string constraints_text(const std::vector<SignatureConstraint>& list);  // "a, b or c"

}  // namespace oakley::config
