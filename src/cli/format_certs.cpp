// list-certs in the spirit of `swanctl --list-certs`:
//   local certificate of moon (private key loaded):
//     subject:  "C=CH, O=Example, CN=moon.example.org"
//     issuer:   "C=CH, O=Example, CN=Example Root CA"
//     validity: 2026-12-05 03:14:01 UTC .. 2036-12-03 03:14:01 UTC
//     key:      ECDSA 256 bits
//     altNames: moon.example.org
#include <fmt/format.h>

#include "cli/format.hpp"
#include "cli/text.hpp"

namespace oakley::cli {

namespace {

std::string heading(const Json& cert) {
  auto role = get_string(cert, "role").value_or("?");
  auto conn = get_string(cert, "connection");
  if (role == "local") {
    return fmt::format(
        "local certificate of {}{}:", conn.value_or("?"),
        get_bool(cert, "private_key").value_or(false) ? " (private key loaded)" : "");
  }
  if (role == "ca") {
    return conn ? fmt::format("CA certificate trusted by {} (remote.cacerts):", *conn)
                : std::string("CA certificate (x509ca/, trusted by every connection):");
  }
  if (role == "pinned") return fmt::format("peer certificate pinned by {}:", conn.value_or("?"));
  return role + ":";
}

}  // namespace

std::string format_certs(const Json& result) {
  std::string out;
  auto it = result.find("certificates");
  if (it == result.end() || !it->is_array() || it->empty()) return "no certificates loaded\n";
  for (const auto& cert : *it) {
    add_line(out, "", heading(cert));
    if (auto s = get_string(cert, "subject"))
      add_line(out, "  ", fmt::format("subject:  \"{}\"", *s));
    if (auto s = get_string(cert, "issuer"))
      add_line(out, "  ", fmt::format("issuer:   \"{}\"", *s));
    auto from = get_string(cert, "not_before"), to = get_string(cert, "not_after");
    if (from && to) add_line(out, "  ", fmt::format("validity: {} .. {}", *from, *to));
    if (auto k = get_string(cert, "key")) add_line(out, "  ", "key:      " + *k);
    if (auto names = get_strings(cert, "alt_names"); !names.empty())
      add_line(out, "  ", "altNames: " + join(names, ", "));
  }
  return out;
}

}  // namespace oakley::cli
