// authorities.<name> sections.
#include "config/authorities.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "config/loaders.hpp"
#include "config/values.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kAuthorityKeys = {
    "cacert", "file", "handle", "slot", "module", "crl_uris", "ocsp_uris", "cert_uri_base"};

// Revocation data is fetched with libcurl over HTTP(S) only; charon's LDAP and file fetchers have
// no counterpart here.
Result<std::vector<std::string>> parse_uris(std::string_view text) {
  auto uris = split_list(text);
  for (const auto& uri : uris) {
    if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0)
      return make_error(fmt::format("'{}': only http:// and https:// URIs are fetched", uri));
  }
  return uris;
}

Authority load_authority(const SettingsSection& s, ErrorList& errors) {
  Authority a;
  a.name = s.name;
  a.location = s.location;
  SectionReader r(s, fmt::format("authority '{}'", s.name), errors, kAuthorityKeys);
  bool cacert = r.read_string("cacert", a.cacert);
  std::string file;
  if (r.read_string("file", file)) {
    if (cacert) {
      r.error(r.get("file")->location,
              fmt::format("{} has both cacert and file; configure one", r.context()));
    } else if (!std::filesystem::path(file).is_absolute()) {
      r.invalid(*r.get("file"), "expected an absolute path (cacert takes x509ca/ names)");
    }
    a.cacert = file;
  } else if (!cacert) {
    r.error(s.location, fmt::format("{} has no cacert (or file)", r.context()));
  }
  for (const char* key : {"handle", "slot", "module"})
    r.unsupported(key, {}, "CA certificates on tokens (PKCS#11) are not implemented");
  r.unsupported("cert_uri_base", {},
                "hash-and-URL certificate encoding (RFC 7296 3.6) is not implemented; send "
                "whole certificates");
  r.read("crl_uris", a.crl_uris, parse_uris);
  r.read("ocsp_uris", a.ocsp_uris, parse_uris);
  r.check_keys();
  for (const auto& sub : s.sections)
    r.unknown_section(sub, {});
  return a;
}

}  // namespace

std::vector<Authority> load_authorities(const SettingsSection& section, ErrorList& errors) {
  SectionReader r(section, "the authorities section", errors, {});
  r.check_keys();
  std::vector<Authority> out;
  for (const auto& sub : section.sections)
    out.push_back(load_authority(sub, errors));
  return out;
}

}  // namespace oakley::config
