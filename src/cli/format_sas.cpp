// list-sas in the layout of `swanctl --list-sas`:
//   t: #1, ESTABLISHED, IKEv2, 6a5c0b3d9e2f1a4b_i* 2f8e11c0aa9b3d55_r
//     local  'left@example.test' @ 192.0.2.1[4500]
//     ...
//     net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128
#include <fmt/format.h>

#include <vector>

#include "cli/format.hpp"
#include "cli/text.hpp"

namespace oakley::cli {
namespace {

// RFC 9370's additional key exchanges: "KE1_ECP_384/KE2_MODP_3072" (empty without).
std::string additional_kes(const Json& a) {
  std::vector<std::string> names;
  auto list = a.find("additional_kes");
  if (list != a.end() && list->is_array()) {
    for (const auto& k : *list)
      if (k.is_string()) names.push_back(k.get<std::string>());
  }
  return join(names, "/");
}

// "AES_GCM_16-128/PRF_HMAC_SHA2_256/CURVE_25519": encr[-bits], integ, prf, dh, additional key
// exchanges, ESN.
std::string algorithms(const Json& a) {
  std::string encr = get_string(a, "encr").value_or("");
  if (auto bits = get_int(a, "encr_key_bits"); bits && !encr.empty())
    encr += fmt::format("-{}", *bits);
  std::string esn = get_bool(a, "esn").value_or(false) ? "ESN" : "";
  return join({encr, get_string(a, "integ").value_or(""), get_string(a, "prf").value_or(""),
               get_string(a, "dh").value_or(""), additional_kes(a), esn},
              "/");
}

std::string spis(const Json& sa) {
  auto role = get_string(sa, "role").value_or("");
  auto spi = [&](std::string_view key, std::string_view suffix, bool ours) -> std::string {
    auto value = get_string(sa, key);
    return value ? fmt::format("{}{}{}", *value, suffix, ours ? "*" : "") : "";
  };
  return join({spi("spi_i", "_i", role == "initiator"), spi("spi_r", "_r", role == "responder")},
              " ");
}

std::string ike_header(const Json& sa) {
  std::string name = get_string(sa, "connection").value_or("?");
  auto id = get_int(sa, "id");
  auto version = get_int(sa, "version");
  return name + ": " +
         join({id ? fmt::format("#{}", *id) : "", get_string(sa, "state").value_or(""),
               version ? fmt::format("IKEv{}", *version) : "", spis(sa),
               get_string(sa, "auth").value_or("")},
              ", ");
}

// "local  'left@example.test' @ 192.0.2.1[4500]" — id, address, or both.
std::string endpoint_line(std::string_view label, const Json& sa, std::string_view side) {
  auto id = get_string(sa, fmt::format("{}_id", side));
  auto address = get_string(sa, side);
  if (!id && !address) return "";
  std::string quoted = id ? fmt::format("'{}'", *id) : "";
  std::string line = fmt::format("{}{}", label, join({quoted, address.value_or("")}, " @ "));
  // "local  'carol' @ 192.0.2.1[4500], virtual IP 10.3.0.1"
  auto vips = sa.find(fmt::format("{}_vips", side));
  if (vips != sa.end() && vips->is_array() && !vips->empty()) {
    std::vector<std::string> list;
    for (const auto& v : *vips)
      if (v.is_string()) list.push_back(v.get<std::string>());
    line += fmt::format(", virtual IP {}", join(list, ", "));
  }
  return line;
}

// "established 12s ago, rekeying in 3h59m" from the *_seconds fields that are present.
std::string timing(const Json& object,
                   std::initializer_list<std::pair<const char*, const char*>> fields) {
  std::vector<std::string> parts;
  for (auto [key, pattern] : fields) {
    if (auto seconds = get_int(object, key))
      parts.push_back(fmt::format(fmt::runtime(pattern), format_duration(*seconds)));
  }
  return join(parts, ", ");
}

std::string child_header(const Json& child) {
  std::string name = get_string(child, "name").value_or("?");
  auto id = get_int(child, "id");
  auto reqid = get_int(child, "reqid");
  std::string mode = get_string(child, "mode").value_or("");
  if (!mode.empty() && get_bool(child, "udp_encap").value_or(false)) mode += "-in-UDP";
  std::string protocol = get_string(child, "protocol").value_or("");
  std::string algos = algorithms(get_object(child, "algorithms"));
  std::string transform = join({protocol, algos}, ":");
  return name + ": " +
         join({id ? fmt::format("#{}", *id) : "", reqid ? fmt::format("reqid {}", *reqid) : "",
               get_string(child, "state").value_or(""), mode, transform},
              ", ");
}

// "in  c1234567,    840 bytes,    10 packets,     1s ago"
std::string traffic_line(const Json& child, std::string_view direction) {
  auto spi = get_string(child, fmt::format("spi_{}", direction));
  auto bytes = get_int(child, fmt::format("bytes_{}", direction));
  auto packets = get_int(child, fmt::format("packets_{}", direction));
  auto last = get_int(child, fmt::format("last_{}_seconds", direction));
  if (!spi && !bytes && !packets) return "";
  std::string line = fmt::format("{:<3} {}, {:>6} bytes, {:>5} packets", direction,
                                 spi.value_or("-"), bytes.value_or(0), packets.value_or(0));
  if (last) line += fmt::format(", {:>6} ago", format_duration(*last));
  return line;
}

std::string selectors_line(std::string_view label, const Json& child, std::string_view key) {
  auto selectors = get_strings(child, key);
  return selectors.empty() ? "" : fmt::format("{}{}", label, join(selectors, " "));
}

void format_child(std::string& out, const Json& child) {
  add_line(out, "  ", child_header(child));
  add_line(out, "    ",
           timing(child, {{"installed_seconds", "installed {} ago"},
                          {"rekey_in_seconds", "rekeying in {}"},
                          {"expire_in_seconds", "expires in {}"}}));
  add_line(out, "    ", traffic_line(child, "in"));
  add_line(out, "    ", traffic_line(child, "out"));
  add_line(out, "    ", selectors_line("local  ", child, "local_ts"));
  add_line(out, "    ", selectors_line("remote ", child, "remote_ts"));
}

void format_ike_sa(std::string& out, const Json& sa) {
  add_line(out, "", ike_header(sa));
  // Not up yet: what it waits for (charon prints nothing; this is what `diagnose` would start
  // with).
  add_line(out, "  ", get_string(sa, "summary").value_or(""));
  add_line(out, "  ", endpoint_line("local  ", sa, "local"));
  add_line(out, "  ", endpoint_line("remote ", sa, "remote"));
  add_line(out, "  ", algorithms(get_object(sa, "algorithms")));
  add_line(out, "  ",
           timing(sa, {{"established_seconds", "established {} ago"},
                       {"rekey_in_seconds", "rekeying in {}"},
                       {"reauth_in_seconds", "reauth in {}"}}));
  for (const auto& child : get_array(sa, "children"))
    if (child.is_object()) format_child(out, child);
}

}  // namespace

std::string format_sas(const Json& result) {
  const Json& sas = get_array(result, "ike_sas");
  if (sas.empty()) return "no IKE SAs\n";
  std::string out;
  for (const auto& sa : sas)
    if (sa.is_object()) format_ike_sa(out, sa);
  return out;
}

}  // namespace oakley::cli
