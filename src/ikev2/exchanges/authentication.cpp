#include "ikev2/exchanges/authentication.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "credentials/constraints.hpp"
#include "credentials/store.hpp"
#include "crypto/compare.hpp"
#include "crypto/hash.hpp"
#include "crypto/ikev2_keys.hpp"
#include "crypto/pki.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/payload_convert.hpp"
#include "wire/ikev2/id.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
using crypto::SignatureScheme;

namespace {

// RFC 7427 hash algorithm identifiers (IANA "IKEv2 Hash Algorithms").
constexpr std::uint16_t kSha256 = 2, kSha384 = 3, kSha512 = 4, kIdentity = 5;

const credentials::Store* store_of(const IkeSa& sa) {
  return sa.config_snapshot ? sa.config_snapshot->credentials.get() : nullptr;
}

bool peer_hashes(const IkeSa& sa, std::uint16_t h) {
  const auto& v = sa.peer_signature_hashes;
  return std::find(v.begin(), v.end(), h) != v.end();
}

// How we sign with `key` for this peer: the AUTH method and the signature scheme.
struct SigningChoice {
  w::AuthMethod method;
  SignatureScheme scheme;
};

std::uint16_t hash_id(config::SigHashName h) {
  switch (h) {
    case config::SigHashName::kSha1:
      return 1;
    case config::SigHashName::kSha256:
      return kSha256;
    case config::SigHashName::kSha384:
      return kSha384;
    case config::SigHashName::kSha512:
      return kSha512;
    case config::SigHashName::kIdentity:
      return kIdentity;
    case config::SigHashName::kSha224:
      break;
  }
  return 0;  // no RFC 7427 hash id and no scheme of ours
}

// The scheme a constraint stands for with our key, if we can make it.
std::optional<SignatureScheme> scheme_for(const config::SignatureConstraint& c,
                                          const crypto::PublicKey& key) {
  static const std::pair<config::SignatureConstraint, SignatureScheme> kSchemes[] = {
      {{config::SigKeyType::kRsa, config::SigHashName::kSha1}, SignatureScheme::kRsaPkcs1Sha1},
      {{config::SigKeyType::kRsa, config::SigHashName::kSha256}, SignatureScheme::kRsaPkcs1Sha256},
      {{config::SigKeyType::kRsa, config::SigHashName::kSha384}, SignatureScheme::kRsaPkcs1Sha384},
      {{config::SigKeyType::kRsa, config::SigHashName::kSha512}, SignatureScheme::kRsaPkcs1Sha512},
      {{config::SigKeyType::kRsaPss, config::SigHashName::kSha256}, SignatureScheme::kRsaPssSha256},
      {{config::SigKeyType::kRsaPss, config::SigHashName::kSha384}, SignatureScheme::kRsaPssSha384},
      {{config::SigKeyType::kRsaPss, config::SigHashName::kSha512}, SignatureScheme::kRsaPssSha512},
      {{config::SigKeyType::kEcdsa, config::SigHashName::kSha256}, SignatureScheme::kEcdsaSha256},
      {{config::SigKeyType::kEcdsa, config::SigHashName::kSha384}, SignatureScheme::kEcdsaSha384},
      {{config::SigKeyType::kEcdsa, config::SigHashName::kSha512}, SignatureScheme::kEcdsaSha512},
      {{config::SigKeyType::kEd25519, config::SigHashName::kIdentity}, SignatureScheme::kEd25519},
      {{config::SigKeyType::kEd448, config::SigHashName::kIdentity}, SignatureScheme::kEd448},
  };
  for (const auto& [constraint, scheme] : kSchemes)
    if (constraint == c && key.supports(scheme)) return scheme;
  return std::nullopt;
}

// With IKE signature constraints on our local round (auth = ike:pubkey-sha384-sha256 ...), the
// first one our key can make and the peer can check, in the configured order.
Result<SigningChoice> constrained_signing(const IkeSa& sa, const crypto::PublicKey& key,
                                          const config::AuthRound& round) {
  const bool rfc7427 = !sa.peer_signature_hashes.empty();
  for (const auto& c : round.constraints.ike) {
    auto scheme = scheme_for(c, key);
    if (!scheme) continue;
    if (rfc7427 && peer_hashes(sa, hash_id(c.hash)))
      return SigningChoice{w::AuthMethod::kDigitalSignature, *scheme};
    if (rfc7427) continue;
    if (*scheme == SignatureScheme::kRsaPkcs1Sha1)
      return SigningChoice{w::AuthMethod::kRsaSig, *scheme};
    // RFC 4754 fixes the hash to the curve
    auto bits = key.bits();
    if (*scheme == SignatureScheme::kEcdsaSha256 && bits == 256)
      return SigningChoice{w::AuthMethod::kEcdsaSha256P256, *scheme};
    if (*scheme == SignatureScheme::kEcdsaSha384 && bits == 384)
      return SigningChoice{w::AuthMethod::kEcdsaSha384P384, *scheme};
    if (*scheme == SignatureScheme::kEcdsaSha512 && bits == 521)
      return SigningChoice{w::AuthMethod::kEcdsaSha512P521, *scheme};
  }
  return make_error(fmt::format(
      "local auth = {} allows {}, and none of them fits our key or the hashes the peer announced "
      "in SIGNATURE_HASH_ALGORITHMS",
      round.auth_text, config::constraints_text(round.constraints.ike)));
}

Result<SigningChoice> choose_signing(const IkeSa& sa, const crypto::PublicKey& key,
                                     const config::AuthRound& round) {
  if (!round.constraints.ike.empty()) return constrained_signing(sa, key, round);
  const bool rfc7427 = !sa.peer_signature_hashes.empty();
  switch (key.type()) {
    case crypto::KeyType::kRsa:
      if (!rfc7427) return SigningChoice{w::AuthMethod::kRsaSig, SignatureScheme::kRsaPkcs1Sha1};
      for (auto [h, s] : {std::pair{kSha256, SignatureScheme::kRsaPkcs1Sha256},
                          std::pair{kSha384, SignatureScheme::kRsaPkcs1Sha384},
                          std::pair{kSha512, SignatureScheme::kRsaPkcs1Sha512}}) {
        if (peer_hashes(sa, h)) return SigningChoice{w::AuthMethod::kDigitalSignature, s};
      }
      break;
    case crypto::KeyType::kEcdsa: {
      // RFC 4754 ties the hash to the curve; RFC 7427 allows others, but peers expect the pair.
      auto bits = key.bits();
      auto scheme = bits <= 256   ? SignatureScheme::kEcdsaSha256
                    : bits <= 384 ? SignatureScheme::kEcdsaSha384
                                  : SignatureScheme::kEcdsaSha512;
      auto hash = bits <= 256 ? kSha256 : bits <= 384 ? kSha384 : kSha512;
      if (rfc7427 && peer_hashes(sa, hash))
        return SigningChoice{w::AuthMethod::kDigitalSignature, scheme};
      if (bits == 256) return SigningChoice{w::AuthMethod::kEcdsaSha256P256, scheme};
      if (bits == 384) return SigningChoice{w::AuthMethod::kEcdsaSha384P384, scheme};
      if (bits == 521) return SigningChoice{w::AuthMethod::kEcdsaSha512P521, scheme};
      break;
    }
    case crypto::KeyType::kEd25519:
    case crypto::KeyType::kEd448:
      if (peer_hashes(sa, kIdentity)) {
        return SigningChoice{w::AuthMethod::kDigitalSignature,
                             key.type() == crypto::KeyType::kEd25519 ? SignatureScheme::kEd25519
                                                                     : SignatureScheme::kEd448};
      }
      return make_error(
          "EdDSA needs RFC 7427 with the Identity hash, which the peer did not "
          "announce in SIGNATURE_HASH_ALGORITHMS");
  }
  return make_error("the peer announced no RFC 7427 hash our key can sign with");
}

Result<Bytes> signature_auth_data(const SigningChoice& c, const crypto::PrivateKey& key,
                                  ByteView octets) {
  auto sig = key.sign(c.scheme, octets);
  if (!sig) return sig;
  if (c.method == w::AuthMethod::kDigitalSignature)
    return crypto::rfc7427_auth_data(c.scheme, *sig);
  if (c.method == w::AuthMethod::kRsaSig) return sig;
  return crypto::ecdsa_der_to_raw(*sig, key.public_key().ecdsa_coordinate_size());
}

// The scheme and the signature (DER for ECDSA) an AUTH payload carries.
struct ReceivedSignature {
  SignatureScheme scheme;
  Bytes signature;
};

Result<ReceivedSignature> read_signature(const w::AuthPayload& auth) {
  auto rs = [&](SignatureScheme s, std::size_t coordinate) -> Result<ReceivedSignature> {
    if (auth.data.size() != 2 * coordinate) {
      return make_error(fmt::format("{} AUTH of {} bytes (expected {})",
                                    w::auth_method_name(auth.method), auth.data.size(),
                                    2 * coordinate));
    }
    auto der = crypto::ecdsa_raw_to_der(auth.data);
    if (!der) return der.take_error();
    return ReceivedSignature{s, std::move(*der)};
  };
  switch (auth.method) {
    case w::AuthMethod::kRsaSig:
      return ReceivedSignature{SignatureScheme::kRsaPkcs1Sha1, auth.data};
    case w::AuthMethod::kEcdsaSha256P256:
      return rs(SignatureScheme::kEcdsaSha256, 32);
    case w::AuthMethod::kEcdsaSha384P384:
      return rs(SignatureScheme::kEcdsaSha384, 48);
    case w::AuthMethod::kEcdsaSha512P521:
      return rs(SignatureScheme::kEcdsaSha512, 66);
    case w::AuthMethod::kDigitalSignature: {
      auto parsed = crypto::parse_rfc7427_auth_data(auth.data);
      if (!parsed) return parsed.take_error();
      return ReceivedSignature{parsed->scheme,
                               Bytes(parsed->signature.begin(), parsed->signature.end())};
    }
    default:
      return make_error(
          fmt::format("{} is not a signature method we verify", w::auth_method_name(auth.method)));
  }
}

Status verify_psk(ExchangeContext& ectx, const IkeSa& sa, const config::Identity& peer,
                  const w::AuthPayload& auth, ByteView octets) {
  const auto* secret = ectx.find_psk(sa, ike::from_wire(sa.local_id), peer);
  if (!secret) {
    return make_error(fmt::format("no PSK found for '{}' - '{}'",
                                  ike::from_wire(sa.local_id).to_string(), peer.to_string()));
  }
  auto want = crypto::ikev2::psk_auth(sa.prf, secret->secret.view(), octets);
  if (!want || !crypto::equal_constant_time(*want, auth.data)) {
    return make_error(fmt::format(
        "authentication of '{}' with a PSK failed: AUTH payload does not verify (PSKs differ?)",
        peer.to_string()));
  }
  return {};
}

credentials::PeerCertificates received_certificates(const Payloads& payloads) {
  credentials::PeerCertificates out;
  for (const auto* c : w::find_all<w::CertPayload>(payloads)) {
    if (c->encoding == w::CertEncoding::kX509Signature) out.certs.push_back(c->data);
    if (c->encoding == w::CertEncoding::kOcspContent) out.ocsp.push_back(c->data);
  }
  return out;
}

PeerAuthCheck decided(Result<std::string> r) {
  PeerAuthCheck c;
  c.result = std::move(r);
  return c;
}

}  // namespace

