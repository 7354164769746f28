// IKE_AUTH's proof of identity (RFC 7296 2.15, 3.8): our AUTH payload (a PSK MAC, or a signature
// with our certificate) and the check of the peer's. Signatures use RFC 7427 (method 14) when the
// peer announced SIGNATURE_HASH_ALGORITHMS, else the classic methods: RSA PKCS#1 v1.5 with SHA-1
// (1) and ECDSA per RFC 4754 (9-11). Also the SIGNATURE_HASH_ALGORITHMS and CERTREQ payloads that
// prepare for them.
#pragma once

#include <memory>
#include <optional>

#include "config/config.hpp"
#include "credentials/store.hpp"
#include "crypto/pki.hpp"
#include "ike/identity.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/task.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

// What one side's AUTH covers (RFC 7296 2.15): its IKE_SA_INIT message, the other side's nonce,
// its SK_p, and its ID payload; after IKE_INTERMEDIATE exchanges also IntAuth (RFC 9242 3.3.2).
struct AuthContext {
  ByteView real_message;
  ByteView nonce;
  ByteView sk_p;
  ByteView int_auth;  // empty without IKE_INTERMEDIATE
};
AuthContext initiator_context(const IkeSa& sa);
AuthContext responder_context(const IkeSa& sa);

// IKEv2 with more than one local or remote round (RFC 4739, EAP after a certificate) is not
// implemented: such a connection is refused rather than authenticated by its first round alone.
Status single_rounds(const config::Connection& conn);

// Our identity for the connection: configured, else our certificate's subject (signatures), else
// our address.
Result<ike::WireId> our_identity(const IkeSa& sa, const config::Connection& conn);

// Our signature for the AUTH payload, made on a worker before our_auth_payloads needs it (an RSA
// signature costs a millisecond or more of the loop thread otherwise). It holds what it signs and
// the configuration snapshot that owns the key, never the SA.
struct OurSignatureJob {
  std::shared_ptr<const credentials::LoadedConfig> config;
  const crypto::PrivateKey* key = nullptr;
  wire::ikev2::AuthMethod method{};
  crypto::SignatureScheme scheme{};
  Bytes octets;  // what AUTH covers (RFC 7296 2.15, with RFC 9242 IntAuth)
  Result<Bytes> auth_data = make_error("the signing did not run");
  void run();
};

// The job for our AUTH when the connection's local round signs; nullptr for a PSK. The errors
// are those our_auth_payloads would give.
Result<std::shared_ptr<OurSignatureJob>> our_signature_job(const IkeSa& sa,
                                                           const config::Connection& conn,
                                                           const wire::ikev2::IdPayload& our_id,
                                                           const AuthContext& ctx);

// [CERT] [CERT(OCSP)] AUTH proving `our_id` for the connection's local round. `own_ocsp`: an
// OCSP response about our certificate for a peer that asked for one (RFC 4806). `signed_ahead`:
// the signature a worker made for exactly these octets (else it is made here, on the loop).
Result<Payloads> our_auth_payloads(ExchangeContext& ectx, const IkeSa& sa,
                                   const config::Connection& conn,
                                   const wire::ikev2::IdPayload& our_id, const AuthContext& ctx,
                                   const std::optional<Bytes>& own_ocsp = std::nullopt,
                                   const OurSignatureJob* signed_ahead = nullptr);

// The part of the peer's authentication that may take long: its certificate chain, its
// signature and the chain's revocation status (which may wait for OCSP responders and CRL
// servers). It runs on a worker and touches nothing of the SA: everything it needs is copied in,
// and the configuration snapshot keeps the connection and the credentials alive.
struct PeerSignatureJob {
  std::shared_ptr<const credentials::LoadedConfig> config;
  const config::Connection* conn = nullptr;
  config::Identity peer;
  credentials::PeerCertificates received;
  crypto::SignatureScheme scheme{};
  Bytes signature;
  Bytes octets;
  bool rfc7427 = false;
  bool fetch_own_ocsp = false;  // also get our OCSP response for the peer (responder, RFC 4806)
  // The responder's own signature, made once the peer proved itself (never for one that did not).
  std::shared_ptr<OurSignatureJob> ours;

  Result<std::string> result = make_error("the signature check did not run");
  std::optional<Bytes> own_ocsp;
  void run();
};

// Checks the peer's AUTH for `peer_id` against the connection's remote round. A PSK (and any
// refusal that needs no work, such as a method or signature hash the round does not accept) is
// decided at once in `result`; a signature is left to `job`, for a worker. On success the
// result says how the peer authenticated ("PSK", "ECDSA SHA-384 (RFC 7427)"); an error says what
// failed, for the log and for AUTHENTICATION_FAILED.
struct PeerAuthCheck {
  std::optional<Result<std::string>> result;
  std::shared_ptr<PeerSignatureJob> job;
};
PeerAuthCheck check_peer_auth(ExchangeContext& ectx, const IkeSa& sa,
                              const config::Connection& conn, const wire::ikev2::IdPayload& peer_id,
                              const AuthContext& ctx, const Payloads& payloads);

// Whether we send the peer an OCSP response about our certificate: it asked (RFC 4806 CERTREQ),
// our `ocsp` is reply or both, and we send our certificate.
bool wants_own_ocsp(const IkeSa& sa, const config::Connection& conn);

// SIGNATURE_HASH_ALGORITHMS with what we verify (SHA2-256/384/512, Identity for EdDSA).
wire::ikev2::Payload signature_hash_algorithms_notify();
// Reads the peer's SIGNATURE_HASH_ALGORITHMS and CERTREQs (X.509 and OCSP content) into the SA.
void note_auth_announcements(IkeSa& sa, const Payloads& payloads);
// CERTREQ naming the CAs the connection trusts (none when it does not expect a certificate), and
// with `ocsp = request | both` one with OCSP content naming the responders we trust (RFC 4806).
Payloads certreq_payloads(const IkeSa& sa, const config::Connection& conn);

}  // namespace oakley::ikev2
