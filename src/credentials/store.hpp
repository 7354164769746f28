// The certificates and private keys the connections name, loaded once per configuration (as
// swanctl --load-creds does): our end-entity certificates with their private keys, the CAs we
// trust for each peer, and peer certificates pinned in remote.certs. Immutable once loaded; a
// configuration snapshot owns its store, so a reload swaps both together.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "credentials/revocation.hpp"
#include "credentials/revocation_check.hpp"
#include "crypto/pki.hpp"
#include "crypto/revocation.hpp"

namespace oakley::credentials {

// Our certificate for a connection's first local round, and the private key that matches it.
struct LocalCredential {
  crypto::Certificate cert;
  crypto::PrivateKey key;
};

// A peer whose certificate checked out: its public key, the subject it was issued to, and the
// path to the CA we trust (leaf first, trust anchor last; a pinned certificate without a loaded
// CA is its own, one-element path).
struct VerifiedPeer {
  crypto::PublicKey key;
  std::string subject;
  std::string issuer;
  std::vector<crypto::Certificate> chain;
};

// What the peer sent to authenticate with: X.509 CERT payloads (its certificate first, then
// intermediates) and RFC 4806 OCSP responses.
struct PeerCertificates {
  std::vector<Bytes> certs;
  std::vector<Bytes> ocsp;
};

class Store {
 public:
  // Loads, relative to `base_dir` (the folder of swanctl.conf), as swanctl does: certs from
  // x509/, cacerts and every file of x509ca/ as trust anchors, private keys from private/, rsa/,
  // ecdsa/ and pkcs8/ (decrypted with the passphrases of private<suffix> secrets). Absolute
  // paths are taken as they are. Every problem goes to `errors` with the section that caused it.
  // Also x509crl/ (CRLs), x509ocsp/ (trusted OCSP signers) and the authorities section.
  // `fetcher`, when given, fetches OCSP responses and CRLs from the network; without it only
  // local CRLs and OCSP responses the peer sends count.
  static std::shared_ptr<const Store> load(const config::Config& cfg, const std::string& base_dir,
                                           config::ErrorList& errors,
                                           std::shared_ptr<RevocationFetcher> fetcher = nullptr);

  // nullptr when the connection authenticates us without a certificate.
  const LocalCredential* local(const config::Connection& conn) const;
  // The CAs the connection trusts for its peer: remote.cacerts if given, else all of x509ca/.
  std::span<const crypto::Certificate> trusted_cas(const config::Connection& conn) const;

  // Checks the peer's certificate (the first of `received`; the rest may be intermediates) or,
  // when it sent none, a certificate pinned in remote.certs: chain to a trusted CA (or pinned,
  // then its validity dates), key usage, the remote round's constraints (signature algorithms
  // and key sizes in the chain, ca_id, cert_policy), and that it vouches for `peer_id`. No
  // revocation check. The error says which check failed.
  Result<VerifiedPeer> verify_peer(const config::Connection& conn, const config::Identity& peer_id,
                                   std::span<const Bytes> received) const;

  // The whole check of a peer that authenticates with a certificate, in this order: verify_peer,
  // `proof` (the caller verifies the peer's signature with the key), then the revocation status
  // of the chain under the round's revocation policy. Revocation comes last so that only a peer
  // holding the key of a trusted certificate makes us ask the network. May block for the fetch
  // timeouts: call it on a worker thread.
  Result<VerifiedPeer> authenticate_peer(
      const config::Connection& conn, const config::Identity& peer_id,
      const PeerCertificates& received,
      const std::function<Status(const VerifiedPeer&)>& proof) const;

  // The revocation policy of the connection's remote round applied to a verified chain.
  Status check_revocation(const config::Connection& conn, const VerifiedPeer& peer,
                          std::span<const Bytes> stapled_ocsp) const;

  // The current OCSP response about our certificate for the connection (RFC 4806 reply): from
  // the cache, or fetched from its responder (blocks: worker thread).
  Result<Bytes> own_ocsp_response(const config::Connection& conn) const;

  // The SHA-1 hashes of the keys of the OCSP responders we trust for the connection, for an
  // RFC 4806 CERTREQ: the CAs we trust and x509ocsp/.
  Bytes ocsp_responder_hashes(const config::Connection& conn) const;

  // The daemon-wide fetcher (null in tools and tests without network).
  const RevocationFetcher* fetcher() const { return fetcher_.get(); }
  std::size_t crl_count() const { return crls_.size(); }
  // Everything loaded, for `oakctl list-certs`: our certificates (with the connection that uses
  // them), trusted CAs, pinned peer certificates.
  struct Entry {
    std::string role;        // "local", "ca", "pinned"
    std::string connection;  // local/pinned: the connection; ca: "" (x509ca/) or the connection
    const crypto::Certificate* cert = nullptr;
  };
  std::vector<Entry> entries() const;

 private:
  struct PerConnection {
    std::optional<LocalCredential> local;
    std::vector<crypto::Certificate> cas;     // empty: all_cas_
    std::vector<crypto::Certificate> pinned;  // remote.certs
  };
  void load_authorities(const config::Config& cfg, const std::string& base_dir,
                        config::ErrorList& errors);
  RevocationSources sources(const config::Connection& conn) const;
  Result<std::vector<crypto::Certificate>> pinned_chain(const config::Connection& conn,
                                                        const crypto::Certificate& leaf) const;

  std::vector<crypto::Certificate> all_cas_;  // x509ca/ and the authorities' cacerts
  std::map<std::string, PerConnection, std::less<>> connections_;
  std::vector<crypto::Crl> crls_;                  // x509crl/
  std::vector<crypto::Certificate> ocsp_signers_;  // x509ocsp/
  std::vector<AuthorityUris> authorities_;
  std::shared_ptr<RevocationFetcher> fetcher_;
  std::chrono::milliseconds fetch_timeout_{10000};
};

// Does the certificate name this identity: a DN equal to its subject, or an FQDN, e-mail address
// or IP address among its subjectAltNames (RFC 4945 3.1)?
bool vouches_for(const crypto::Certificate& cert, const config::Identity& id);

// The identity a certificate stands for when the connection configures none: its subject DN.
config::Identity subject_identity(const crypto::Certificate& cert);

// DER-encodes every distinguished name the configuration writes as text (ids of auth rounds and
// secrets), so that it can be sent and compared. Wildcard DNs ("CN=*") keep a normalised text.
void encode_dn_identities(config::Config& cfg, config::ErrorList& errors);

// The daemon's loader: the configuration, its DN identities encoded and its credentials loaded
// from beside the file (with `fetcher` for revocation data, if given). Fails, naming file and
// line, if any certificate or key is missing.
Result<std::shared_ptr<const LoadedConfig>> load_config(
    const std::string& path, std::shared_ptr<RevocationFetcher> fetcher = nullptr);

}  // namespace oakley::credentials
