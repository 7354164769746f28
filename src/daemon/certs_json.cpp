#include "daemon/certs_json.hpp"

#include <fmt/format.h>

#include "credentials/store.hpp"

namespace oakley::daemon {

using Json = nlohmann::json;

namespace {

std::string key_text(const crypto::PublicKey& key) {
  switch (key.type()) {
    case crypto::KeyType::kRsa:
      return fmt::format("RSA {} bits", key.bits());
    case crypto::KeyType::kEcdsa:
      return fmt::format("ECDSA {} bits", key.bits());
    case crypto::KeyType::kEd25519:
      return "Ed25519";
    case crypto::KeyType::kEd448:
      return "Ed448";
  }
  return "?";
}

Json alt_names_json(const crypto::Certificate& cert) {
  Json names = Json::array();
  auto alt = cert.alt_names();
  for (const auto& d : alt.dns)
    names.push_back(d);
  for (const auto& e : alt.email)
    names.push_back(e);
  for (const auto& ip : alt.ip) {
    if (auto a = IpAddress::from_bytes(ip)) names.push_back(a->to_string());
  }
  return names;
}

}  // namespace

Json certificates_json(const credentials::LoadedConfig& config) {
  Json list = Json::array();
  if (config.credentials) {
    for (const auto& e : config.credentials->entries()) {
      const auto& c = *e.cert;
      list.push_back({{"role", e.role},
                      {"connection", e.connection.empty() ? Json(nullptr) : Json(e.connection)},
                      {"subject", c.subject_text()},
                      {"issuer", c.issuer_text()},
                      {"not_before", c.not_before_text()},
                      {"not_after", c.not_after_text()},
                      {"key", key_text(c.public_key())},
                      {"alt_names", alt_names_json(c)},
                      {"private_key", e.role == "local"}});
    }
  }
  return {{"certificates", std::move(list)}};
}

}  // namespace oakley::daemon
