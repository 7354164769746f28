// Identities and certificates: which identities a certificate proves, DN identities in DER, and
// the daemon's loader that ties configuration and credentials together.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "credentials/store.hpp"

namespace oakley::credentials {

namespace {

std::string_view text_of(const Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool contains(const std::vector<std::string>& names, std::string_view value) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return iequals(n, value); });
}

void encode(config::Identity& id, const config::SourceLocation& where, config::ErrorList& errors) {
  if (!id.dn_needs_encoding) return;
  auto der = crypto::encode_dn(id.dn);
  if (!der) {
    errors.add(where, fmt::format("identity '{}': {}", id.text, der.error().message));
    return;
  }
  id.data = std::move(*der);
  id.dn_needs_encoding = false;
  if (id.has_wildcards) id.dn = crypto::dn_text(id.data);  // normalised, for logs
}

}  // namespace

bool vouches_for(const crypto::Certificate& cert, const config::Identity& id) {
  using T = config::IdType;
  switch (id.type) {
    case T::kDerAsn1Dn:
      return crypto::dn_equal(cert.subject_der(), id.data);
    case T::kFqdn:
      return contains(cert.alt_names().dns, text_of(id.data));
    case T::kRfc822Addr:
      return contains(cert.alt_names().email, text_of(id.data));
    case T::kIpv4Addr:
    case T::kIpv6Addr: {
      auto ips = cert.alt_names().ip;
      return std::find(ips.begin(), ips.end(), id.data) != ips.end();
    }
    default:
      return false;
  }
}

config::Identity subject_identity(const crypto::Certificate& cert) {
  config::Identity id;
  id.type = config::IdType::kDerAsn1Dn;
  id.data = cert.subject_der();
  id.text = cert.subject_text();
  id.dn = id.text;
  return id;
}

void encode_dn_identities(config::Config& cfg, config::ErrorList& errors) {
  for (auto& conn : cfg.connections) {
    for (auto* rounds : {&conn.local, &conn.remote}) {
      for (auto& round : *rounds) {
        encode(round.id, round.location, errors);
        if (round.ca_id) encode(*round.ca_id, round.location, errors);
      }
    }
  }
  for (auto& secret : cfg.secrets) {
    for (auto& id : secret.ids)
      encode(id, secret.location, errors);
  }
}

namespace {

// A configured local id must be one the certificate proves, or the peer will refuse us.
void check_local_ids(const config::Config& cfg, const Store& store, config::ErrorList& errors) {
  for (const auto& conn : cfg.connections) {
    const auto* local = store.local(conn);
    if (!local) continue;
    const auto& id = conn.local.front().id;
    if (id.is_any() || id.dn_needs_encoding || vouches_for(local->cert, id)) continue;
    errors.add(conn.local.front().location,
               fmt::format("local id '{}' of connection '{}' is not in certificate \"{}\" "
                           "(neither subject nor subjectAltName); leave id unset to use the "
                           "subject",
                           id.to_string(), conn.name, local->cert.subject_text()));
  }
}

}  // namespace

Result<std::shared_ptr<const LoadedConfig>> load_config(
    const std::string& path, std::shared_ptr<RevocationFetcher> fetcher) {
  auto cfg = config::load_file(path);
  if (!cfg) return cfg.take_error();
  config::ErrorList errors;
  encode_dn_identities(*cfg, errors);
  auto base = std::filesystem::absolute(path).parent_path().string();
  auto store = Store::load(*cfg, base, errors, std::move(fetcher));
  check_local_ids(*cfg, *store, errors);
  if (!errors.empty()) return errors.to_error();
  return std::shared_ptr<const LoadedConfig>(
      std::make_shared<LoadedConfig>(std::move(cfg).value(), std::move(store)));
}

}  // namespace oakley::credentials
