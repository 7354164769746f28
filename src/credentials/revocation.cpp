#include "credentials/revocation.hpp"

#include <fmt/format.h>

namespace oakley::credentials {

namespace {

// Drops entries whose data has expired; if that is not enough, the one that expires first.
template <typename Map, typename Expiry>
void make_room(Map& map, std::size_t limit, std::time_t now, Expiry expiry) {
  for (auto it = map.begin(); it != map.end();) {
    it = expiry(it->second) < now ? map.erase(it) : std::next(it);
  }
  while (!map.empty() && map.size() >= limit) {
    auto oldest = map.begin();
    for (auto it = map.begin(); it != map.end(); ++it)
      if (expiry(it->second) < expiry(oldest->second)) oldest = it;
    map.erase(oldest);
  }
}

}  // namespace

class RevocationFetcher::Slot {
 public:
  explicit Slot(RevocationFetcher& f) : f_(f) { taken_ = ++f_.in_flight_ <= f_.limits_.parallel; }
  ~Slot() { --f_.in_flight_; }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  bool taken() const { return taken_; }

 private:
  RevocationFetcher& f_;
  bool taken_ = false;
};

RevocationFetcher::RevocationFetcher(HttpFetch fetch, Limits limits, Clock clock)
    : http_(std::move(fetch)), limits_(limits), clock_(std::move(clock)) {}

std::time_t RevocationFetcher::now() const {
  return clock_ ? clock_() : std::time(nullptr);
}

Result<Bytes> RevocationFetcher::fetch(HttpRequest request) {
  if (!http_) return make_error("fetching revocation data is not enabled");
  Slot slot(*this);
  if (!slot.taken()) {
    ++refused_;
    return make_error(fmt::format("{} not fetched: {} revocation fetches are already running",
                                  request.url, limits_.parallel));
  }
  return http_(request);
}

Result<Bytes> RevocationFetcher::post_ocsp(const std::string& url, const Bytes& request,
                                           std::chrono::milliseconds timeout) {
  ++ocsp_requests_;
  auto body =
      fetch(HttpRequest{url, "application/ocsp-request", request, timeout, limits_.ocsp_bytes});
  if (!body) ++ocsp_failures_;
  return body;
}

Result<crypto::Crl> RevocationFetcher::fetch_crl(const std::string& url,
                                                 std::chrono::milliseconds timeout) {
  ++crl_fetches_;
  auto body = fetch(HttpRequest{url, "", {}, timeout, limits_.crl_bytes});
  if (!body) {
    ++crl_failures_;
    return body.take_error();
  }
  auto crl = crypto::Crl::parse(*body);
  if (!crl) {
    ++crl_failures_;
    return make_error(fmt::format("{}: {}", url, crl.error().message));
  }
  return crl;
}

std::optional<RevocationFetcher::CachedOcsp> RevocationFetcher::cached_ocsp(const Bytes& cert_id) {
  std::lock_guard lock(mutex_);
  auto it = ocsp_.find(cert_id);
  if (it == ocsp_.end()) return std::nullopt;
  if (*it->second.status.next_update < now()) {
    ocsp_.erase(it);
    return std::nullopt;
  }
  ++cache_hits_;
  return it->second;
}

void RevocationFetcher::remember_ocsp(const Bytes& cert_id, CachedOcsp entry) {
  if (!entry.status.next_update || *entry.status.next_update < now()) return;
  std::lock_guard lock(mutex_);
  make_room(ocsp_, limits_.ocsp_entries, now(),
            [](const CachedOcsp& e) { return *e.status.next_update; });
  ocsp_[cert_id] = std::move(entry);
}

std::optional<crypto::Crl> RevocationFetcher::cached_crl(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto it = crls_.find(url);
  if (it == crls_.end()) return std::nullopt;
  if (*it->second.next_update() < now()) {
    crls_.erase(it);
    return std::nullopt;
  }
  ++cache_hits_;
  return it->second;
}

void RevocationFetcher::remember_crl(const std::string& url, const crypto::Crl& crl) {
  if (!crl.next_update() || *crl.next_update() < now()) return;
  std::lock_guard lock(mutex_);
  make_room(crls_, limits_.crl_entries, now(),
            [](const crypto::Crl& c) { return *c.next_update(); });
  crls_.insert_or_assign(url, crl);
}

RevocationCounters RevocationFetcher::counters() const {
  RevocationCounters c;
  c.ocsp_requests = ocsp_requests_;
  c.ocsp_failures = ocsp_failures_;
  c.crl_fetches = crl_fetches_;
  c.crl_failures = crl_failures_;
  c.cache_hits = cache_hits_;
  c.stapled = stapled_;
  c.refused = refused_;
  c.revoked = revoked_;
  std::lock_guard lock(mutex_);
  c.ocsp_cached = ocsp_.size();
  c.crls_cached = crls_.size();
  return c;
}

}  // namespace oakley::credentials
