// Revocation data from the network: OCSP requests and CRL downloads over HTTP, and a cache of
// what they returned, kept until the data's nextUpdate. One object serves the daemon for its whole
// life (configuration reloads keep the cache); every method is thread-safe, since peer
// verification runs on the crypto workers. The HTTP client is injected (the daemon passes
// libcurl's, tests a fake), so this layer has no socket of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/revocation.hpp"

namespace oakley::credentials {

struct HttpRequest {
  std::string url;
  std::string content_type;  // of `body`; empty: a GET
  Bytes body;
  std::chrono::milliseconds timeout{10000};
  std::size_t max_bytes = 0;  // a longer answer is an error
};
// The body of a 200 answer, or why there was none.
using HttpFetch = std::function<Result<Bytes>(const HttpRequest&)>;

struct RevocationCounters {
  std::uint64_t ocsp_requests = 0;  // sent to a responder
  std::uint64_t ocsp_failures = 0;  // no answer, or one that failed its checks
  std::uint64_t crl_fetches = 0;    // downloads started
  std::uint64_t crl_failures = 0;   // download or CRL checks failed
  std::uint64_t cache_hits = 0;     // a status taken from the cache
  std::uint64_t stapled = 0;        // statuses from OCSP responses the peer sent (RFC 4806)
  std::uint64_t refused = 0;        // fetches not started: too many in flight
  std::uint64_t revoked = 0;        // certificates found revoked
  std::uint64_t ocsp_cached = 0;    // entries in the OCSP cache now
  std::uint64_t crls_cached = 0;    // CRLs in the cache now
};

// What one peer can make the daemon hold or do, whatever it sends.
struct FetchLimits {
  std::size_t parallel = 4;            // fetches in flight at once, daemon-wide
  std::size_t ocsp_entries = 4096;     // cached OCSP statuses
  std::size_t crl_entries = 32;        // cached CRLs
  std::size_t ocsp_bytes = 64 * 1024;  // largest OCSP response accepted
  std::size_t crl_bytes = 8 << 20;     // largest CRL accepted
};

class RevocationFetcher {
 public:
  using Limits = FetchLimits;
  using Clock = std::function<std::time_t()>;

  explicit RevocationFetcher(HttpFetch fetch, Limits limits = {}, Clock clock = {});

  std::time_t now() const;

  // POSTs an OCSP request; the raw response, unchecked.
  Result<Bytes> post_ocsp(const std::string& url, const Bytes& request,
                          std::chrono::milliseconds timeout);
  // GETs a CRL; parsed, not yet checked against its issuer.
  Result<crypto::Crl> fetch_crl(const std::string& url, std::chrono::milliseconds timeout);

  // A checked status kept until its nextUpdate, with the response it came from (to send to
  // peers that ask, RFC 4806). Statuses without nextUpdate are not kept.
  struct CachedOcsp {
    crypto::OcspStatus status;
    Bytes response;
    std::string source;  // "OCSP responder http://..."
  };
  std::optional<CachedOcsp> cached_ocsp(const Bytes& cert_id);
  void remember_ocsp(const Bytes& cert_id, CachedOcsp entry);
  std::optional<crypto::Crl> cached_crl(const std::string& url);
  void remember_crl(const std::string& url, const crypto::Crl& crl);

  void count_revoked() { ++revoked_; }
  void count_stapled() { ++stapled_; }
  void count_ocsp_failure() { ++ocsp_failures_; }
  void count_crl_failure() { ++crl_failures_; }
  RevocationCounters counters() const;

 private:
  // Holds one of `limits_.parallel` slots while a fetch runs.
  class Slot;
  Result<Bytes> fetch(HttpRequest request);

  HttpFetch http_;
  Limits limits_;
  Clock clock_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::uint64_t> ocsp_requests_{0}, ocsp_failures_{0}, crl_fetches_{0},
      crl_failures_{0}, cache_hits_{0}, stapled_{0}, refused_{0}, revoked_{0};
  mutable std::mutex mutex_;  // guards the caches
  std::map<Bytes, CachedOcsp> ocsp_;
  std::map<std::string, crypto::Crl, std::less<>> crls_;
};

}  // namespace oakley::credentials
