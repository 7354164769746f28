#include "credentials/revocation_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "common/log.hpp"

namespace oakley::credentials {

namespace {

// Tried per certificate and kind, so a certificate listing many URIs cannot multiply the work.
constexpr std::size_t kMaxUris = 2;

std::string revoked_text(const crypto::Certificate& cert, const crypto::Revocation& r,
                         const std::string& source) {
  return fmt::format("certificate \"{}\" was revoked at {}{} ({})", cert.subject_text(),
                     crypto::utc_text(r.when), r.reason.empty() ? "" : ", reason " + r.reason,
                     source);
}

Verdict from_status(const crypto::OcspStatus& s, const crypto::Certificate& cert,
                    const std::string& source) {
  if (s.status == crypto::CertStatus::kRevoked)
    return Verdict{Validation::kRevoked, revoked_text(cert, s.revocation, source)};
  return Verdict{Validation::kGood, fmt::format("good according to {}", source)};
}

const char* policy_name(config::AuthRound::Revocation p) {
  switch (p) {
    case config::AuthRound::Revocation::kStrict:
      return "strict";
    case config::AuthRound::Revocation::kIfUri:
      return "ifuri";
    case config::AuthRound::Revocation::kRelaxed:
      return "relaxed";
  }
  return "?";
}

}  // namespace

RevocationCheck::RevocationCheck(const RevocationSources& sources,
                                 std::span<const crypto::Certificate> chain,
                                 std::span<const Bytes> stapled)
    : src_(sources),
      chain_(chain),
      stapled_(stapled),
      deadline_(std::chrono::steady_clock::now() + 2 * sources.fetch_timeout) {}

std::chrono::milliseconds RevocationCheck::next_timeout() {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline_ - std::chrono::steady_clock::now());
  if (left.count() <= 0) return std::chrono::milliseconds{0};
  return std::min(left, src_.fetch_timeout);
}

crypto::OcspCheck RevocationCheck::ocsp_check(ByteView request) const {
  crypto::OcspCheck c;
  c.trusted = src_.trusted;
  if (chain_.size() > 2) c.untrusted = chain_.subspan(1, chain_.size() - 2);
  c.signers = src_.ocsp_signers;
  c.request = request;
  c.now = src_.fetcher ? src_.fetcher->now() : std::time(nullptr);
  return c;
}

std::vector<std::string> RevocationCheck::uris(const crypto::Certificate& issuer, bool ocsp,
                                               const crypto::Certificate& cert) const {
  std::vector<std::string> out;
  for (const auto& a : src_.authorities) {
    if (!(a.ca == issuer)) continue;
    const auto& list = ocsp ? a.ocsp_uris : a.crl_uris;
    out.insert(out.end(), list.begin(), list.end());
  }
  for (auto& u : ocsp ? cert.ocsp_uris() : cert.crl_uris()) {
    if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(std::move(u));
  }
  return out;
}

std::optional<Verdict> RevocationCheck::ask_responder(const std::string& url,
                                                      const crypto::Certificate& cert,
                                                      const crypto::Certificate& issuer,
                                                      const Bytes& id,
                                                      std::vector<std::string>& notes) {
  auto timeout = next_timeout();
  if (timeout.count() == 0) {
    notes.push_back(fmt::format("OCSP responder {} not asked: no time left", url));
    return std::nullopt;
  }
  auto request = crypto::make_ocsp_request(cert, issuer);
  if (!request) {
    notes.push_back(request.error().message);
    return std::nullopt;
  }
  auto body = src_.fetcher->post_ocsp(url, request->der, timeout);
  if (!body) {
    notes.push_back(fmt::format("OCSP responder {}: {}", url, body.error().message));
    return std::nullopt;
  }
  auto status = crypto::check_ocsp_response(*body, cert, issuer, ocsp_check(request->der));
  if (!status) {
    src_.fetcher->count_ocsp_failure();
    notes.push_back(fmt::format("OCSP responder {}: {}", url, status.error().message));
    return std::nullopt;
  }
  if (status->status == crypto::CertStatus::kUnknown) {
    notes.push_back(fmt::format("OCSP responder {} does not know the certificate", url));
    return std::nullopt;
  }
  std::string source = "OCSP responder " + url;
  src_.fetcher->remember_ocsp(id, {*status, *body, source});
  last_response_ = std::move(*body);
  return from_status(*status, cert, source);
}

std::optional<Verdict> RevocationCheck::by_ocsp(const crypto::Certificate& cert,
                                                const crypto::Certificate& issuer,
                                                std::vector<std::string>& notes, bool& had_uri) {
  for (const auto& der : stapled_) {
    auto status = crypto::check_ocsp_response(der, cert, issuer, ocsp_check({}));
    if (!status || status->status == crypto::CertStatus::kUnknown) continue;
    if (src_.fetcher) src_.fetcher->count_stapled();
    return from_status(*status, cert, "the OCSP response the peer sent");
  }
  if (!src_.fetcher) return std::nullopt;
  const Bytes id = crypto::ocsp_cert_id(cert, issuer);
  if (auto cached = src_.fetcher->cached_ocsp(id))
    return from_status(cached->status, cert, cached->source + ", cached");
  auto list = uris(issuer, true, cert);
  had_uri = had_uri || !list.empty();
  for (std::size_t i = 0; i < list.size() && i < kMaxUris; ++i) {
    if (auto v = ask_responder(list[i], cert, issuer, id, notes)) return v;
  }
  return std::nullopt;
}

