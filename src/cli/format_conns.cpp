// list-conns in the layout of `swanctl --list-conns`:
//   t: IKEv2, rekeying every 4h, dpd every 30s
//     local:  192.0.2.1
//     local pre-shared key authentication:
//       id: left@example.test
//     net: TUNNEL, rekeying every 1h, lifetime 1h6m
#include <fmt/format.h>

#include "cli/format.hpp"
#include "cli/text.hpp"

namespace oakley::cli {
namespace {

std::string version_name(std::optional<std::int64_t> version) {
  if (!version) return "";
  return *version == 0 ? "IKEv1/2" : fmt::format("IKEv{}", *version);
}

std::string every(const Json& object, std::string_view key, std::string_view what) {
  auto seconds = get_int(object, key);
  if (!seconds || *seconds <= 0) return "";
  return fmt::format("{} every {}", what, format_duration(*seconds));
}

std::string auth_name(const std::string& auth) {
  if (auth == "psk") return "pre-shared key";
  if (auth == "pubkey" || auth == "rsa" || auth == "ecdsa") return "public key";
  if (auth.rfind("eap", 0) == 0) return fmt::format("EAP ({})", auth);
  return auth;
}

void format_auth(std::string& out, std::string_view side, const Json& auth) {
  if (!auth.is_object() || auth.empty()) return;
  auto method = get_string(auth, "auth");
  add_line(
      out, "  ",
      fmt::format("{} {}authentication:", side, method ? auth_name(*method) + " " : std::string{}));
  if (auto id = get_string(auth, "id")) add_line(out, "    ", "id: " + *id);
  if (auto certs = get_strings(auth, "certs"); !certs.empty())
    add_line(out, "    ", "certs: " + join(certs, ", "));
}

std::string list_line(std::string_view label, const Json& object, std::string_view key,
                      std::string_view empty = "") {
  auto items = get_strings(object, key);
  std::string text = items.empty() ? std::string(empty) : join(items, ", ");
  return text.empty() ? "" : fmt::format("{}{}", label, text);
}

std::string actions(const Json& child) {
  std::vector<std::string> parts;
  for (const char* action : {"start", "dpd", "close"}) {
    if (auto value = get_string(child, fmt::format("{}_action", action)))
      parts.push_back(fmt::format("{} {}", action, *value));
  }
  auto text = join(parts, ", ");
  return text.empty() ? "" : "actions: " + text;
}

void format_child(std::string& out, const Json& child) {
  std::string name = get_string(child, "name").value_or("?");
  add_line(out, "  ",
           name + ": " +
               join({get_string(child, "mode").value_or(""), every(child, "rekey_time", "rekeying"),
                     get_int(child, "life_time")
                         ? "lifetime " + format_duration(*get_int(child, "life_time"))
                         : ""},
                    ", "));
  add_line(out, "    ", list_line("local:  ", child, "local_ts"));
  add_line(out, "    ", list_line("remote: ", child, "remote_ts"));
  add_line(out, "    ", list_line("esp proposals: ", child, "esp_proposals"));
  add_line(out, "    ", actions(child));
}

void format_connection(std::string& out, const Json& conn) {
  std::string name = get_string(conn, "name").value_or("?");
  add_line(out, "",
           name + ": " +
               join({version_name(get_int(conn, "version")), every(conn, "rekey_time", "rekeying"),
                     every(conn, "reauth_time", "reauth"), every(conn, "dpd_delay", "dpd")},
                    ", "));
  add_line(out, "  ", list_line("local:  ", conn, "local_addrs", "%any"));
  add_line(out, "  ", list_line("remote: ", conn, "remote_addrs", "%any"));
  add_line(out, "  ", list_line("proposals: ", conn, "proposals"));
  format_auth(out, "local", get_object(conn, "local"));
  format_auth(out, "remote", get_object(conn, "remote"));
  for (const auto& child : get_array(conn, "children"))
    if (child.is_object()) format_child(out, child);
}

}  // namespace

std::string format_conns(const Json& result) {
  const Json& conns = get_array(result, "connections");
  if (conns.empty()) return "no connections loaded\n";
  std::string out;
  for (const auto& conn : conns)
    if (conn.is_object()) format_connection(out, conn);
  return out;
}

}  // namespace oakley::cli
