// Internal to src/credentials: the revocation status of one certificate, as charon's revocation
// plugin finds it - OCSP first (a response the peer sent, the cache, then the responders of the
// authorities section and the certificate's AIA), then CRLs (x509crl/, the cache, then the
// authorities' and the certificate's distribution points) - and the revocation policy of a remote
// round applied to a whole chain.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/connection.hpp"
#include "credentials/revocation.hpp"
#include "crypto/revocation.hpp"

namespace oakley::credentials {

struct AuthorityUris {
  crypto::Certificate ca;
  std::vector<std::string> crl_uris, ocsp_uris;
};

struct RevocationSources {
  std::span<const crypto::Crl> local_crls;            // x509crl/
  std::span<const crypto::Certificate> trusted;       // anchors for delegated responders
  std::span<const crypto::Certificate> ocsp_signers;  // x509ocsp/
  std::span<const AuthorityUris> authorities;
  RevocationFetcher* fetcher = nullptr;  // null: no network, local CRLs and stapled OCSP only
  std::chrono::milliseconds fetch_timeout{10000};
};

enum class Validation { kGood, kRevoked, kSkipped, kFailed, kStale };

struct Verdict {
  Validation validation = Validation::kSkipped;
  std::string detail;  // where the answer came from, or what was tried and why it failed
};

// `chain`: leaf first, anchor last; `stapled`: OCSP responses the peer sent. Fetches share a
// budget of two fetch timeouts, so a dead responder cannot hold the peer for minutes.
class RevocationCheck {
 public:
  RevocationCheck(const RevocationSources& sources, std::span<const crypto::Certificate> chain,
                  std::span<const Bytes> stapled);

  // The status of chain[index], issued by chain[index + 1].
  Verdict check(std::size_t index);
  // Every certificate but the anchor, against `policy`; the error says which certificate failed
  // and why (revoked: when, why and who said so).
  Status enforce(config::AuthRound::Revocation policy);

  // Our own certificate's OCSP response for peers that ask (RFC 4806): cached or fetched.
  static Result<Bytes> own_response(const RevocationSources& sources,
                                    const crypto::Certificate& cert,
                                    const crypto::Certificate& issuer);

 private:
  std::optional<Verdict> by_ocsp(const crypto::Certificate& cert, const crypto::Certificate& issuer,
                                 std::vector<std::string>& notes, bool& had_uri);
  std::optional<Verdict> ask_responder(const std::string& url, const crypto::Certificate& cert,
                                       const crypto::Certificate& issuer, const Bytes& id,
                                       std::vector<std::string>& notes);
  std::optional<Verdict> by_crl(const crypto::Certificate& cert, const crypto::Certificate& issuer,
                                std::vector<std::string>& notes, bool& had_uri, bool& stale);
  std::optional<Verdict> from_crl(const crypto::Crl& crl, const std::string& source,
                                  const crypto::Certificate& cert,
                                  const crypto::Certificate& issuer,
                                  std::vector<std::string>& notes, bool& stale);
  std::vector<std::string> uris(const crypto::Certificate& issuer, bool ocsp,
                                const crypto::Certificate& cert) const;
  // The time one more fetch may take, or zero when the budget is spent.
  std::chrono::milliseconds next_timeout();
  crypto::OcspCheck ocsp_check(ByteView request) const;

  const RevocationSources& src_;
  std::span<const crypto::Certificate> chain_;
  std::span<const Bytes> stapled_;
  std::chrono::steady_clock::time_point deadline_;
  Bytes last_response_;  // the last OCSP response a responder gave us
};

}  // namespace oakley::credentials
