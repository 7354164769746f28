#include "ike/diagnosis/evidence.hpp"

namespace oakley::ike::diagnosis {

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::kUnknown:
      return "the negotiation";
    case Phase::kIkeSaInit:
      return "IKE_SA_INIT";
    case Phase::kIkeIntermediate:
      return "IKE_INTERMEDIATE";
    case Phase::kIkeAuth:
      return "IKE_AUTH";
    case Phase::kCreateChildSa:
      return "CREATE_CHILD_SA";
    case Phase::kInformational:
      return "INFORMATIONAL";
    case Phase::kMainMode:
      return "Main Mode";
    case Phase::kAggressiveMode:
      return "Aggressive Mode";
    case Phase::kQuickMode:
      return "Quick Mode";
  }
  return "the negotiation";
}

std::string_view cause_name(Cause c) {
  switch (c) {
    case Cause::kOther:
      return "other";
    case Cause::kNoAnswer:
      return "no-answer";
    case Cause::kPeerDead:
      return "peer-dead";
    case Cause::kHalfOpen:
      return "half-open";
    case Cause::kProposal:
      return "proposal-mismatch";
    case Cause::kPskMismatch:
      return "psk-mismatch";
    case Cause::kAuthRefused:
      return "auth-refused";
    case Cause::kAuthMethod:
      return "auth-method-mismatch";
    case Cause::kNoSecret:
      return "no-secret";
    case Cause::kIdMismatch:
      return "id-mismatch";
    case Cause::kCertUntrusted:
      return "cert-untrusted";
    case Cause::kCertExpired:
      return "cert-expired";
    case Cause::kCertIdentity:
      return "cert-identity";
    case Cause::kCertRevoked:
      return "cert-revoked";
    case Cause::kSignature:
      return "signature-invalid";
    case Cause::kTrafficSelector:
      return "ts-mismatch";
  }
  return "other";
}

}  // namespace oakley::ike::diagnosis
