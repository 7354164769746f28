// connections.<name>.local<suffix> / remote<suffix>: one authentication round.
#include <fmt/format.h>

#include "config/enum_parse.hpp"
#include "config/loaders.hpp"
#include "config/pubkey_constraints.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kLocalKeys = {"round", "certs",  "pubkeys", "auth",
                                             "id",    "eap_id", "aaa_id",  "xauth_id"};
const std::vector<std::string> kRemoteKeys = {"round",       "id",         "eap_id",  "groups",
                                              "cert_policy", "certs",      "cacerts", "ca_id",
                                              "pubkeys",     "revocation", "auth"};

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// "psk", "pubkey[-constraints]", "rsa/pss-sha256", "ike:ecdsa-384", "eap[-method][:constraints]",
// "xauth[-backend]", "null".
Result<AuthRound> parse_auth(std::string_view text, AuthRound round) {
  text = trim(text);
  round.auth_text = std::string(text);
  round.method.clear();
  auto after_dash = [&](std::string_view s) {
    auto dash = s.find('-');
    return dash == std::string_view::npos ? std::string{} : std::string(s.substr(dash + 1));
  };
  if (text == "psk") {
    round.auth = AuthClass::kPsk;
  } else if (text == "null") {
    round.auth = AuthClass::kNull;
  } else if (text == "eap" || starts_with(text, "eap-")) {
    round.auth = AuthClass::kEap;
    std::string method = after_dash(text);
    round.method = method.substr(0, method.find(':'));
  } else if (text == "xauth" || starts_with(text, "xauth-")) {
    round.auth = AuthClass::kXauth;
    round.method = after_dash(text);
  } else if (starts_with(text, "ike:") || starts_with(text, "pubkey") || starts_with(text, "rsa") ||
             starts_with(text, "ecdsa") || starts_with(text, "ed25519") ||
             starts_with(text, "ed448")) {
    round.auth = AuthClass::kPubkey;
    auto constraints = parse_pubkey_constraints(text);
    if (!constraints) return constraints.take_error();
    round.constraints = std::move(constraints).value();
  } else {
    return make_error(
        "expected psk, pubkey (or rsa, ecdsa, ed25519 with constraints), "
        "eap[-method], xauth[-backend] or null");
  }
  return round;
}

std::optional<Identity> read_identity(SectionReader& r, std::string_view key) {
  std::optional<Identity> id;
  r.read(key, id, parse_identity);
  return id;
}

void read_common(SectionReader& r, AuthRound& a) {
  r.read("round", a.round, parse_u32);
  if (const auto* v = r.get("auth")) {
    auto parsed = parse_auth(v->value, a);
    if (parsed) {
      a = std::move(parsed).value();
    } else {
      r.invalid(*v, parsed.error().message);
    }
  }
  r.read("id", a.id, parse_identity);
  a.eap_id = read_identity(r, "eap_id");
  r.read_list("certs", a.certs);
  r.read_list("pubkeys", a.pubkeys);
}

// RFC 5280 4.2.1.4 policy identifiers, written as dotted OIDs.
Result<std::vector<std::string>> parse_oids(std::string_view text) {
  auto oids = split_list(text);
  for (const auto& oid : oids) {
    bool dotted = oid.find_first_not_of("0123456789.") == std::string::npos &&
                  oid.find('.') != std::string::npos && oid.front() != '.' && oid.back() != '.' &&
                  oid.find("..") == std::string::npos;
    if (!dotted)
      return make_error(fmt::format("'{}' is not an OID in dotted form (1.3.6.1...)", oid));
  }
  return oids;
}

void read_remote(SectionReader& r, AuthRound& a) {
  r.unsupported("groups", {},
                "group membership needs a group source (X.509 attribute certificates or an "
                "EAP/RADIUS class), and oakley has none: the constraint could never hold");
  r.read("cert_policy", a.cert_policy, parse_oids);
  r.read_list("cacerts", a.cacerts);
  a.ca_id = read_identity(r, "ca_id");
  using Rev = AuthRound::Revocation;
  r.read("revocation", a.revocation,
         enum_parser<Rev>(
             {{"relaxed", Rev::kRelaxed}, {"ifuri", Rev::kIfUri}, {"strict", Rev::kStrict}}));
}

}  // namespace

AuthRound load_auth_round(const SettingsSection& section, bool local, const std::string& connection,
                          ErrorList& errors) {
  AuthRound a;
  a.name = section.name;
  a.location = section.location;
  SectionReader r(section, fmt::format("section '{}' of connection '{}'", a.name, connection),
                  errors, local ? kLocalKeys : kRemoteKeys);
  read_common(r, a);
  if (local) {
    a.aaa_id = read_identity(r, "aaa_id");
    a.xauth_id = read_identity(r, "xauth_id");
  } else {
    read_remote(r, a);
  }
  r.check_keys();
  for (const auto& sub : section.sections) {
    r.error(sub.location,
            fmt::format("section '{}' in {} is not supported by oakley: certificates on tokens "
                        "(PKCS#11) are not implemented; list certificate files in certs",
                        sub.name, r.context()));
  }
  return a;
}

}  // namespace oakley::config
