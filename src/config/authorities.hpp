// The authorities section (swanctl.conf): per CA, the certificate and where its revocation
// information lives, added to the URIs in the certificates themselves.
#pragma once

#include <string>
#include <vector>

#include "config/location.hpp"

namespace oakley::config {

struct Authority {
  std::string name;
  SourceLocation location;
  std::string cacert;  // cacert: in x509ca/ beside the config or absolute; file: absolute
  std::vector<std::string> crl_uris;   // CRLs of this CA (http:// or https://)
  std::vector<std::string> ocsp_uris;  // OCSP responders for its certificates
};

}  // namespace oakley::config