AuthContext initiator_context(const IkeSa& sa) {
  return {sa.init_request, sa.nonce_r, sa.sk_pi, sa.intermediate.auth_octets};
}

AuthContext responder_context(const IkeSa& sa) {
  return {sa.init_response, sa.nonce_i, sa.sk_pr, sa.intermediate.auth_octets};
}

Result<ike::WireId> our_identity(const IkeSa& sa, const config::Connection& conn) {
  const auto& configured = conn.local.front().id;
  const auto* store = store_of(sa);
  const auto* cred = store ? store->local(conn) : nullptr;
  if (configured.is_any() && cred && conn.local.front().auth == config::AuthClass::kPubkey) {
    auto subject = credentials::subject_identity(cred->cert);
    return ike::WireId{static_cast<std::uint8_t>(subject.type), subject.data};
  }
  return ike::local_wire_id(configured, sa.local.address);
}

Status single_rounds(const config::Connection& conn) {
  for (const auto* rounds : {&conn.local, &conn.remote}) {
    if (rounds->size() > 1) {
      return make_error(fmt::format(
          "connection '{}' has a second authentication round ({} auth = {}); multiple "
          "authentication (RFC 4739) and EAP are not implemented, so the connection is not used",
          conn.name, (*rounds)[1].name, (*rounds)[1].auth_text));
    }
  }
  return {};
}

