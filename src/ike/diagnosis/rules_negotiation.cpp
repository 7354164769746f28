// The newest negotiation failure in an operator's terms: proposal mismatches transform by
// transform (PFS and IKEv1 lifetimes called out), authentication (a different PSK, a refused
// proof, a missing secret), identities, certificates, traffic selectors / proxy IDs, a failed
// IKE_INTERMEDIATE; then a newer spoofable failure kept beside it (recorder.hpp), as a warning.
#include <fmt/format.h>

#include <algorithm>

#include "ike/diagnosis/rules.hpp"
#include "ike/diagnosis/rules_text.hpp"

namespace oakley::ike::diagnosis {

namespace {

std::string describe_offers(const std::vector<Offer>& offers) {
  std::string out;
  for (const auto& o : offers) {
    std::string one = describe(o.proposal);
    if (!o.auth.empty()) one += " " + o.auth;
    if (o.life_seconds) one += fmt::format(" {}s", o.life_seconds);
    out += (out.empty() ? "" : ", ") + one;
  }
  return out.empty() ? "(none)" : out;
}

std::string what(const Failure& f) {
  return f.child ? "ESP" : "IKE";
}

Finding base(const Failure& f, Severity severity, std::string code, std::string text) {
  Finding out;
  out.severity = severity;
  out.code = std::move(code);
  out.text = std::move(text);
  if (!f.detail.empty()) out.evidence.push_back("reason: " + f.detail);
  return out;
}

std::string proposal_fix(const Inputs& in, const Failure& f) {
  if (f.child) {
    return "give both sides one common ESP proposal (esp_proposals here; strongSwan "
           "esp_proposals, Cisco ASA `crypto ipsec ikev1/ikev2 ipsec-proposal` / transform-set)";
  }
  return in.version == 1
             ? "give both sides one common Phase 1 proposal (proposals here; strongSwan "
               "proposals, Cisco ASA `crypto ikev1 policy`): encryption, hash, DH group and "
               "authentication method must all match"
             : "give both sides one common IKE proposal (proposals here; strongSwan proposals, "
               "Cisco ASA `crypto ikev2 policy`)";
}

void proposal(const Inputs& in, const Failure& f, std::vector<Finding>& out) {
  std::string phase(phase_name(f.phase));
  if (f.theirs.empty()) {
    Finding r =
        base(f, Severity::kError, "proposal-mismatch",
             fmt::format("{} proposal mismatch in {}: the peer accepted none of ours{}", what(f),
                         phase, f.peer_notify.empty() ? "" : " (" + f.peer_notify + ")"));
    r.evidence.push_back("we offered: " + describe_offers(f.ours));
    r.fix = proposal_fix(in, f) + "; the peer's log or diagnose shows what it accepts";
    out.push_back(std::move(r));
    return;
  }
  auto c = compare_offers(f.ours, f.theirs, f.child, f.our_lifetime);
  if (c.lifetime_only) {
    Finding r = base(
        f, Severity::kError, "lifetime-refused",
        fmt::format("{} refused because of its lifetime: the peer offers {}s, we accept at most "
                    "{}s",
                    phase, f.peer_lifetime, f.our_lifetime));
    r.evidence.push_back("we accept: " + describe_offers(f.ours));
    r.evidence.push_back("the peer offered: " + describe_offers(f.theirs));
    r.fix =
        "lower the peer's Phase 1 lifetime (Cisco `lifetime` in the ikev1 policy, strongSwan "
        "rekey_time/reauth_time) or raise rekey_time/reauth_time here (our limit is the longer "
        "of them plus over_time)";
    out.push_back(std::move(r));
    return;
  }
  std::string types = c.mismatched.empty() ? std::string() : c.mismatched.front();
  for (std::size_t i = 1; i < c.mismatched.size(); ++i)
    types += ", " + c.mismatched[i];
  Finding r =
      base(f, Severity::kError, "proposal-mismatch",
           fmt::format("{} proposal mismatch in {}: {}", what(f), phase,
                       types.empty() ? "every type has a common value, but no single proposal "
                                       "combines them"
                                     : "nothing in common for " + types));
  r.evidence.push_back("we " + std::string(f.we_initiated ? "offered" : "accept") + ": " +
                       describe_offers(f.ours));
  r.evidence.push_back("the peer offered: " + describe_offers(f.theirs));
  std::vector<std::string> pfs_lines;
  for (const auto& line : c.lines) {
    if (line.starts_with("PFS group")) pfs_lines.push_back(line);
    r.evidence.push_back(line);
  }
  r.fix = proposal_fix(in, f);
  out.push_back(std::move(r));
  if (f.child &&
      (c.dh_missing_ours || c.dh_missing_theirs ||
       std::find(c.mismatched.begin(), c.mismatched.end(), "PFS group") != c.mismatched.end())) {
    Finding pfs = base(
        f, Severity::kError, "pfs-mismatch",
        c.dh_missing_theirs ? fmt::format("PFS mismatch in {}: we require a PFS group, the peer "
                                          "offers none",
                                          phase)
        : c.dh_missing_ours ? fmt::format("PFS mismatch in {}: the peer requires a PFS group, we "
                                          "offer none",
                                          phase)
                            : fmt::format("PFS group mismatch in {}", phase));
    pfs.evidence = std::move(pfs_lines);
    pfs.fix =
        "use the same PFS group on both sides: a DH group in esp_proposals here "
        "(aes128-sha256-modp2048) or none, and the same on the peer (Cisco `set pfs group14`)";
    out.push_back(std::move(pfs));
  }
}

std::string sa_word(const Inputs& in) {
  return in.version == 1 ? "HASH" : "AUTH";
}

void authentication(const Inputs& in, const Failure& f, std::vector<Finding>& out) {
  Finding r;
  switch (f.cause) {
    case Cause::kPskMismatch:
      r = base(f, Severity::kError, "psk-mismatch",
               fmt::format("the peer's {} did not verify: most likely a different pre-shared key",
                           sa_word(in)));
      r.fix =
          "set the same secret on both sides for this pair of identities (secrets { ike-x { "
          "id-a, id-b, secret } }), and check that each side's ids select the secret you mean";
      break;
    case Cause::kAuthRefused:
      r = base(f, Severity::kError, "auth-refused",
               fmt::format("the peer refused our authentication{}",
                           f.peer_notify.empty() ? "" : " (" + f.peer_notify + ")"));
      r.fix =
          "compare the pre-shared key and both identities with the peer's configuration; with "
          "certificates the peer must trust our CA and find its id in our certificate; the "
          "peer's log names its reason";
      break;
    case Cause::kNoSecret:
      r = base(f, Severity::kError, "no-secret", "no pre-shared key for this pair of identities");
      r.fix = "add an ike secret whose ids match our identity and the peer's (or one without ids)";
      break;
    case Cause::kAuthMethod:
      r = base(f, Severity::kError, "auth-method-mismatch",
               "the peer authenticates with another method than this connection expects");
      r.fix = "use the same method on both sides (remote.auth here, the peer's local auth)";
      break;
    default:
      return;
  }
  out.push_back(std::move(r));
}

void identity(const Failure& f, std::vector<Finding>& out) {
  Finding r = base(
      f, Severity::kError, "id-mismatch",
      f.peer_id.empty()
          ? "identity mismatch: the peer's identity is not the one this connection expects"
          : fmt::format("identity mismatch: the peer identified as '{}', this connection expects "
                        "'{}'",
                        f.peer_id, f.expected_id.empty() ? "%any" : f.expected_id));
  r.fix =
      "set remote.id here to what the peer sends (or the peer's local id to what we expect); "
      "the type matters too: an address, an FQDN, an email and a DN never match each other";
  out.push_back(std::move(r));
}

void certificate(const Failure& f, std::vector<Finding>& out) {
  Finding r;
  switch (f.cause) {
    case Cause::kCertUntrusted:
      r = base(f, Severity::kError, "cert-untrusted",
               "the peer's certificate is not trusted: it does not chain to a CA we hold");
      r.fix =
          "put the peer's CA certificate in x509ca/ (or name it in remote.cacerts), with the "
          "intermediates the peer does not send";
      break;
    case Cause::kCertExpired:
      r = base(f, Severity::kError, "cert-expired",
               "the peer's certificate is expired or not valid yet");
      r.fix = "renew the certificate; check both hosts' clocks (NTP)";
      break;
    case Cause::kCertIdentity:
      r = base(f, Severity::kError, "cert-identity",
               "the peer's certificate does not contain the identity it claims");
      r.fix =
          "the peer's id must be the certificate's subject or one of its subjectAltNames: fix "
          "its local id, or issue the certificate with that name";
      break;
    case Cause::kCertRevoked:
      r = base(f, Severity::kError, "cert-revoked", "the peer's certificate is revoked");
      r.fix = "issue the peer a new certificate; a revoked one is never accepted again";
      break;
    case Cause::kSignature:
      r = base(f, Severity::kError, "signature-invalid",
               "the peer's signature does not verify with its certificate's key");
      r.fix =
          "the peer signs with a key that does not belong to its certificate: check its "
          "local.certs and private key";
      break;
    default:
      return;
  }
  out.push_back(std::move(r));
}

void selectors(const Inputs& in, const Failure& f, std::vector<Finding>& out) {
  std::string word = in.version == 1 ? "proxy-ID" : "traffic selector";
  std::string phase(phase_name(f.phase));
  bool known = !f.peer_local_ts.empty() || !f.peer_remote_ts.empty();
  Finding r =
      base(f, Severity::kError, "ts-mismatch",
           known ? fmt::format("{} mismatch in {}: the peer proposed {} === {}, we allow {} === {}",
                               word, phase, describe(f.peer_local_ts), describe(f.peer_remote_ts),
                               describe(f.our_remote_ts), describe(f.our_local_ts))
                 : fmt::format("{} mismatch in {}: the peer refused our selectors{}", word, phase,
                               f.peer_notify.empty() ? "" : " (" + f.peer_notify + ")"));
  if (known) {
    r.evidence.push_back("the peer's side (its local): " + describe(f.peer_local_ts) +
                         ", our remote_ts: " + describe(f.our_remote_ts));
    r.evidence.push_back("our side (its remote): " + describe(f.peer_remote_ts) +
                         ", our local_ts: " + describe(f.our_local_ts));
  } else if (!f.our_local_ts.empty() || !f.our_remote_ts.empty()) {
    r.evidence.push_back("we proposed local_ts " + describe(f.our_local_ts) + ", remote_ts " +
                         describe(f.our_remote_ts));
  }
  if (!f.child_name.empty()) r.evidence.push_back("child: " + f.child_name);
  r.fix =
      "make the selectors mirror images: the peer's local selectors within our remote_ts and "
      "its remote selectors within our local_ts (Cisco: the crypto ACL, reversed on the peer)";
  out.push_back(std::move(r));
}

// Only the engine's reason is known. Said only when the phase adds to it: IKE_INTERMEDIATE
// (RFC 9242) failures, which the plain "last attempt failed" line does not place.
void unclassified(const Failure& f, std::vector<Finding>& out) {
  if (f.phase != Phase::kIkeIntermediate) return;
  Finding r = base(f, Severity::kError, "intermediate-failed",
                   fmt::format("{} failed: {}", phase_name(f.phase),
                               f.detail.empty() ? "no reason given" : f.detail));
  r.evidence.push_back(fmt::format("we were the {}", f.we_initiated ? "initiator" : "responder"));
  r.fix =
      "IKE_INTERMEDIATE carries the additional key exchanges of RFC 9370 (ke1_... in "
      "proposals): give both sides the same additional groups, or none, and check that the peer "
      "supports RFC 9242/9370";
  out.push_back(std::move(r));
}

void failure_findings(const Inputs& in, const Failure& f, std::vector<Finding>& out) {
  switch (f.cause) {
    case Cause::kProposal:
      return proposal(in, f, out);
    case Cause::kPskMismatch:
    case Cause::kAuthRefused:
    case Cause::kNoSecret:
    case Cause::kAuthMethod:
      return authentication(in, f, out);
    case Cause::kIdMismatch:
      return identity(f, out);
    case Cause::kCertUntrusted:
    case Cause::kCertExpired:
    case Cause::kCertIdentity:
    case Cause::kCertRevoked:
    case Cause::kSignature:
      return certificate(f, out);
    case Cause::kTrafficSelector:
      return selectors(in, f, out);
    case Cause::kOther:
      return unclassified(f, out);
    default:
      return;
  }
}

// A spoofable failure newer than the trusted one (recorder.hpp): shown, as a warning that says
// why it is not taken as the cause.
void spoofable_findings(const Inputs& in, const Failure& f, std::vector<Finding>& out) {
  std::vector<Finding> found;
  failure_findings(in, f, found);
  for (auto& r : found) {
    if (r.severity == Severity::kError) r.severity = Severity::kWarning;
    r.text = "unauthenticated attempt: " + r.text;
    r.evidence.push_back(fmt::format(
        "unauthenticated: {} from {}, {}: a message any host can send with a forged address, so "
        "it does not replace the failure above",
        phase_name(f.phase), f.peer.address.is_unspecified() ? "?" : f.peer.to_string(),
        detail::ago(in.now, f.at)));
    out.push_back(std::move(r));
  }
}

}  // namespace

void negotiation_findings(const Inputs& in, std::vector<Finding>& out) {
  if (!in.evidence) return;
  if (in.evidence->failure) failure_findings(in, *in.evidence->failure, out);
  if (in.evidence->spoofable_failure) spoofable_findings(in, *in.evidence->spoofable_failure, out);
}

}  // namespace oakley::ike::diagnosis
