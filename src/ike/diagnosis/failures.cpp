#include "ike/diagnosis/failures.hpp"

#include <utility>

namespace oakley::ike::diagnosis {

namespace {

bool has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

struct Phrase {
  std::string_view text;
  Cause cause;
};

// First match wins: the specific phrases before the general ones ("the signature ... does not
// verify" before "does not verify").
constexpr Phrase kPhrases[] = {
    {"pre-shared key differs", Cause::kPskMismatch},
    {"different pre-shared key", Cause::kPskMismatch},
    {"PSKs differ", Cause::kPskMismatch},
    {"no PSK found", Cause::kNoSecret},
    {"no pre-shared key for", Cause::kNoSecret},
    {"was revoked", Cause::kCertRevoked},
    {"revoked", Cause::kCertRevoked},
    {"expired on", Cause::kCertExpired},
    {"is not valid before", Cause::kCertExpired},
    {"does not contain the peer's identity", Cause::kCertIdentity},
    {"does not chain to", Cause::kCertUntrusted},
    {"no trusted CA", Cause::kCertUntrusted},
    {"is not one of the remote.certs", Cause::kCertUntrusted},
    {"sent no certificate", Cause::kCertUntrusted},
    {"signature of", Cause::kSignature},
    {"AUTHENTICATION_FAILED", Cause::kAuthRefused},
    {"AUTHENTICATION-FAILED", Cause::kAuthRefused},  // IKEv1's notify names
    {"refused our Phase 1 authentication", Cause::kAuthRefused},
    {"peer identified as", Cause::kIdMismatch},
    {"no connection for peer", Cause::kIdMismatch},
    {"INVALID_ID_INFORMATION", Cause::kIdMismatch},
    {"INVALID-ID-INFORMATION", Cause::kIdMismatch},
    {"authenticates with", Cause::kAuthMethod},
    {"did not answer", Cause::kNoAnswer},
    {"half-open", Cause::kHalfOpen},
    {"Phase 1 did not complete within half_open_timeout", Cause::kHalfOpen},
    {"peer dead", Cause::kPeerDead},
    {"is dead", Cause::kPeerDead},
    {"NO_PROPOSAL_CHOSEN", Cause::kProposal},
    {"NO-PROPOSAL-CHOSEN", Cause::kProposal},
    {"no acceptable proposal", Cause::kProposal},
    {"no common proposal", Cause::kProposal},
    {"PFS group", Cause::kProposal},
    {"TS_UNACCEPTABLE", Cause::kTrafficSelector},
    {"traffic selectors unacceptable", Cause::kTrafficSelector},
    {"proxy IDs", Cause::kTrafficSelector},
};

}  // namespace

std::vector<Offer> offers(const std::vector<Proposal>& proposals) {
  std::vector<Offer> out;
  out.reserve(proposals.size());
  for (const auto& p : proposals)
    out.push_back(Offer{p, {}, 0, {}});
  return out;
}

Failure proposal_mismatch(Phase phase, bool child, std::vector<Offer> ours,
                          std::vector<Offer> theirs) {
  Failure f;
  f.cause = Cause::kProposal;
  f.phase = phase;
  f.child = child;
  f.ours = std::move(ours);
  f.theirs = std::move(theirs);
  return f;
}

Failure selector_mismatch(Phase phase, Selectors peer_local, Selectors peer_remote,
                          Selectors our_local, Selectors our_remote) {
  Failure f;
  f.cause = Cause::kTrafficSelector;
  f.phase = phase;
  f.child = true;
  f.peer_local_ts = std::move(peer_local);
  f.peer_remote_ts = std::move(peer_remote);
  f.our_local_ts = std::move(our_local);
  f.our_remote_ts = std::move(our_remote);
  return f;
}

Failure id_mismatch(Phase phase, std::string peer_id, std::string expected_id) {
  Failure f;
  f.cause = Cause::kIdMismatch;
  f.phase = phase;
  f.peer_id = std::move(peer_id);
  f.expected_id = std::move(expected_id);
  return f;
}

Cause classify(std::string_view reason) {
  // A refused Quick Mode's INVALID_ID_INFORMATION is about its proxy IDs, not Phase 1 ids.
  if (has(reason, "Quick Mode") &&
      (has(reason, "INVALID_ID_INFORMATION") || has(reason, "INVALID-ID-INFORMATION")))
    return Cause::kTrafficSelector;
  for (const auto& p : kPhrases) {
    if (has(reason, p.text)) return p.cause;
  }
  return Cause::kOther;
}

Failure from_reason(Phase phase, std::string reason) {
  Failure f;
  f.cause = classify(reason);
  f.phase = phase;
  f.child = f.cause == Cause::kTrafficSelector;
  f.detail = std::move(reason);
  return f;
}

}  // namespace oakley::ike::diagnosis
