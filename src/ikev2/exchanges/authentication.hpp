// IKE_AUTH's proof of identity (RFC 7296 2.15, 3.8): our AUTH payload (a PSK MAC, or a signature
// with our certificate) and the check of the peer's. Signatures use RFC 7427 (method 14) when the
// peer announced SIGNATURE_HASH_ALGORITHMS, else the classic methods: RSA PKCS#1 v1.5 with SHA-1
// (1) and ECDSA per RFC 4754 (9-11). Also the SIGNATURE_HASH_ALGORITHMS and CERTREQ payloads that
// prepare for them.
#pragma once

#include "config/config.hpp"
#include "ike/identity.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/task.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

class Engine;

// What one side's AUTH covers (RFC 7296 2.15): its IKE_SA_INIT message, the other side's nonce,
// its SK_p, and its ID payload.
struct AuthContext {
  ByteView real_message;
  ByteView nonce;
  ByteView sk_p;
};
AuthContext initiator_context(const IkeSa& sa);
AuthContext responder_context(const IkeSa& sa);

// IKEv2 with more than one local or remote round (RFC 4739, EAP after a certificate) is not
// implemented: such a connection is refused rather than authenticated by its first round alone.
Status single_rounds(const config::Connection& conn);

// Our identity for the connection: configured, else our certificate's subject (signatures), else
// our address.
Result<ike::WireId> our_identity(const IkeSa& sa, const config::Connection& conn);

// [CERT] AUTH proving `our_id` for the connection's local round.
Result<Payloads> our_auth_payloads(Engine& engine, const IkeSa& sa, const config::Connection& conn,
                                   const wire::ikev2::IdPayload& our_id, const AuthContext& ctx);

// Checks the peer's AUTH (and certificate) for `peer_id` against the connection's remote round;
// on success, how it authenticated ("PSK", "ECDSA SHA-384 (RFC 7427)"). The error says what
// failed, for the log and for AUTHENTICATION_FAILED.
Result<std::string> verify_peer_auth(Engine& engine, const IkeSa& sa,
                                     const config::Connection& conn,
                                     const wire::ikev2::IdPayload& peer_id, const AuthContext& ctx,
                                     const Payloads& payloads);

// SIGNATURE_HASH_ALGORITHMS with what we verify (SHA2-256/384/512, Identity for EdDSA).
wire::ikev2::Payload signature_hash_algorithms_notify();
// Reads the peer's SIGNATURE_HASH_ALGORITHMS and CERTREQs into the SA.
void note_auth_announcements(IkeSa& sa, const Payloads& payloads);
// CERTREQ naming the CAs the connection trusts (none when it does not expect a certificate).
Payloads certreq_payloads(const IkeSa& sa, const config::Connection& conn);

}  // namespace oakley::ikev2