namespace {

Result<Bytes> our_octets(const IkeSa& sa, const w::IdPayload& our_id, const AuthContext& ctx) {
  auto octets = crypto::ikev2::signed_octets(sa.prf, ctx.real_message, ctx.nonce, ctx.sk_p,
                                             w::encode_id_body(our_id));
  if (octets) append(*octets, ctx.int_auth);
  return octets;
}

Result<const credentials::LocalCredential*> our_credential(const IkeSa& sa,
                                                           const config::Connection& conn) {
  const auto& round = conn.local.front();
  if (round.auth != config::AuthClass::kPubkey) {
    return make_error(
        fmt::format("local authentication '{}' is not supported (psk or pubkey)", round.auth_text));
  }
  const auto* store = store_of(sa);
  const auto* cred = store ? store->local(conn) : nullptr;
  if (!cred) {
    return make_error(
        fmt::format("connection '{}' authenticates with a public key but names "
                    "no certificate in local.certs",
                    conn.name));
  }
  return cred;
}

// The job that signs `octets` for the local round with `cred`, with the scheme chosen for this
// peer; an error when none fits.
Result<std::shared_ptr<OurSignatureJob>> signing_job(const IkeSa& sa,
                                                     const config::Connection& conn,
                                                     const credentials::LocalCredential& cred,
                                                     Bytes octets) {
  auto choice = choose_signing(sa, cred.cert.public_key(), conn.local.front());
  if (!choice) return choice.take_error();
  auto job = std::make_shared<OurSignatureJob>();
  job->config = sa.config_snapshot;
  job->key = &cred.key;
  job->method = choice->method;
  job->scheme = choice->scheme;
  job->octets = std::move(octets);
  return job;
}

}  // namespace

