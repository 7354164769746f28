// The certificates and private keys the connections name, loaded once per configuration (as
// swanctl --load-creds does): our end-entity certificates with their private keys, the CAs we
// trust for each peer, and peer certificates pinned in remote.certs. Immutable once loaded; a
// configuration snapshot owns its store, so a reload swaps both together.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/pki.hpp"

namespace oakley::credentials {

// Our certificate for a connection's first local round, and the private key that matches it.
struct LocalCredential {
  crypto::Certificate cert;
  crypto::PrivateKey key;
};

// A peer whose certificate checked out: its public key and the subject it was issued to.
struct VerifiedPeer {
  crypto::PublicKey key;
  std::string subject;
  std::string issuer;
};

class Store {
 public:
  // Loads, relative to `base_dir` (the folder of swanctl.conf), as swanctl does: certs from
  // x509/, cacerts and every file of x509ca/ as trust anchors, private keys from private/, rsa/,
  // ecdsa/ and pkcs8/ (decrypted with the passphrases of private<suffix> secrets). Absolute
  // paths are taken as they are. Every problem goes to `errors` with the section that caused it.
  static std::shared_ptr<const Store> load(const config::Config& cfg, const std::string& base_dir,
                                           config::ErrorList& errors);

  // nullptr when the connection authenticates us without a certificate.
  const LocalCredential* local(const config::Connection& conn) const;
  // The CAs the connection trusts for its peer: remote.cacerts if given, else all of x509ca/.
  std::span<const crypto::Certificate> trusted_cas(const config::Connection& conn) const;

  // Checks the peer's certificate (the first of `received`; the rest may be intermediates) or,
  // when it sent none, a certificate pinned in remote.certs: chain to a trusted CA (or pinned),
  // validity, key usage, and that it vouches for `peer_id`. The error says which check failed.
  Result<VerifiedPeer> verify_peer(const config::Connection& conn, const config::Identity& peer_id,
                                   std::span<const Bytes> received) const;

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
  std::vector<crypto::Certificate> all_cas_;
  std::map<std::string, PerConnection, std::less<>> connections_;
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
// from beside the file. Fails, naming file and line, if any certificate or key is missing.
Result<std::shared_ptr<const LoadedConfig>> load_config(const std::string& path);

}  // namespace oakley::credentials