std::optional<Verdict> RevocationCheck::from_crl(const crypto::Crl& crl, const std::string& source,
                                                 const crypto::Certificate& cert,
                                                 const crypto::Certificate& issuer,
                                                 std::vector<std::string>& notes, bool& stale) {
  if (!crypto::dn_equal(crl.issuer_der(), issuer.subject_der())) return std::nullopt;
  if (auto st = crl.verify(issuer); !st) {
    notes.push_back(fmt::format("{}: {}", source, st.error().message));
    return std::nullopt;
  }
  // A listed certificate stays revoked whatever the CRL's age; a missing one is good only while
  // the CRL is current.
  if (auto hit = crl.find(cert))
    return Verdict{Validation::kRevoked, revoked_text(cert, *hit, source)};
  const std::time_t now = src_.fetcher ? src_.fetcher->now() : std::time(nullptr);
  if (crl.next_update() && *crl.next_update() < now) {
    stale = true;
    notes.push_back(
        fmt::format("{} is stale (nextUpdate {})", source, crypto::utc_text(*crl.next_update())));
    return std::nullopt;
  }
  return Verdict{Validation::kGood, fmt::format("not listed in {}", source)};
}

std::optional<Verdict> RevocationCheck::by_crl(const crypto::Certificate& cert,
                                               const crypto::Certificate& issuer,
                                               std::vector<std::string>& notes, bool& had_uri,
                                               bool& stale) {
  std::optional<Verdict> good;
  for (const auto& crl : src_.local_crls) {
    auto v = from_crl(crl, "the CRL in x509crl/", cert, issuer, notes, stale);
    if (v && v->validation == Validation::kRevoked) return v;
    if (v && !good) good = v;
  }
  if (good) return good;
  if (!src_.fetcher) return std::nullopt;
  auto list = uris(issuer, false, cert);
  had_uri = had_uri || !list.empty();
  for (std::size_t i = 0; i < list.size() && i < kMaxUris; ++i) {
    const std::string source = "CRL " + list[i];
    std::optional<crypto::Crl> crl = src_.fetcher->cached_crl(list[i]);
    if (!crl) {
      auto timeout = next_timeout();
      if (timeout.count() == 0) {
        notes.push_back(source + " not fetched: no time left");
        continue;
      }
      auto fetched = src_.fetcher->fetch_crl(list[i], timeout);
      if (!fetched) {
        notes.push_back(fmt::format("{}: {}", source, fetched.error().message));
        continue;
      }
      crl = std::move(*fetched);
      // Only a CRL that is really the issuer's is kept for the next peer.
      if (crypto::dn_equal(crl->issuer_der(), issuer.subject_der()) && crl->verify(issuer).ok()) {
        src_.fetcher->remember_crl(list[i], *crl);
      } else {
        src_.fetcher->count_crl_failure();
      }
    }
    if (auto v = from_crl(*crl, source, cert, issuer, notes, stale)) return v;
  }
  return std::nullopt;
}

Verdict RevocationCheck::check(std::size_t index) {
  const crypto::Certificate& cert = chain_[index];
  const crypto::Certificate& issuer = chain_[index + 1];
  std::vector<std::string> notes;
  bool had_uri = false, stale = false;
  auto v = by_ocsp(cert, issuer, notes, had_uri);
  if (!v) v = by_crl(cert, issuer, notes, had_uri, stale);
  if (v) return *v;
  if (stale) return Verdict{Validation::kStale, fmt::format("{}", fmt::join(notes, "; "))};
  if (had_uri || !notes.empty())
    return Verdict{Validation::kFailed, fmt::format("{}", fmt::join(notes, "; "))};
  return Verdict{Validation::kSkipped,
                 src_.fetcher ? "it names no OCSP responder or CRL and none is configured"
                              : "no CRL in x509crl/ covers it and fetching is off"};
}

Status RevocationCheck::enforce(config::AuthRound::Revocation policy) {
  using P = config::AuthRound::Revocation;
  for (std::size_t i = 0; i + 1 < chain_.size(); ++i) {
    const auto& cert = chain_[i];
    Verdict v = check(i);
    switch (v.validation) {
      case Validation::kRevoked:
        if (src_.fetcher) src_.fetcher->count_revoked();
        log::warn("x509", "{}", v.detail);
        return make_error(v.detail);
      case Validation::kGood:
        log::info("x509", "certificate \"{}\": {}", cert.subject_text(), v.detail);
        continue;
      case Validation::kSkipped:
        log::info("x509", "certificate \"{}\": no revocation status: {}", cert.subject_text(),
                  v.detail);
        if (policy == P::kStrict) break;
        continue;
      case Validation::kFailed:
      case Validation::kStale:
        log::info("x509", "certificate \"{}\": revocation status unknown: {}", cert.subject_text(),
                  v.detail);
        if (policy != P::kRelaxed) break;
        continue;
    }
    return make_error(
        fmt::format("revocation = {}: the status of certificate \"{}\" is not "
                    "known to be good: {}",
                    policy_name(policy), cert.subject_text(), v.detail));
  }
  return {};
}

Result<Bytes> RevocationCheck::own_response(const RevocationSources& sources,
                                            const crypto::Certificate& cert,
                                            const crypto::Certificate& issuer) {
  if (!sources.fetcher) return make_error("fetching revocation data is off");
  const Bytes id = crypto::ocsp_cert_id(cert, issuer);
  if (auto cached = sources.fetcher->cached_ocsp(id)) return cached->response;
  std::array<crypto::Certificate, 2> chain = {cert, issuer};
  RevocationCheck check(sources, chain, {});
  std::vector<std::string> notes;
  for (const auto& url : check.uris(issuer, true, cert)) {
    if (check.ask_responder(url, cert, issuer, id, notes)) return check.last_response_;
  }
  if (notes.empty()) notes.push_back("our certificate names no OCSP responder");
  return make_error(fmt::format("{}", fmt::join(notes, "; ")));
}

}  // namespace oakley::credentials