void OurSignatureJob::run() {
  auth_data = signature_auth_data(SigningChoice{method, scheme}, *key, octets);
}

Result<std::shared_ptr<OurSignatureJob>> our_signature_job(const IkeSa& sa,
                                                           const config::Connection& conn,
                                                           const w::IdPayload& our_id,
                                                           const AuthContext& ctx) {
  if (auto st = single_rounds(conn); !st) return st.take_error();
  if (conn.local.front().auth == config::AuthClass::kPsk) return std::shared_ptr<OurSignatureJob>();
  auto cred = our_credential(sa, conn);
  if (!cred) return cred.take_error();
  auto octets = our_octets(sa, our_id, ctx);
  if (!octets) return octets.take_error();
  return signing_job(sa, conn, **cred, std::move(*octets));
}

Result<Payloads> our_auth_payloads(ExchangeContext& ectx, const IkeSa& sa,
                                   const config::Connection& conn, const w::IdPayload& our_id,
                                   const AuthContext& ctx, const std::optional<Bytes>& own_ocsp,
                                   const OurSignatureJob* signed_ahead) {
  if (auto st = single_rounds(conn); !st) return st.take_error();
  const auto& round = conn.local.front();
  auto octets = our_octets(sa, our_id, ctx);
  if (!octets) return octets.take_error();
  Payloads out;
  if (round.auth == config::AuthClass::kPsk) {
    config::Identity peer =
        sa.remote_id.data.empty() ? conn.remote.front().id : ike::from_wire(sa.remote_id);
    const auto* secret = ectx.find_psk(sa, ike::from_wire(sa.local_id), peer);
    if (!secret) {
      return make_error(fmt::format("no PSK found for '{}' - '{}'",
                                    ike::from_wire(sa.local_id).to_string(), peer.to_string()));
    }
    auto mac = crypto::ikev2::psk_auth(sa.prf, secret->secret.view(), *octets);
    if (!mac) return mac.take_error();
    out.push_back(w::Payload{w::AuthPayload{w::AuthMethod::kSharedKeyMic, std::move(*mac)}, false});
    return out;
  }
  auto found = our_credential(sa, conn);
  if (!found) return found.take_error();
  const auto* cred = *found;
  std::shared_ptr<OurSignatureJob> here;  // nothing signed ahead for these octets: sign now
  if (!signed_ahead || signed_ahead->octets != *octets) {
    auto job = signing_job(sa, conn, *cred, *octets);
    if (!job) return job.take_error();
    here = std::move(*job);
    here->run();
    signed_ahead = here.get();
  }
  if (!signed_ahead->auth_data)
    return make_error("signing failed: " + signed_ahead->auth_data.error().message);
  Bytes data = *signed_ahead->auth_data;
  if (conn.send_cert == config::SendCert::kAlways ||
      (conn.send_cert == config::SendCert::kIfAsked && sa.peer_requested_cert)) {
    out.push_back(
        w::Payload{w::CertPayload{w::CertEncoding::kX509Signature, cred->cert.der()}, false});
    // RFC 4806 3: the OCSP response follows the certificate it is about.
    if (own_ocsp)
      out.push_back(w::Payload{w::CertPayload{w::CertEncoding::kOcspContent, *own_ocsp}, false});
  }
  out.push_back(w::Payload{w::AuthPayload{signed_ahead->method, std::move(data)}, false});
  return out;
}

