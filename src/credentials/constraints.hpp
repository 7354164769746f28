// What a remote round demands of the peer beyond a trusted chain, checked as charon's
// auth_cfg_t::complies does: signature algorithms and key sizes in the chain and of the IKEv2 AUTH
// (auth = pubkey-sha256, rsa-2048, ike:ecdsa-sha384 ...), the CA it must be authenticated by
// (ca_id), and certificate policies (cert_policy). Errors name the certificate, what it has and
// what the configuration accepts.
#pragma once

#include <span>

#include "common/result.hpp"
#include "config/connection.hpp"
#include "crypto/pki.hpp"

namespace oakley::credentials {

// `chain`: leaf first, trust anchor last (the anchor's own signature is not checked).
Status check_chain_constraints(const config::Connection& conn, const config::AuthRound& round,
                               std::span<const crypto::Certificate> chain);

// The scheme of the peer's IKEv2 AUTH. Without IKE constraints anything but SHA-1 is accepted:
// SHA-1 signatures need a constraint that names sha1 (auth = pubkey-sha1-sha256 ...).
Status check_ike_scheme(const config::Connection& conn, const config::AuthRound& round,
                        crypto::SignatureScheme scheme);

// ca_id: some CA certificate of the chain (an intermediate or the anchor) has that subject.
Status check_ca_id(const config::AuthRound& round, std::span<const crypto::Certificate> chain);

// cert_policy: the leaf names every OID, and every intermediate CA names it too or anyPolicy
// (RFC 5280 6.1: a policy holds only if each CA on the path asserts it).
Status check_cert_policy(const config::AuthRound& round,
                         std::span<const crypto::Certificate> chain);

// Does the signature algorithm satisfy the constraint?
bool complies(const config::SignatureConstraint& c, const crypto::SignatureAlgorithm& alg);

}  // namespace oakley::credentials