void PeerSignatureJob::run() {
  const auto* store = config->credentials.get();
  auto verified = store->authenticate_peer(
      *conn, peer, received, [this](const credentials::VerifiedPeer& v) -> Status {
        if (auto st = v.key.verify(scheme, octets, signature); !st) {
          return make_error(fmt::format("the {} signature of \"{}\" does not verify: {}",
                                        crypto::scheme_name(scheme), v.subject,
                                        st.error().message));
        }
        return {};
      });
  if (!verified) {
    result = verified.take_error();
    return;
  }
  result = fmt::format("{}{}", crypto::scheme_name(scheme), rfc7427 ? " (RFC 7427)" : "");
  if (ours) ours->run();
  // Only for a peer that proved itself: asking our responder costs a fetch.
  if (!fetch_own_ocsp) return;
  auto response = store->own_ocsp_response(*conn);
  if (response) {
    own_ocsp = std::move(*response);
  } else {
    log::info("ike", "the peer asked for an OCSP response about our certificate, none sent: {}",
              response.error().message);
  }
}

PeerAuthCheck check_peer_auth(ExchangeContext& ectx, const IkeSa& sa,
                              const config::Connection& conn, const w::IdPayload& peer_id,
                              const AuthContext& ctx, const Payloads& payloads) {
  if (auto st = single_rounds(conn); !st) return decided(st.take_error());
  const auto* auth = w::find<w::AuthPayload>(payloads);
  if (!auth) return decided(make_error("no AUTH payload"));
  auto peer = ike::from_wire(from_id_payload(peer_id));
  auto octets = crypto::ikev2::signed_octets(sa.prf, ctx.real_message, ctx.nonce, ctx.sk_p,
                                             w::encode_id_body(peer_id));
  if (!octets) return decided(octets.take_error());
  append(*octets, ctx.int_auth);
  const auto& round = conn.remote.front();
  const bool psk = auth->method == w::AuthMethod::kSharedKeyMic;
  if (psk && round.auth == config::AuthClass::kPsk) {
    if (auto st = verify_psk(ectx, sa, peer, *auth, *octets); !st) return decided(st.take_error());
    return decided(std::string("PSK"));
  }
  if (psk || round.auth != config::AuthClass::kPubkey) {
    return decided(make_error(fmt::format(
        "peer '{}' authenticates with {}, connection '{}' "
        "expects {}",
        peer.to_string(), w::auth_method_name(auth->method), conn.name, round.auth_text)));
  }
  if (!store_of(sa)) return decided(make_error("no certificates are loaded"));
  auto sig = read_signature(*auth);
  if (!sig) return decided(sig.take_error());
  if (auto st = credentials::check_ike_scheme(conn, round, sig->scheme); !st)
    return decided(st.take_error());
  auto job = std::make_shared<PeerSignatureJob>();
  job->config = sa.config_snapshot;
  job->conn = &conn;
  job->peer = std::move(peer);
  job->received = received_certificates(payloads);
  job->scheme = sig->scheme;
  job->signature = std::move(sig->signature);
  job->octets = std::move(*octets);
  job->rfc7427 = auth->method == w::AuthMethod::kDigitalSignature;
  PeerAuthCheck out;
  out.job = std::move(job);
  return out;
}

bool wants_own_ocsp(const IkeSa& sa, const config::Connection& conn) {
  const bool reply = conn.ocsp == config::OcspMode::kReply || conn.ocsp == config::OcspMode::kBoth;
  if (!reply || !sa.peer_requested_ocsp || conn.local.empty() ||
      conn.local.front().auth != config::AuthClass::kPubkey)
    return false;
  const auto* store = store_of(sa);
  if (!store || !store->local(conn)) return false;
  return conn.send_cert == config::SendCert::kAlways ||
         (conn.send_cert == config::SendCert::kIfAsked && sa.peer_requested_cert);
}

w::Payload signature_hash_algorithms_notify() {
  Bytes data;
  for (std::uint16_t h : {kSha256, kSha384, kSha512, kIdentity})
    put_be16(data, h);
  return w::Payload{w::NotifyPayload::of(w::NotifyType::kSignatureHashAlgorithms, std::move(data)),
                    false};
}

void note_auth_announcements(IkeSa& sa, const Payloads& payloads) {
  if (const auto* n = w::find_notify(payloads, w::NotifyType::kSignatureHashAlgorithms)) {
    sa.peer_signature_hashes.clear();
    for (std::size_t i = 0; i + 1 < n->data.size(); i += 2)
      sa.peer_signature_hashes.push_back(load_be16(n->data.data() + i));
  }
  for (const auto* req : w::find_all<w::CertreqPayload>(payloads)) {
    if (req->encoding == w::CertEncoding::kOcspContent) {
      sa.peer_requested_ocsp = true;
    } else {
      sa.peer_requested_cert = true;
    }
  }
}

Payloads certreq_payloads(const IkeSa& sa, const config::Connection& conn) {
  Payloads out;
  const auto* store = store_of(sa);
  if (!store || !conn.send_certreq || conn.remote.empty() ||
      conn.remote.front().auth != config::AuthClass::kPubkey)
    return out;
  Bytes hashes;
  for (const auto& ca : store->trusted_cas(conn)) {
    auto h = crypto::hash(crypto::HashAlg::kSha1, {ca.public_key().spki_der()});
    hashes.insert(hashes.end(), h.begin(), h.end());
  }
  if (hashes.empty()) return out;
  out.push_back(
      w::Payload{w::CertreqPayload{w::CertEncoding::kX509Signature, std::move(hashes)}, false});
  // RFC 4806 2: the OCSP CERTREQ names the responders we trust (SHA-1 of their keys); it goes
  // after the X.509 one, since a peer may only answer it along with its certificate.
  if (conn.ocsp == config::OcspMode::kRequest || conn.ocsp == config::OcspMode::kBoth) {
    out.push_back(w::Payload{
        w::CertreqPayload{w::CertEncoding::kOcspContent, store->ocsp_responder_hashes(conn)},
        false});
  }
  return out;
}

}  // namespace oakley::ikev2
